import type { Actor, AppContext } from '../../context.js';
import type { MemberRow, WorkRecordRow } from '../../db/schema.js';
import { iso } from '../../shared/clock.js';
import { conflict, notFound, unauthorized } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, toPage, type Page } from '../../shared/pagination.js';
import { normaliseSkills } from '../../shared/skills.js';
import {
  MAX_WORK_RECORDS,
  requireEditableWorkRecord,
  requireMember,
  workRecordShownTo,
} from './members.policy.js';
import * as repo from './members.repository.js';
import * as workRepo from './work-records.repository.js';
import * as profileRepo from './profile.repository.js';
import { memberMerit, type MeritView } from '../merit/merit.service.js';

export interface Link {
  label: string;
  url: string;
}

export interface PublicMemberView {
  id: string;
  handle: string;
  name: string;
  headline: string;
  bio: string;
  skills: string[];
  timeZone: string;
  links: Link[];
  joinedAt: string;
}

export interface SelfView extends PublicMemberView {
  email: string;
  emailVerified: boolean;
  capacity: number;
  role: 'member' | 'admin';
  contactLine: string;
  /** After how many days without activity a tie shows as a keep-in-touch nudge. */
  quietAfterDays: number;
  /** When the deletion the member asked for runs, or null (docs/account-deletion.md). */
  deletionDueAt: string | null;
}

export type WorkKind = WorkRecordRow['kind'];

export interface WorkRecordView {
  id: string;
  memberId: string;
  title: string;
  summary: string;
  url: string | null;
  kind: WorkKind;
  date: string;
  skills: string[];
  verified: boolean;
  endorsement: string | null;
  engagementId: string | null;
  createdAt: string;
  updatedAt: string;
  /** The stored choice: whether the title, summary and link show to others (verified records). */
  detailsPublic: boolean;
  /** True when this viewer sees the neutral version (details private, and they are neither party). */
  detailsHidden: boolean;
  /** The engagement's rating (verified records). */
  rating: number | null;
  /** Who verified it (the owner of the engagement), where the details show. */
  verifiedBy: { handle: string; name: string } | null;
  /** The overflow it came from, where the viewer may see it. */
  overflow: { id: string; title: string } | null;
}

/** The owner's side of the loop: work given out, completed, ratings and endorsements given. */
export interface OwnerRecordView {
  givenOut: number;
  completed: number;
  averageRatingGiven: number | null;
  ratingsGiven: number;
  endorsementsWritten: number;
}

export interface EndorsementWrittenView {
  engagementId: string;
  endorsement: string;
  rating: number | null;
  completedAt: string;
  helper: { handle: string; name: string };
  workRecord: { id: string; title: string; detailsHidden: boolean };
}

export interface ProfileView {
  member: PublicMemberView;
  verifiedWork: Page<WorkRecordView> & { total: number };
  selfReportedWork: Page<WorkRecordView> & { total: number };
  /** As a helper: engagements completed, and abandoned (by whom). A record of reliability, not popularity. */
  completionRecord: { completed: number; abandonedByHelper: number; abandonedByOwner: number };
  /** Bands ("top 5 % in typescript") with the engagements that earned them; never a bare number. */
  merit: MeritView;
  /** As an owner: the work they gave out and completed, and the ratings and endorsements they gave. */
  ownerRecord: OwnerRecordView;
  /** The newest endorsements they wrote (at most ENDORSEMENTS_SHOWN). */
  endorsementsWritten: EndorsementWrittenView[];
}

/** How many of the endorsements an owner wrote their profile shows. */
export const ENDORSEMENTS_SHOWN = 5;

function publicView(m: MemberRow, skills: string[]): PublicMemberView {
  return {
    id: m.id,
    handle: m.handle,
    name: m.name,
    headline: m.headline,
    bio: m.bio,
    skills,
    timeZone: m.time_zone,
    links: JSON.parse(m.links) as Link[],
    joinedAt: m.created_at,
  };
}

/** A member as they see themselves. */
export function selfView(m: MemberRow, skills: string[]): SelfView {
  return {
    ...publicView(m, skills),
    email: m.email,
    emailVerified: m.email_verified_at !== null,
    capacity: m.capacity,
    role: m.role,
    contactLine: m.contact_line,
    quietAfterDays: m.quiet_after_days,
    deletionDueAt: m.deletion_due_at,
  };
}

type Viewer = Pick<Actor, 'memberId' | 'emailVerified'> | null;

function workRecordView(
  r: WorkRecordRow,
  skills: string[],
  origin?: profileRepo.WorkRecordOriginRow,
  viewer: Viewer = null,
): WorkRecordView {
  const shown = workRecordShownTo(r, origin, viewer);
  return {
    id: r.id,
    memberId: r.member_id,
    title: shown.title,
    summary: shown.summary,
    url: shown.url,
    detailsPublic: r.details_public === 1,
    detailsHidden: shown.detailsHidden,
    rating: origin?.rating ?? null,
    verifiedBy: shown.verifiedBy,
    overflow: shown.overflow,
    kind: r.kind,
    date: r.occurred_on,
    skills,
    verified: r.verified === 1,
    endorsement: r.endorsement,
    engagementId: r.engagement_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function getSelf(ctx: AppContext, memberId: string): Promise<SelfView> {
  const m = await repo.findMemberById(ctx.db, memberId);
  if (!m) throw unauthorized();
  const skills = await repo.listMemberSkills(ctx.db, [m.id]);
  return selfView(m, skills.get(m.id) ?? []);
}

/**
 * Work records as this viewer may see them (workRecordShownTo): every read path that shows another member's
 * work goes through here. One read of the records' skills and one of their origins for the page.
 */
export async function presentWorkRecords(
  ctx: AppContext,
  rows: WorkRecordRow[],
  viewer: Viewer,
): Promise<WorkRecordView[]> {
  const [skills, origins] = await Promise.all([
    workRepo.listWorkRecordSkills(
      ctx.db,
      rows.map((r) => r.id),
    ),
    profileRepo.listWorkRecordOrigins(
      ctx.db,
      rows.map((r) => (r.verified === 1 ? r.engagement_id : null)),
    ),
  ]);
  return rows.map((r) =>
    workRecordView(
      r,
      skills.get(r.id) ?? [],
      r.engagement_id ? origins.get(r.engagement_id) : undefined,
      viewer,
    ),
  );
}

async function workPage(
  ctx: AppContext,
  memberId: string,
  verified: boolean,
  limit: number,
  viewer: Viewer,
  cursor?: string,
) {
  const rows = await workRepo.listWorkRecordsPage(ctx.db, memberId, verified, limit, decodeCursor(cursor));
  const page = toPage(rows, limit, (r) => ({ key: r.occurred_on, id: r.id }));
  return {
    items: await presentWorkRecords(ctx, page.items, viewer),
    nextCursor: page.nextCursor,
  };
}

async function endorsementsWritten(
  ctx: AppContext,
  ownerId: string,
  viewer: Viewer,
): Promise<EndorsementWrittenView[]> {
  const rows = await profileRepo.listEndorsementsWritten(ctx.db, ownerId, ENDORSEMENTS_SHOWN);
  return rows.map((r) => {
    const shown = workRecordShownTo(r, r, viewer);
    return {
      engagementId: r.engagement_id,
      endorsement: r.endorsement ?? '',
      rating: r.rating,
      completedAt: r.completed_at ?? '',
      helper: { handle: r.helper_handle, name: r.helper_name },
      workRecord: { id: r.work_record_id, title: shown.title, detailsHidden: shown.detailsHidden },
    };
  });
}

/** A public profile: work first (verified, then self-reported). No follower or connection counts, by design. */
export async function getProfile(
  ctx: AppContext,
  handle: string,
  viewer: Actor | null = null,
): Promise<ProfileView> {
  const m = await repo.findMemberByHandle(ctx.db, handle.toLowerCase());
  if (!m) throw notFound(`Member @${handle}`, 'MEMBER_NOT_FOUND');
  const skills = await repo.listMemberSkills(ctx.db, [m.id]);
  const [verified, selfReported, verifiedTotal, selfTotal, completionRecord, merit, owner, endorsements] =
    await Promise.all([
      workPage(ctx, m.id, true, 20, viewer),
      workPage(ctx, m.id, false, 20, viewer),
      workRepo.countWorkRecords(ctx.db, m.id, true),
      workRepo.countWorkRecords(ctx.db, m.id, false),
      profileRepo.completionRecord(ctx.db, m.id),
      memberMerit(ctx, m.id, viewer),
      profileRepo.ownerRecord(ctx.db, m.id),
      endorsementsWritten(ctx, m.id, viewer),
    ]);
  return {
    member: publicView(m, skills.get(m.id) ?? []),
    verifiedWork: { ...verified, total: verifiedTotal },
    selfReportedWork: { ...selfReported, total: selfTotal },
    completionRecord,
    merit,
    ownerRecord: {
      givenOut: owner.givenOut,
      completed: owner.completed,
      averageRatingGiven:
        owner.ratingsGivenCount > 0
          ? Math.round((owner.ratingsGivenSum / owner.ratingsGivenCount) * 10) / 10
          : null,
      ratingsGiven: owner.ratingsGivenCount,
      endorsementsWritten: owner.endorsementsWritten,
    },
    endorsementsWritten: endorsements,
  };
}

export interface UpdateMeInput {
  name?: string | undefined;
  headline?: string | undefined;
  bio?: string | undefined;
  skills?: string[] | undefined;
  timeZone?: string | undefined;
  links?: Link[] | undefined;
  capacity?: number | undefined;
  contactLine?: string | undefined;
  quietAfterDays?: number | undefined;
}

export async function updateMe(
  ctx: AppContext,
  actor: Actor | null,
  input: UpdateMeInput,
): Promise<SelfView> {
  const a = requireMember(actor);
  const now = iso(ctx.clock.now());
  await ctx.db.transaction().execute(async (trx) => {
    // A new time zone moves the member's local digest hour: the digest scheduler places them again.
    const zoneChanged =
      input.timeZone !== undefined &&
      (await repo.findMemberById(trx, a.memberId))?.time_zone !== input.timeZone;
    await repo.updateMember(trx, a.memberId, {
      ...(zoneChanged && { digest_next_at: null }),
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.headline !== undefined && { headline: input.headline.trim() }),
      ...(input.bio !== undefined && { bio: input.bio }),
      ...(input.timeZone !== undefined && { time_zone: input.timeZone }),
      ...(input.links !== undefined && { links: JSON.stringify(input.links) }),
      ...(input.capacity !== undefined && { capacity: input.capacity }),
      ...(input.contactLine !== undefined && { contact_line: input.contactLine }),
      ...(input.quietAfterDays !== undefined && { quiet_after_days: input.quietAfterDays }),
      updated_at: now,
    });
    if (input.skills !== undefined)
      await repo.replaceMemberSkills(trx, a.memberId, normaliseSkills(input.skills));
  });
  return getSelf(ctx, a.memberId);
}

export async function listWorkRecords(
  ctx: AppContext,
  handle: string,
  query: { verified?: boolean | undefined; cursor?: string | undefined; limit: number },
  viewer: Actor | null = null,
): Promise<Page<WorkRecordView>> {
  const m = await repo.findMemberByHandle(ctx.db, handle.toLowerCase());
  if (!m) throw notFound(`Member @${handle}`, 'MEMBER_NOT_FOUND');
  return workPage(ctx, m.id, query.verified ?? false, query.limit, viewer, query.cursor);
}

export interface WorkRecordInput {
  title: string;
  summary?: string | undefined;
  url?: string | null | undefined;
  kind: WorkKind;
  date: string;
  skills?: string[] | undefined;
}

export async function createWorkRecord(
  ctx: AppContext,
  actor: Actor | null,
  input: WorkRecordInput,
): Promise<WorkRecordView> {
  const a = requireMember(actor);
  const now = ctx.clock.now();
  const id = newId(now);
  const skills = normaliseSkills(input.skills ?? []);
  await ctx.db.transaction().execute(async (trx) => {
    if ((await workRepo.countWorkRecords(trx, a.memberId, false)) >= MAX_WORK_RECORDS) {
      throw conflict(
        'TOO_MANY_WORK_RECORDS',
        `You can keep up to ${MAX_WORK_RECORDS} self-reported work records.`,
      );
    }
    await workRepo.insertWorkRecord(trx, {
      id,
      member_id: a.memberId,
      title: input.title.trim(),
      summary: input.summary ?? '',
      url: input.url ?? null,
      kind: input.kind,
      occurred_on: input.date,
      verified: 0,
      engagement_id: null,
      endorsement: null,
      created_at: iso(now),
      updated_at: iso(now),
    });
    await workRepo.replaceWorkRecordSkills(trx, id, skills);
  });
  const row = await workRepo.findWorkRecord(ctx.db, id);
  return workRecordView(row!, skills);
}

export async function updateWorkRecord(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: Partial<WorkRecordInput>,
): Promise<WorkRecordView> {
  const now = iso(ctx.clock.now());
  await ctx.db.transaction().execute(async (trx) => {
    requireEditableWorkRecord(actor, await workRepo.findWorkRecord(trx, id));
    await workRepo.updateWorkRecord(trx, id, {
      ...(input.title !== undefined && { title: input.title.trim() }),
      ...(input.summary !== undefined && { summary: input.summary }),
      ...(input.url !== undefined && { url: input.url }),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.date !== undefined && { occurred_on: input.date }),
      updated_at: now,
    });
    if (input.skills !== undefined)
      await workRepo.replaceWorkRecordSkills(trx, id, normaliseSkills(input.skills));
  });
  const row = (await workRepo.findWorkRecord(ctx.db, id))!;
  const skills = await workRepo.listWorkRecordSkills(ctx.db, [id]);
  return workRecordView(row, skills.get(id) ?? []);
}

export async function deleteWorkRecord(ctx: AppContext, actor: Actor | null, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    requireEditableWorkRecord(actor, await workRepo.findWorkRecord(trx, id));
    await workRepo.deleteWorkRecord(trx, id);
  });
}

export async function listSkills(ctx: AppContext, query: { q?: string | undefined; limit: number }) {
  const prefix = normaliseSkills([query.q ?? ''])[0] ?? '';
  return { items: await repo.searchSkills(ctx.db, prefix, query.limit) };
}
