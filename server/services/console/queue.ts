import { type Kysely } from 'kysely';
import { type QueueFilter, type QueueRow as QueueRowOut, type QueueStatus, queueStatusSchema } from '../../../shared/console';
import { type EnrollmentType, enrollmentTypeSchema } from '../../../shared/contract/application';
import { reposOf } from '../../db/repos';
import { type QueueRow, type QueueWhere } from '../../db/repos/reviewRepo';
import { type Database } from '../../db/schema';
import { consoleAuthText } from '../../../shared/i18n/zhCN.consoleAuth';
import { problem } from '../../http/problems';
import { type SignedIn } from './session';

// The work queue: a filter and the caller's scope become one WHERE over review_queue; pages are keyset pages in
// (received_at, application_id) order, so a page costs the same at the start and deep in 100,000 applications.

/** What an account may see: a reviewer's schools and types (empty: all), a school user's one school, everything else. */
export function scopeWhere(session: Pick<SignedIn, 'role' | 'scope'>): Pick<QueueWhere, 'scopeSchools' | 'scopeTypes'> {
  switch (session.role) {
    case 'reviewer':
    case 'second_reviewer':
      return { scopeSchools: session.scope.schoolIds, scopeTypes: session.scope.types };
    case 'school':
      // A school user without a school sees nothing (the account rule requires one).
      return { scopeSchools: session.scope.schoolIds.length ? session.scope.schoolIds : ['\u0000none'] };
    case 'admin':
    case 'viewer':
      return {};
  }
}

/** Search text → the alternatives it can mean: a name part, pinyin initials, an ID number part, a receipt part. */
export function textWhere(raw: string | undefined): QueueWhere['text'] {
  const text = (raw ?? '').replace(/[%_\\\s]/g, '');
  if (!text) return undefined;
  const out: NonNullable<QueueWhere['text']> = {};
  if (/\p{Script=Han}/u.test(text)) out.name = text;
  if (/^[a-z]+$/i.test(text)) {
    out.initials = text.toLowerCase();
    out.name = text;
  }
  const compact = text.replace(/-/g, '').toUpperCase();
  if (/^[0-9A-Z]{3,}$/.test(compact) && /\d/.test(compact)) {
    out.idPart = compact;
    out.receiptPart = compact;
  }
  if (/^[0-9A-Z]{3,}$/.test(compact) && !/\d/.test(compact)) out.receiptPart = compact;
  return Object.keys(out).length ? out : { name: text };
}

/**
 * The filter within the caller's scope. 只读 sees statistics and masked rows (COUNTY.md): looking a child up by name,
 * ID part or receipt would tell a viewer whether that child applied, so text search is refused for the role.
 */
export function queueWhere(filter: QueueFilter, session: Pick<SignedIn, 'role' | 'scope'>): QueueWhere {
  const text = textWhere(filter.text);
  if (text !== undefined && session.role === 'viewer') throw problem(403, 'forbidden', consoleAuthText.details.viewerNoSearch);
  return {
    schoolIds: filter.schoolIds,
    types: filter.types,
    counterCodes: filter.counterCodes,
    statuses: filter.statuses,
    duplicate: filter.duplicate,
    missingMaterials: filter.missingMaterials,
    reentered: filter.reentered,
    allVerified: filter.allVerified,
    submittedFrom: filter.submittedFrom,
    submittedTo: filter.submittedTo,
    text,
    ...scopeWhere(session),
  };
}

/** 张三丰 → 张*丰, 张三 → 张*. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 379901201905050017 → 3799**********0017. */
export function maskId(id: string): string {
  if (id.length <= 8) return id ? `${id.slice(0, 1)}***` : '';
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

export function rowOut(r: QueueRow, schoolNames: ReadonlyMap<string, string>, viewer: boolean): QueueRowOut {
  const type = enrollmentTypeSchema.safeParse(r.type);
  const grade = r.grade === 'primary1' || r.grade === 'junior1' ? r.grade : null;
  return {
    applicationId: r.application_id,
    receiptNo: r.receipt_no,
    counterCode: r.counter_code,
    source: r.source === 'online' ? 'online' : 'counter',
    childName: viewer ? maskName(r.child_name) : r.child_name,
    idNumberMasked: maskId(r.id_number),
    grade,
    schoolId: r.school_id,
    schoolName: r.school_id ? (schoolNames.get(r.school_id) ?? null) : null,
    type: type.success ? (type.data satisfies EnrollmentType) : null,
    status: queueStatusSchema.catch('pending').parse(r.status) satisfies QueueStatus,
    duplicate: r.duplicate === 1,
    missingMaterials: Number(r.missing_materials),
    reentered: r.reentered === 1,
    revision: Number(r.revision),
    pages: Number(r.pages),
    submittedAt: r.submitted_at,
    receivedAt: r.received_at,
  };
}

const encodeCursor = (r: QueueRow) => Buffer.from(JSON.stringify([r.received_at, r.application_id])).toString('base64url');

function decodeCursor(cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // a cursor that is not ours: start from the beginning
  }
  return null;
}

/** School names of the newest plan (the queue shows names; the rows hold ids). */
export async function schoolNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const plan = await reposOf(db).plans.newest();
  if (!plan) return new Map();
  const parsed = JSON.parse(plan.plan) as { schools?: { id: string; name: string }[] };
  return new Map((parsed.schools ?? []).map((s) => [s.id, s.name]));
}

export class ReviewQueue {
  private names: { at: number; map: Map<string, string> } | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  /** School names, re-read at most every 10 seconds (a newly published plan shows soon). */
  async schoolNames(): Promise<Map<string, string>> {
    if (!this.names || Date.now() - this.names.at > 10_000) this.names = { at: Date.now(), map: await schoolNames(this.db) };
    return this.names.map;
  }

  async list(input: { filter: QueueFilter; order: 'oldest' | 'newest'; after?: string | undefined; limit: number }, session: SignedIn) {
    const started = performance.now();
    const where = queueWhere(input.filter, session);
    const rows = await reposOf(this.db).review.page(where, input.order, decodeCursor(input.after), input.limit + 1);
    const page = rows.slice(0, input.limit);
    const names = await this.schoolNames();
    return {
      rows: page.map((r) => rowOut(r, names, session.role === 'viewer')),
      nextCursor: rows.length > input.limit && page.length ? encodeCursor(page[page.length - 1]!) : null,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  async counts(filter: QueueFilter, session: SignedIn) {
    const started = performance.now();
    const where = queueWhere(filter, session);
    const repo = reposOf(this.db).review;
    const { totals, statuses, schools, types, counters } = await repo.counts(where);
    return {
      total: totals.total,
      statuses,
      schools,
      types,
      counters,
      duplicate: totals.duplicate,
      missingMaterials: totals.missing,
      reentered: totals.reentered,
      allVerified: totals.allVerified,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }
}
