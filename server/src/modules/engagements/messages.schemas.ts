import { z } from 'zod';
import { LIMITS } from '../../../../packages/rules/index.js';

export const messageView = z
  .object({
    id: z.string(),
    engagementId: z.string(),
    author: z.object({ id: z.string(), handle: z.string(), name: z.string() }),
    body: z.string().meta({ description: 'Markdown; rendered without raw HTML.' }),
    createdAt: z.string(),
    editedAt: z
      .string()
      .nullable()
      .meta({ description: 'Set when the author edited it (shown as "edited").' }),
    mine: z.boolean().meta({ description: 'Whether the viewer wrote it.' }),
    removed: z.boolean().meta({
      description:
        'A moderator hid it: the other party reads "Removed by a moderator." in its place; its author still reads it.',
    }),
    editableUntil: z
      .string()
      .nullable()
      .meta({
        description: `For the viewer's own messages: until when they may edit it (${LIMITS.messageEditMinutes} minutes after sending).`,
      }),
  })
  .meta({ id: 'EngagementMessage' });

export const messagesPage = z
  .object({
    items: z.array(messageView).meta({ description: 'Newest first.' }),
    nextCursor: z.string().nullable().meta({
      description: 'Pass as `cursor` to get older messages; null at the start of the conversation.',
    }),
    lastReadAt: z.string().nullable().meta({
      description: "The viewer's read mark (null: never read, or an admin reading for moderation).",
    }),
    unreadCount: z
      .number()
      .int()
      .meta({ description: 'Messages from the other party after the read mark (counted up to 99).' }),
    canWrite: z.boolean().meta({
      description:
        'Whether the viewer may write: a party, while the engagement is active, delivered or completed.',
    }),
  })
  .meta({ id: 'EngagementMessagePage' });

export const messagesQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const messageBody = z
  .strictObject({
    body: z
      .string()
      .trim()
      .min(1, 'Write a message.')
      .max(LIMITS.messageBodyMax)
      .meta({ description: 'Markdown (no raw HTML).' }),
  })
  .meta({ id: 'NewEngagementMessage' });

export const messageParams = z.strictObject({
  id: z.string().min(1).max(64),
  messageId: z.string().min(1).max(64),
});

export const readState = z
  .object({ lastReadAt: z.string(), unreadCount: z.number().int() })
  .meta({ id: 'EngagementReadState' });
