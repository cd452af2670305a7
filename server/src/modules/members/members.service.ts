import type { Actor, AppContext } from '../../context.js';
import type { MemberRow, WorkRecordRow } from '../../db/schema.js';
import { iso } from '../../shared/clock.js';
import { conflict, notFound, unauthorized } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, toPage, type Page } from '../../shared/pagination.js';
import { normaliseSkills } from '../../shared/skills.js';
import { MAX_WORK_RECORDS, requireEditableWorkRecord, requireMember } from './members.policy.js';
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
}

export interface ProfileView {
  member: PublicMemberView;
  verifiedWork: Page<WorkRecordView> & { total: number };
  selfReportedWork: Page<WorkRecordView> & { total: number };
  /** As a helper: engagements completed, and abandoned (by whom). A record of reliability, not popularity. */
  completionRecord: { completed: number; abandonedByHelper: number; abandonedByOwner: number };
  /** Bands ("top 5 % in typescript") with the engagements that earned them; never a bare number. */
  merit: MeritView;
}

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
  };
}

function workRecordView(r: WorkRecordRow, skills: string[]): WorkRecordView {
  return {
    id: r.id,
    memberId: r.member_id,
    title: r.title,
    summary: r.summary,
    url: r.url,
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

async function workPage(
  ctx: AppContext,
  memberId: string,
  verified: boolean,
  limit: number,
  cursor?: string,
) {
  const rows = await workRepo.listWorkRecordsPage(ctx.db, memberId, verified, limit, decodeCursor(cursor));
  const page = toPage(rows, limit, (r) => ({ key: r.occurred_on, id: r.id }));
  const skills = await workRepo.listWorkRecordSkills(
    ctx.db,
    page.items.map((r) => r.id),
  );
  return {
    items: page.items.map((r) => workRecordView(r, skills.get(r.id) ?? [])),
    nextCursor: page.nextCursor,
  };
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
  const [verified, selfReported, verifiedTotal, selfTotal, completionRecord, merit] = await Promise.all([
    workPage(ctx, m.id, true, 20),
    workPage(ctx, m.id, false, 20),
    workRepo.countWorkRecords(ctx.db, m.id, true),
    workRepo.countWorkRecords(ctx.db, m.id, false),
    profileRepo.completionRecord(ctx.db, m.id),
    memberMerit(ctx, m.id, viewer),
  ]);
  return {
    member: publicView(m, skills.get(m.id) ?? []),
    verifiedWork: { ...verified, total: verifiedTotal },
    selfReportedWork: { ...selfReported, total: selfTotal },
    completionRecord,
    merit,
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
    await repo.updateMember(trx, a.memberId, {
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
): Promise<Page<WorkRecordView>> {
  const m = await repo.findMemberByHandle(ctx.db, handle.toLowerCase());
  if (!m) throw notFound(`Member @${handle}`, 'MEMBER_NOT_FOUND');
  return workPage(ctx, m.id, query.verified ?? false, query.limit, query.cursor);
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
