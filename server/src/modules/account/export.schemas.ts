import { z } from 'zod';

// ---------------------------------------------------------------------------------------------------------
// The API of an export (requestExport, getExport, downloadExport)
// ---------------------------------------------------------------------------------------------------------

export const exportView = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'ready', 'failed', 'expired']).meta({
      description:
        '`queued` and `running` while the job builds it; `ready` to download until `expiresAt`; `expired` once the link has expired and the document is gone; `failed` if the job could not build it (request a new one).',
    }),
    progress: z.number().int().meta({ description: 'Items written so far.' }),
    total: z
      .number()
      .int()
      .meta({ description: 'Items the export holds (0 until the job has counted them).' }),
    createdAt: z.string(),
    readyAt: z.string().nullable(),
    expiresAt: z
      .string()
      .nullable()
      .meta({ description: 'When the download link stops working and the document is removed.' }),
    bytes: z.number().int().nullable().meta({ description: 'Size of the JSON document, once ready.' }),
    downloadUrl: z.string().nullable().meta({
      description:
        'While ready: the download link (signed; it works without a session until `expiresAt`). Null otherwise.',
    }),
    error: z.string().nullable(),
  })
  .meta({ id: 'MemberExport' });

export const exportIdParam = z.strictObject({ id: z.string().min(1).max(64) });

export const downloadQuery = z.strictObject({
  token: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'The signed token of the download link; not needed with your own session.' }),
});

// ---------------------------------------------------------------------------------------------------------
// The export document: this schema IS the contract (docs/export.md; published as docs/export-schema.json).
// Other members appear by handle and name only. Times are ISO 8601 UTC strings.
// ---------------------------------------------------------------------------------------------------------

export const EXPORT_FORMAT = 'slipstream.member-export';
export const EXPORT_VERSION = 1;

const time = z.string().meta({ description: 'ISO 8601 UTC time.' });
const date = z.string().meta({ description: 'A calendar date, YYYY-MM-DD.' });

const person = z
  .object({ handle: z.string(), name: z.string() })
  .meta({ description: 'Another member, by handle and name only (never their email).' });

const workRecord = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  url: z.string().nullable(),
  kind: z.enum(['project', 'talk', 'writing', 'delivery', 'other']),
  occurredOn: date,
  skills: z.array(z.string()),
  detailsPublic: z
    .boolean()
    .meta({ description: 'Whether others see the title, summary and link of a verified record.' }),
  verification: z
    .object({
      verified: z.boolean(),
      engagementId: z.string().nullable(),
      endorsement: z.string().nullable(),
      verifiedBy: person.nullable().meta({ description: 'The owner who completed the engagement.' }),
    })
    .meta({ description: 'Verified records come from completed engagements; self-reported ones are not.' }),
  createdAt: time,
  updatedAt: time,
});

const overflowItem = z.object({
  id: z.string(),
  title: z.string(),
  brief: z.string(),
  effortHours: z.number(),
  dueOn: date.nullable(),
  visibility: z.enum(['public', 'members', 'ask']),
  askMember: person.nullable().meta({ description: 'For a direct ask: the member asked.' }),
  status: z.enum(['open', 'assigned', 'delivered', 'completed', 'cancelled', 'expired', 'suspended']),
  skills: z.array(z.string()),
  hiddenByModerator: z.boolean(),
  createdAt: time,
  updatedAt: time,
});

const offerBase = {
  id: z.string(),
  overflow: z.object({ id: z.string(), title: z.string() }),
  pitch: z.string(),
  proposedOn: date,
  status: z.enum(['pending', 'accepted', 'declined', 'withdrawn']),
  declineNote: z.string().nullable(),
  evidenceWorkRecordIds: z.array(z.string()),
  createdAt: time,
  updatedAt: time,
};

const engagementEvent = z.object({
  id: z.string(),
  kind: z.enum(['started', 'delivered', 'revision_requested', 'completed', 'auto_completed', 'abandoned']),
  actor: person.nullable(),
  note: z.string().nullable().meta({
    description:
      'Null when the other party kept their delivery note private (`notePrivate`): it is theirs, not yours to carry away.',
  }),
  links: z.array(z.string()),
  notePrivate: z.boolean(),
  createdAt: time,
});

const engagementMessage = z.object({
  id: z.string(),
  author: person,
  body: z.string(),
  createdAt: time,
  editedAt: time.nullable(),
});

const engagement = z.object({
  id: z.string(),
  role: z.enum(['owner', 'helper']).meta({ description: 'Your side of the engagement.' }),
  overflow: z.object({ id: z.string(), title: z.string() }),
  counterpart: person,
  status: z.enum(['active', 'delivered', 'completed', 'abandoned']),
  effortHours: z.number(),
  startedAt: time,
  deliveredAt: time.nullable(),
  completedAt: time.nullable(),
  autoCompleted: z.boolean(),
  abandoned: z.object({ at: time, by: person.nullable(), reason: z.string() }).nullable(),
  workRecordId: z.string().nullable(),
  events: z.array(engagementEvent),
  messages: z.array(engagementMessage).meta({ description: 'The conversation, oldest first.' }),
});

const review = z.object({
  engagementId: z.string(),
  overflowTitle: z.string(),
  counterpart: person.meta({ description: 'The helper (given) or the owner (received).' }),
  rating: z.number().int().nullable(),
  endorsement: z.string(),
  skills: z.array(z.string()),
  autoCompleted: z.boolean(),
  at: time,
});

const note = z.object({
  id: z.string(),
  counterpart: person,
  message: z.string(),
  createdAt: time,
});

export const exportDocumentSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exportId: z.string(),
    generatedAt: time,
    instance: z.object({ name: z.string(), url: z.string() }),
    profile: z.object({
      id: z.string(),
      handle: z.string(),
      name: z.string(),
      email: z.string().meta({ description: 'Your own address (the only email in the document).' }),
      emailVerifiedAt: time.nullable(),
      headline: z.string(),
      bio: z.string(),
      links: z.array(z.object({ label: z.string(), url: z.string() })),
      skills: z.array(z.string()),
      contactLine: z.string(),
      role: z.enum(['member', 'admin']),
      createdAt: time,
      updatedAt: time,
    }),
    settings: z.object({
      timeZone: z.string(),
      capacity: z.number().int().meta({ description: 'Active engagements you take on at once.' }),
      digestHour: z.number().int(),
      quietAfterDays: z.number().int(),
      emailPreferences: z
        .array(z.object({ kind: z.string(), mode: z.enum(['now', 'digest', 'off']), updatedAt: time }))
        .meta({ description: 'The kinds you changed; every other kind has its default.' }),
    }),
    workRecords: z.array(workRecord),
    overflow: z.array(overflowItem),
    offers: z.object({
      made: z.array(z.object({ ...offerBase, owner: person })),
      received: z.array(z.object({ ...offerBase, helper: person })),
    }),
    engagements: z.array(engagement),
    reviews: z.object({
      given: z.array(review),
      received: z.array(review),
    }),
    ties: z.array(
      z.object({
        id: z.string(),
        counterpart: person,
        formedVia: z.enum(['engagement', 'noticed']),
        formedLabel: z.string(),
        strength: z.number(),
        weightGiven: z.number(),
        weightReceived: z.number(),
        completedTogether: z.number().int(),
        createdAt: time,
        updatedAt: time,
      }),
    ),
    ledger: z.array(
      z.object({
        id: z.string(),
        direction: z.enum(['given', 'received']),
        counterpart: person,
        kind: z.enum(['help', 'thanks', 'ask', 'opportunity', 'review', 'endorsement']),
        weight: z.number(),
        sourceType: z.string(),
        sourceId: z.string(),
        createdAt: time,
      }),
    ),
    noticed: z.object({
      sent: z.array(
        note.extend({
          workRecord: z.object({ id: z.string(), title: z.string() }),
          status: z.enum(['pending', 'accepted', 'ignored']),
          respondedAt: time.nullable(),
        }),
      ),
      received: z.array(
        note.extend({
          workRecord: z.object({ id: z.string(), title: z.string() }),
          status: z.enum(['pending', 'accepted', 'ignored']),
          respondedAt: time.nullable(),
        }),
      ),
    }),
    thanks: z.object({
      sent: z.array(note.extend({ engagementId: z.string().nullable() })),
      received: z.array(note.extend({ engagementId: z.string().nullable() })),
    }),
    notifications: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        actor: person.nullable(),
        subjectType: z.string(),
        subjectId: z.string(),
        data: z.record(z.string(), z.unknown()),
        readAt: time.nullable(),
        createdAt: time,
      }),
    ),
    sessions: z
      .array(
        z.object({
          createdAt: time,
          lastSeenAt: time,
          expiresAt: time,
          userAgent: z.string(),
          ip: z.string().nullable(),
        }),
      )
      .meta({ description: 'Browser sessions: metadata only, never the secret or its hash.' }),
    accessTokens: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          prefix: z.string().meta({ description: 'The first characters, as the tokens page shows them.' }),
          createdAt: time,
          expiresAt: time.nullable(),
          lastUsedAt: time.nullable(),
          revokedAt: time.nullable(),
        }),
      )
      .meta({ description: 'Personal access tokens: metadata only, never the token or its hash.' }),
    auditEvents: z
      .array(
        z.object({
          id: z.string(),
          action: z.string(),
          actor: person.nullable().meta({ description: 'Who did it; null when the instance did.' }),
          subjectType: z.string(),
          subjectId: z.string(),
          detail: z.record(z.string(), z.unknown()),
          ip: z.string().nullable(),
          userAgent: z.string().nullable(),
          createdAt: time,
        }),
      )
      .meta({
        description: 'Security events and admin actions about you (the audit log lines that concern you).',
      }),
  })
  .meta({
    title: 'Slipstream member export',
    description:
      'Everything a member has on a Slipstream instance, as one JSON document (GDPR art. 20). See docs/export.md.',
  });

export type ExportDocument = z.infer<typeof exportDocumentSchema>;
export type ExportSectionName = Exclude<
  keyof ExportDocument,
  'format' | 'version' | 'exportId' | 'generatedAt' | 'instance'
>;

/** The JSON Schema of the document (draft 2020-12), as published in docs/export-schema.json. */
export function exportJsonSchema(): Record<string, unknown> {
  return {
    $id: 'urn:slipstream:member-export:1',
    ...z.toJSONSchema(exportDocumentSchema, { target: 'draft-2020-12', io: 'output' }),
  };
}
