import { createHash, createHmac } from 'node:crypto';
import { DeskError } from '../../../shared/contract/result';
import type {
  AuditEntry,
  ApplicationDraft,
  ApplicationForm,
  ApplicationSummary,
  ApplicationStatus,
  DuplicateReport,
  EnrollmentType,
  Grade,
  SyncState,
} from '../../../shared/contract';
import type { RevisionKind } from '../../../shared/contract/applications';
import type { AuditAction } from '../../../shared/contract/auditActions';
import { validateForSubmit } from '../../../shared/domain/applicationRules';
import { canEdit, canVoid } from '../../../shared/domain/applicationActions';
import { statusLabel } from '../../../shared/i18n/zhCN.labels';
import { registrationWindowState } from '../../../shared/domain/registrationWindow';
import { deriveEnrollmentType } from '../../../shared/domain/enrollmentType';
import { nameSearchForm, normaliseName } from '../../../shared/domain/names';
import { pinyinInitials } from '../../../shared/domain/pinyin';
import { makeReceiptNumber } from '../../../shared/domain/receiptNumber';
import { toHalfWidthAlnum } from '../../../shared/domain/idNumber';
import { actor, type Ctx, type Handlers } from '../context';
import type { ApplicationRow, DerivedColumns, LightRow, TextMatch } from '../db/repos/applicationRepo';
import { activePlan } from './plans';
import type { CountyPlan } from '../../../shared/plan/schema';
import type { ReviewResult } from '../../../shared/contract/reviewResult';
import { readCounter } from './system';
import { staffName } from './staff';
import { verifyPassword } from './passwords';
import { localDay, localDayStart } from '../time';
import { format, zhCN } from '../../../shared/i18n/zhCN';

/** Until the county server hands out its key (sync), ID hashes use this desk's key and are recomputed at upload. */
const ID_HASH_KEY = 'desk-local-v1';

const APPROVER_KEYS = ['approvedBy', 'outsideWindowApprovedBy', 'supervisor'] as const;

/**
 * The application's audit entries as staff read them: the actor is the staff member's display name (李云), not the
 * stored `李云(liyun)` or `liyun`; the audit log itself (审计日志) keeps what was recorded.
 */
function historyWithDisplayNames(ctx: Ctx, applicationId: string): AuditEntry[] {
  const names = new Map<string, string | undefined>();
  const nameOf = (id: string) => {
    if (!names.has(id)) names.set(id, ctx.repos.staff.byId(id)?.display_name);
    return names.get(id);
  };
  const byUsername = (username: unknown) => (typeof username === 'string' ? ctx.repos.staff.byUsername(username)?.display_name : undefined);
  return ctx.audit.forTarget(applicationId).map((e) => {
    const name = e.actorId ? nameOf(e.actorId) : undefined;
    // Approvers are recorded by username: shown by display name too (the stored name, where recorded, is the fallback).
    const details = { ...e.details };
    for (const key of APPROVER_KEYS) {
      const shown = byUsername(details[key]) ?? (key === 'approvedBy' ? details.approvedByName : undefined);
      if (shown !== undefined) details[key] = shown;
    }
    if (details.approvedByName === details.approvedBy) delete details.approvedByName;
    return { ...e, details, ...(name ? { actorName: name } : {}) };
  });
}

/** Approvals recorded before their display name was: named from the staff table, for reading (what is stored stays). */
function withApproverNames(ctx: Ctx, data: ApplicationDraft): ApplicationDraft {
  const named = <T extends { approvedBy: string; approvedByName?: string | undefined }>(o: T): T => (o.approvedByName ? o : { ...o, approvedByName: staffName(ctx, o.approvedBy) });
  return {
    ...data,
    ...(data.ageOverride ? { ageOverride: named(data.ageOverride) } : {}),
    ...(data.windowOverride ? { windowOverride: named(data.windowOverride) } : {}),
  };
}

function staffLabel(ctx: Ctx): string {
  return ctx.session ? ctx.session.username : 'system';
}

function normaliseIdNumber(v: string | undefined): string | null {
  if (!v) return null;
  const s = v.replace(/[\s-]/g, '').replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toUpperCase();
  return s || null;
}

function digitsOnly(v: string | undefined): string | null {
  if (!v) return null;
  const s = v.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\D/g, '');
  return s.length >= 7 ? s : null;
}

export function dupKeyOf(data: ApplicationDraft): string | null {
  const id = normaliseIdNumber(data.child?.idNumber);
  if (id) return `id:${id}`;
  const name = data.child?.name ? normaliseName(data.child.name) : '';
  const birth = data.child?.birthDate;
  return name && birth ? `nb:${name}|${birth}` : null;
}

export function derivedColumns(ctx: Ctx, data: ApplicationDraft): DerivedColumns {
  const idNumber = normaliseIdNumber(data.child?.idNumber);
  return {
    grade: data.grade ?? null,
    child_name: data.child?.name ? normaliseName(data.child.name) : null,
    child_id_type: data.child?.idType ?? null,
    child_id_number: idNumber,
    child_birth_date: data.child?.birthDate ?? null,
    child_id_hash: idNumber ? createHmac('sha256', ctx.keys.idHash).update(idNumber).digest('hex') : null,
    id_hash_key: idNumber ? ID_HASH_KEY : null,
    dup_key: dupKeyOf(data),
    school_id: data.school?.schoolId ?? null,
    enrollment_type: data.typeDecision?.chosen ?? data.typeDecision?.derived ?? null,
  };
}

export function phonesOf(data: ApplicationDraft): string[] {
  const all = [...(data.guardians ?? []).map((g) => g.mobile), data.proxy?.mobile].map((m) => digitsOnly(m ?? undefined));
  return [...new Set(all.filter((m): m is string => m !== null))];
}

/**
 * Bump when what `searchEntries` derives from a record changes (e.g. the pinyin source learns new
 * characters): stored entries are rebuilt once when the desk opens.
 * 2: rare characters read through the Unihan supplement (王𠮷祥 → wjx).
 */
export const SEARCH_INDEX_VERSION = '2';
const SEARCH_INDEX_KEY = 'search.indexVersion';

/** Rebuilds every application's search entries if they were made by an older `searchEntries`. */
export function refreshSearchIndex(ctx: Ctx): number {
  if (ctx.repos.meta.get(SEARCH_INDEX_KEY) === SEARCH_INDEX_VERSION) return 0;
  let rebuilt = 0;
  ctx.db.transaction(() => {
    for (let after = 0, page; (page = ctx.repos.applications.forIndex(after, 500)).length > 0; ) {
      for (const row of page) {
        const data = JSON.parse(row.data) as ApplicationDraft;
        const { body, grams } = searchEntries(data, row.receipt_no);
        ctx.repos.applications.reindex(row.row_id, row.id, body, grams, phonesOf(data));
        after = row.row_id;
        rebuilt++;
      }
    }
    ctx.repos.meta.set(SEARCH_INDEX_KEY, SEARCH_INDEX_VERSION);
  }).immediate();
  return rebuilt;
}

/** What search matches: names (with pinyin initials), ID number, phones, receipt number. */
export function searchEntries(data: ApplicationDraft, receiptNo: string | null): { body: string; grams: Set<string> } {
  const childName = data.child?.name ? normaliseName(data.child.name) : '';
  const initials = childName ? pinyinInitials(childName).toLowerCase() : '';
  const guardianNames = (data.guardians ?? []).map((g) => (g.name ? normaliseName(g.name) : '')).filter(Boolean);
  const parts = [childName, initials, normaliseIdNumber(data.child?.idNumber) ?? '', ...phonesOf(data), ...guardianNames];
  if (receiptNo) {
    // Every receipt at this desk starts with the same county and counter codes: indexing them would only
    // make every row match; whole receipt numbers are found through the receipt_no index instead.
    // Queries are matched without dashes (textMatch drops them), so only the dashless tail is indexed.
    parts.push(receiptTail(receiptNo).replace(/-/g, ''));
  }
  const grams = new Set<string>();
  for (const s of [childName, initials]) {
    const chars = [...s.toLowerCase()];
    chars.forEach((c, i) => {
      grams.add(c);
      const next = chars[i + 1];
      if (next !== undefined) grams.add(c + next);
    });
  }
  // A separator no query contains keeps trigrams from spanning two fields.
  return { body: parts.filter(Boolean).join(' ␞ '), grams };
}

export function toSummary(row: ApplicationRow, phones: string[], createdByName: string | null = null): ApplicationSummary {
  return {
    id: row.id,
    status: row.status as ApplicationStatus,
    receiptNo: row.receipt_no,
    planKey: row.plan_key,
    grade: row.grade as Grade | null,
    childName: row.child_name,
    childIdType: row.child_id_type,
    childIdNumber: row.child_id_number,
    childBirthDate: row.child_birth_date,
    schoolId: row.school_id,
    enrollmentType: row.enrollment_type as EnrollmentType | null,
    guardianPhones: phones,
    syncState: row.sync_state as SyncState,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    createdBy: row.created_by,
    createdByName,
  };
}

/** Statuses a county placement result can leave; only these look up the result for a lottery outcome. */
const PLACED: ReadonlySet<string> = new Set(['admitted', 'awaiting_reassignment', 'reassigned', 'awaiting_lottery', 'lottery_won', 'lottery_lost']);

/** The county's newest result, when it was applied to the record (a held one is a conflict shown on 同步). */
function appliedResult(ctx: Ctx, id: string): ReviewResult | null {
  return ctx.repos.reviewResults.latestApplied(id) === true ? ctx.repos.reviewResults.latest(id) : null;
}

export function summaryOf(ctx: Ctx, row: ApplicationRow): ApplicationSummary {
  const summary = toSummary(row, ctx.repos.applications.phonesOf(row.id), staffName(ctx, row.created_by));
  const lottery = PLACED.has(row.status) ? appliedResult(ctx, row.id)?.lottery : undefined;
  return lottery ? { ...summary, lottery: lottery.won ? 'won' : 'lost' } : summary;
}

function mustFind(ctx: Ctx, id: string): ApplicationRow {
  const row = ctx.repos.applications.byId(id);
  if (!row) throw new DeskError('APPLICATION_NOT_FOUND');
  return row;
}

/** The application a correction (修改) is for, refused unless the county has yet to decide it (shared/domain/applicationActions). */
function mustFindEditable(ctx: Ctx, id: string): ApplicationRow {
  const row = mustFind(ctx, id);
  if (canEdit(row.status)) return row;
  const status = statusLabel(row.status);
  if (row.status === 'draft' || row.status === 'void') throw new DeskError('APPLICATION_NOT_EDITABLE', { status });
  throw new DeskError('APPLICATION_DECIDED', { status });
}

/**
 * Save the form as typed. Drafts keep whatever the clerk entered (bounded in size), valid or not, so a
 * crash, a power cut or a lock loses nothing. A supervisor's age override and registration-window approval
 * are kept from the stored record: the renderer cannot grant one itself.
 */
function saveDraft(ctx: Ctx, id: string | undefined, data: ApplicationDraft): { row: ApplicationRow; created: boolean } {
  const now = ctx.nowIso();
  const by = staffLabel(ctx);
  const existing = id ? ctx.repos.applications.byId(id) : undefined;
  if (existing && existing.status !== 'draft') throw new DeskError('APPLICATION_NOT_DRAFT', { receiptNo: existing.receipt_no ?? '' });
  const stored: ApplicationDraft = approvalsKept(data, existing ? (JSON.parse(existing.data) as ApplicationDraft) : undefined);
  const json = JSON.stringify(stored);
  // Autosave has usually stored this exact form already: no second write (and fsync) for nothing.
  if (existing && existing.data === json) return { row: existing, created: false };
  const derived = derivedColumns(ctx, stored);
  const { body, grams } = searchEntries(stored, null);
  const phones = phonesOf(stored);
  return ctx.db.transaction(() => {
    if (existing) {
      ctx.repos.applications.updateData(existing.id, json, derived, now, by);
      ctx.repos.applications.reindex(existing.row_id, existing.id, body, grams, phones);
      return { row: mustFind(ctx, existing.id), created: false };
    }
    const { row: planRow } = activePlan(ctx);
    const newId = id ?? ctx.ports.ids.uuid();
    const rowId = ctx.repos.applications.insertDraft({
      id: newId,
      status: 'draft',
      receipt_no: null,
      plan_key: planRow.plan_key,
      revision: 0,
      data: json,
      ...derived,
      sync_state: 'unsynced',
      created_at: now,
      created_by: by,
      updated_at: now,
      updated_by: by,
      submitted_at: null,
      submitted_by: null,
      void_reason: null,
    });
    ctx.repos.applications.reindex(rowId, newId, body, grams, phones);
    ctx.audit.append({ at: now, ...actor(ctx), action: 'application.draftCreated', target: newId });
    return { row: mustFind(ctx, newId), created: true };
  }).immediate();
}

/** The form as typed with the approvals taken from what is stored (never from the renderer). */
function approvalsKept(data: ApplicationDraft, stored: ApplicationDraft | undefined): ApplicationDraft {
  const { windowOverride: _fromRenderer, ...rest } = data;
  return {
    ...rest,
    ageOverride: stored?.ageOverride ?? null,
    ...(stored?.windowOverride ? { windowOverride: stored.windowOverride } : {}),
  };
}

/**
 * The plan's registration window at submit (issue 10): inside it, nothing is needed (and no approval is recorded);
 * outside it, the plan either refuses the application or wants a supervisor's approval given for today's date.
 */
function checkRegistrationWindow(ctx: Ctx, plan: CountyPlan, form: ApplicationForm, id: string): ApplicationForm {
  const state = registrationWindowState(plan, localDay(ctx.ports.clock.now()));
  const { windowOverride, ...rest } = form;
  if (state.state === 'open') return rest;
  if (state.policy === 'refuse') {
    ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'application.outsideWindowRefused', target: id, details: { ...state.values } });
    throw new DeskError('OUTSIDE_WINDOW_REFUSED', state.values);
  }
  if (!windowOverride || windowOverride.day !== state.values.today) throw new DeskError('OUTSIDE_WINDOW_APPROVAL_REQUIRED', state.values);
  return form;
}

/**
 * Who approves at the counter: a supervisor or admin signed in approves as themselves; a clerk's request carries a
 * supervisor's own username and password, checked here (a failure is audited under `refusedAction`).
 */
async function counterApprover(
  ctx: Ctx,
  input: { supervisorUsername?: string | undefined; supervisorPassword?: string | undefined },
  refusedAction: AuditAction,
  target: string,
): Promise<{ approvedBy: string; approvedByName: string }> {
  if (ctx.session?.role !== 'clerk') return { approvedBy: ctx.session?.username ?? '', approvedByName: ctx.session?.displayName ?? '' };
  const sup = input.supervisorUsername ? ctx.repos.staff.byUsername(input.supervisorUsername.trim().toLowerCase()) : undefined;
  const okRole = sup && sup.disabled === 0 && (sup.role === 'supervisor' || sup.role === 'admin');
  if (!sup || !okRole || !input.supervisorPassword || !(await verifyPassword(input.supervisorPassword, sup.password_hash))) {
    ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: refusedAction, target, details: { supervisor: input.supervisorUsername ?? null } });
    throw new DeskError('SUPERVISOR_REQUIRED');
  }
  return { approvedBy: sup.username, approvedByName: sup.display_name };
}

function similarName(a: string, b: string): boolean {
  if (a === b) return true;
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > 1) return false;
  // One edit apart (substitution, insertion or deletion) counts as similar for 2–4 character names.
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (x.length > y.length) i++;
    else if (y.length > x.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (x.length - i) + (y.length - j) <= 1;
}

export function duplicateReport(ctx: Ctx, selfId: string | undefined, data: ApplicationDraft): DuplicateReport {
  const repo = ctx.repos.applications;
  const key = dupKeyOf(data);
  const blockingRow = key ? repo.activeByDupKey(key) : undefined;
  const blocking = blockingRow && blockingRow.id !== selfId ? summaryOf(ctx, blockingRow) : null;
  const reasons = new Map<string, string[]>();
  const note = (row: LightRow, reason: string) => {
    if (row.id === selfId || row.id === blocking?.id) return;
    const list = reasons.get(row.id) ?? [];
    if (!list.includes(reason)) list.push(reason);
    reasons.set(row.id, list);
  };
  const name = data.child?.name ? normaliseName(data.child.name) : '';
  const birth = data.child?.birthDate;
  if (birth && name) {
    for (const row of repo.activeByBirthDate(birth)) {
      if (row.child_name && similarName(name, row.child_name)) note(row, format(zhCN.apps.nearMatch.sameBirthAndName, { birth, name: row.child_name }));
    }
  }
  for (const phone of phonesOf(data)) {
    for (const row of repo.activeByPhone(phone)) note(row, format(zhCN.apps.nearMatch.samePhone, { phone }));
  }
  const nearMatches: DuplicateReport['nearMatches'] = [];
  for (const [id, list] of reasons) {
    const row = repo.byId(id);
    if (row) nearMatches.push({ application: summaryOf(ctx, row), reasons: list });
  }
  return { blocking, nearMatches };
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Leaf paths whose values differ: the "what" of an edit in the audit log. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (!isObj(before) || !isObj(after)) return [prefix || '(root)'];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((k) => changedPaths(before[k], after[k], prefix ? `${prefix}.${k}` : k));
}

/** Validate against the active plan, with the core's own type derivation as the authority. */
/**
 * The next revision of a submitted application: the row and the application's revision number move together (the
 * caller's transaction). Every revision after the first is minted here, by staff (`form`) or by the system.
 */
function mintRevision(
  ctx: Ctx,
  app: Pick<ApplicationRow, 'id' | 'revision'>,
  r: { data: string; sha256: string; kind: RevisionKind; reason: string | null; planKey: string; at: string; by: string },
): number {
  const revision = app.revision + 1;
  ctx.repos.applications.insertRevision({ application_id: app.id, revision, data: r.data, sha256: r.sha256, created_at: r.at, created_by: r.by, reason: r.reason, kind: r.kind });
  ctx.repos.applications.bumpRevision(app.id, revision, r.planKey);
  return revision;
}

/**
 * The same form again as a new revision written by the system (sync), so the county sees what changed without the
 * form changing: `pages` when pages were scanned or removed after the form went up, `void` to carry a void (its
 * reason is the application's void reason). Audited with no staff actor. Runs inside the caller's transaction;
 * returns the new revision, or null when the application has no current revision to repeat.
 */
export function reviseUnchangedForm(ctx: Ctx, applicationId: string, kind: 'pages' | 'void', at: string): number | null {
  const app = ctx.repos.applications.byId(applicationId);
  const current = app && ctx.repos.applications.revision(applicationId, app.revision);
  if (!app || !current || ctx.repos.applications.newestRevision(applicationId) !== app.revision) return null;
  const reason = kind === 'void' ? (app.void_reason ?? '') : zhCN.sync.log.pagesRevision;
  const revision = mintRevision(ctx, app, { data: current.data, sha256: current.sha256, kind, reason, planKey: app.plan_key, at, by: 'sync' });
  ctx.audit.append({ at, actorId: null, actorName: null, action: kind === 'void' ? 'application.voidRevised' : 'application.pagesRevised', target: applicationId, details: { revision } });
  return revision;
}

function validated(ctx: Ctx, data: ApplicationDraft, planKey: string) {
  const { row: planRow, plan } = activePlan(ctx);
  if (planKey !== planRow.plan_key) {
    if (!ctx.repos.plans.byKey(planKey)) throw new DeskError('PLAN_NOT_FOUND', { planKey });
    throw new DeskError('PLAN_CHANGED', { active: `${plan.county.name} ${plan.version}` }, { activePlanKey: planRow.plan_key });
  }
  const derived = deriveEnrollmentType(data, plan);
  const withDerived: ApplicationDraft = {
    ...data,
    typeDecision: { ...data.typeDecision, derived: derived.type, chosen: data.typeDecision?.chosen ?? derived.type },
  };
  const today = localDay(ctx.ports.clock.now());
  const result = validateForSubmit(withDerived, plan, today);
  if (!result.ok) throw new DeskError('VALIDATION_FAILED', {}, { issues: result.issues });
  return { planRow, plan, form: result.form };
}

export const applicationHandlers: Pick<
  Handlers,
  | 'applications.saveDraft'
  | 'applications.checkDuplicates'
  | 'applications.submit'
  | 'applications.update'
  | 'applications.saveEdit'
  | 'applications.get'
  | 'applications.search'
  | 'applications.void'
  | 'applications.discardDraft'
  | 'applications.approveAgeOverride'
  | 'applications.approveOutsideWindow'
> = {
  'applications.saveDraft': (input, ctx) => {
    const { row } = saveDraft(ctx, input.id, input.data);
    return { id: row.id, savedAt: row.updated_at, planKey: row.plan_key };
  },

  'applications.checkDuplicates': (input, ctx) => duplicateReport(ctx, input.id, input.data),

  'applications.submit': (input, ctx) => {
    // Saved first: whatever happens next, what the clerk typed is on disk.
    const { row: draft } = saveDraft(ctx, input.id, input.data);
    const stored = JSON.parse(draft.data) as ApplicationDraft;
    const checked = validated(ctx, stored, input.planKey);
    const { planRow } = checked;
    const dup = duplicateReport(ctx, draft.id, checked.form);
    if (dup.blocking) throw new DeskError('DUPLICATE_APPLICATION', { receiptNo: dup.blocking.receiptNo ?? '' }, { existing: dup.blocking });
    // After the same child's active application (nothing to approve then), before the near matches the clerk confirms.
    const form = checkRegistrationWindow(ctx, checked.plan, checked.form, draft.id);
    if (dup.nearMatches.length > 0 && !input.confirmNearMatches) throw new DeskError('NEAR_MATCH_WARNING', {}, { nearMatches: dup.nearMatches });
    const counter = readCounter(ctx);
    if (!counter) throw new DeskError('NOT_SET_UP');
    const now = ctx.ports.clock.now();
    const nowIso = now.toISOString();
    const by = staffLabel(ctx);
    const json = JSON.stringify(form);
    const receiptNo = ctx.db.transaction(() => {
      const current = mustFind(ctx, draft.id);
      if (current.status !== 'draft') throw new DeskError('APPLICATION_NOT_DRAFT', { receiptNo: current.receipt_no ?? '' });
      const day = localDay(now);
      const seq = ctx.repos.applications.nextReceiptSeq(counter.counterCode, day);
      const number = makeReceiptNumber({ countyCode: counter.countyCode, counterCode: counter.counterCode, date: day, seq });
      ctx.repos.applications.updateData(current.id, json, derivedColumns(ctx, form), nowIso, by);
      ctx.repos.applications.markSubmitted(current.id, number, planRow.plan_key, nowIso, by);
      const { body, grams } = searchEntries(form, number);
      ctx.repos.applications.reindex(current.row_id, current.id, body, grams, phonesOf(form));
      ctx.repos.applications.insertRevision({ application_id: current.id, revision: 1, data: json, sha256: sha256(json), created_at: nowIso, created_by: by, reason: null, kind: 'form' });
      ctx.audit.append({
        at: nowIso,
        ...actor(ctx),
        action: 'application.submitted',
        target: current.id,
        details: {
          receiptNo: number,
          planKey: planRow.plan_key,
          type: form.typeDecision.chosen,
          nearMatchesConfirmed: dup.nearMatches.length,
          ...(form.windowOverride ? { outsideWindowApprovedBy: form.windowOverride.approvedBy } : {}),
        },
      });
      return number;
    }).immediate();
    ctx.emit('applications.changed', { ids: [draft.id] });
    return { id: draft.id, receiptNo, status: 'accepted' as const, revision: 1 };
  },

  'applications.update': (input, ctx) => {
    const existing = mustFindEditable(ctx, input.id);
    const before = JSON.parse(existing.data) as ApplicationDraft;
    const { planRow, form } = validated(ctx, approvalsKept(input.data, before), input.planKey);
    const dup = duplicateReport(ctx, existing.id, form);
    if (dup.blocking) throw new DeskError('DUPLICATE_APPLICATION', { receiptNo: dup.blocking.receiptNo ?? '' }, { existing: dup.blocking });
    const changes = changedPaths(before, form);
    if (changes.length === 0) {
      if (existing.pending_edit !== null) ctx.repos.applications.setPendingEdit(existing.id, null, ctx.nowIso(), staffLabel(ctx));
      return { id: existing.id, receiptNo: existing.receipt_no ?? '', status: existing.status as ApplicationStatus, revision: existing.revision };
    }
    const nowIso = ctx.nowIso();
    const by = staffLabel(ctx);
    const json = JSON.stringify(form);
    const revision = ctx.db.transaction(() => {
      ctx.repos.applications.updateData(existing.id, json, derivedColumns(ctx, form), nowIso, by);
      const revision = mintRevision(ctx, existing, { data: json, sha256: sha256(json), kind: 'form', reason: input.reason, planKey: planRow.plan_key, at: nowIso, by });
      ctx.repos.applications.setPendingEdit(existing.id, null, nowIso, by);
      const { body, grams } = searchEntries(form, existing.receipt_no);
      ctx.repos.applications.reindex(existing.row_id, existing.id, body, grams, phonesOf(form));
      ctx.audit.append({ at: nowIso, ...actor(ctx), action: 'application.revised', target: existing.id, details: { revision, reason: input.reason, changed: changes.slice(0, 50) } });
      return revision;
    }).immediate();
    ctx.emit('applications.changed', { ids: [existing.id] });
    return { id: existing.id, receiptNo: existing.receipt_no ?? '', status: existing.status as ApplicationStatus, revision };
  },

  'applications.saveEdit': (input, ctx) => {
    const row = mustFindEditable(ctx, input.id);
    const nowIso = ctx.nowIso();
    ctx.repos.applications.setPendingEdit(row.id, JSON.stringify(input.data), nowIso, staffLabel(ctx));
    return { id: row.id, savedAt: nowIso };
  },

  'applications.get': (input, ctx) => {
    const row = mustFind(ctx, input.id);
    return {
      ...summaryOf(ctx, row),
      data: withApproverNames(ctx, JSON.parse(row.data) as ApplicationDraft),
      pendingEdit: row.pending_edit ? withApproverNames(ctx, JSON.parse(row.pending_edit) as ApplicationDraft) : null,
      voidReason: row.void_reason,
      revisions: ctx.repos.applications.revisionsOf(row.id).map((r) => ({
        revision: r.revision,
        createdAt: r.created_at,
        createdBy: r.created_by,
        createdByName: staffName(ctx, r.created_by),
        // A void revision keeps only the void reason; staff read it as the void it is.
        reason: r.kind === 'void' ? `${zhCN.sync.log.voidRevision}${r.reason ?? ''}` : r.reason,
        kind: r.kind,
        sha256: r.sha256,
      })),
      history: historyWithDisplayNames(ctx, row.id),
      countyResult: row.status === 'void' ? null : appliedResult(ctx, row.id),
    };
  },

  'applications.search': (input, ctx) => {
    const t0 = performance.now();
    const filters = {
      ...input,
      fromIso: input.from ? localDayStart(input.from).toISOString() : undefined,
      toIso: input.to ? localDayStart(input.to, 1).toISOString() : undefined,
    };
    const { total, rows } = ctx.repos.applications.search(textMatch(input.query), filters, input.offset, input.limit);
    return { total, rows: rows.map((r) => summaryOf(ctx, r)), tookMs: performance.now() - t0 };
  },

  'applications.void': (input, ctx) => {
    const row = mustFind(ctx, input.id);
    if (row.status === 'void') return { done: true as const };
    if (row.status === 'draft') throw new DeskError('DRAFT_NOT_VOIDABLE');
    if (!canVoid(row.status)) throw new DeskError('APPLICATION_NOT_VOIDABLE', { status: statusLabel(row.status) });
    const nowIso = ctx.nowIso();
    ctx.db.transaction(() => {
      ctx.repos.applications.setStatus(row.id, 'void', input.reason, nowIso, staffLabel(ctx));
      ctx.audit.append({ at: nowIso, ...actor(ctx), action: 'application.voided', target: row.id, details: { reason: input.reason, receiptNo: row.receipt_no, previousStatus: row.status } });
    })();
    ctx.emit('applications.changed', { ids: [row.id] });
    return { done: true as const };
  },

  'applications.discardDraft': (input, ctx) => {
    const row = mustFind(ctx, input.id);
    if (row.status !== 'draft') throw new DeskError('APPLICATION_NOT_DRAFT', { receiptNo: row.receipt_no ?? '' });
    const nowIso = ctx.nowIso();
    ctx.db.transaction(() => {
      ctx.repos.applications.setStatus(row.id, 'void', zhCN.apps.draftDiscarded, nowIso, staffLabel(ctx));
      ctx.audit.append({ at: nowIso, ...actor(ctx), action: 'application.draftDiscarded', target: row.id });
    })();
    ctx.emit('applications.changed', { ids: [row.id] });
    return { done: true as const };
  },

  'applications.approveAgeOverride': async (input, ctx) => {
    const row = mustFind(ctx, input.id);
    if (row.status !== 'draft') throw new DeskError('APPLICATION_NOT_DRAFT', { receiptNo: row.receipt_no ?? '' });
    const approver = await counterApprover(ctx, input, 'application.ageOverrideRefused', row.id);
    const override = { reason: input.reason, ...approver };
    const data = { ...(JSON.parse(row.data) as ApplicationDraft), ageOverride: override };
    const nowIso = ctx.nowIso();
    ctx.db.transaction(() => {
      ctx.repos.applications.updateData(row.id, JSON.stringify(data), derivedColumns(ctx, data), nowIso, staffLabel(ctx));
      ctx.audit.append({ at: nowIso, ...actor(ctx), action: 'application.ageOverrideApproved', target: row.id, details: override });
    })();
    return override;
  },

  'applications.approveOutsideWindow': async (input, ctx) => {
    const row = mustFind(ctx, input.id);
    if (row.status !== 'draft') throw new DeskError('APPLICATION_NOT_DRAFT', { receiptNo: row.receipt_no ?? '' });
    const { plan } = activePlan(ctx);
    const today = localDay(ctx.ports.clock.now());
    const state = registrationWindowState(plan, today);
    if (state.state === 'open') throw new DeskError('OUTSIDE_WINDOW_NOT_NEEDED', { today, start: plan.registrationWindow.start, end: plan.registrationWindow.end });
    if (state.policy === 'refuse') {
      ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'application.outsideWindowRefused', target: row.id, details: { ...state.values } });
      throw new DeskError('OUTSIDE_WINDOW_REFUSED', state.values);
    }
    const approver = await counterApprover(ctx, input, 'application.windowOverrideRefused', row.id);
    const override = { reason: input.reason, ...approver, day: state.values.today };
    const data = { ...(JSON.parse(row.data) as ApplicationDraft), windowOverride: override };
    const nowIso = ctx.nowIso();
    ctx.db.transaction(() => {
      ctx.repos.applications.updateData(row.id, JSON.stringify(data), derivedColumns(ctx, data), nowIso, staffLabel(ctx));
      ctx.audit.append({
        at: nowIso,
        ...actor(ctx),
        action: 'application.windowOverrideApproved',
        target: row.id,
        details: { ...override, window: `${state.values.start}～${state.values.end}` },
      });
    })();
    return override;
  },
};

const RECEIPT_PREFIX = /^\d{6}-[A-Z0-9]{2,8}-/;
function receiptTail(receiptNo: string): string {
  return receiptNo.replace(RECEIPT_PREFIX, '');
}

/**
 * Whole receipt numbers, 18-character ID numbers and mobile numbers use exact indexes; other queries of
 * 3+ characters the trigram index; 1–2 character queries the gram table.
 */
export function textMatch(raw: string): TextMatch {
  const compact = toHalfWidthAlnum(raw).replace(/[\s\u3000\u2010-\u2015\uFF0D\u2212-]/g, '').toUpperCase();
  if (/^\d{17}[\dX]$/.test(compact)) return { kind: 'idNumber', idNumber: compact };
  if (/^1[3-9]\d{9}$/.test(compact)) return { kind: 'phone', phone: compact };
  // County code then a counter code with a letter (A01), or typed with the dash after the county code.
  // A receipt tail (YYMMDD + sequence + check, e.g. 2606150042K) is left to the trigram index.
  const looksLikeTail = /^\d{10,}[0-9A-Z]$/.test(compact);
  const dashedAfterCounty = /^\s*\d{6}\s*-/.test(toHalfWidthAlnum(raw).replace(/[\u2010-\u2015\uFF0D\u2212]/g, '-'));
  if (!looksLikeTail && compact.length >= 8 && (/^\d{6}[A-Z0-9]{0,7}[A-Z]/.test(compact) || dashedAfterCounty)) {
    return { kind: 'receiptPrefix', prefix: compact };
  }
  const q = nameSearchForm(raw.trim().toUpperCase()).replace(/[\s-]/g, (c) => (c === '-' ? '' : ' ')).trim();
  if (!q) return { kind: 'none' };
  if ([...q].length >= 3) return { kind: 'fts', phrase: `"${q.replace(/"/g, '""')}"` };
  return { kind: 'gram', gram: q.toLowerCase() };
}

