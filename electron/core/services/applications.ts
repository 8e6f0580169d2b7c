import { createHash, createHmac } from 'node:crypto';
import { DeskError } from '../../../shared/contract/result';
import type {
  ApplicationDraft,
  ApplicationSummary,
  ApplicationStatus,
  DuplicateReport,
  EnrollmentType,
  Grade,
  SyncState,
} from '../../../shared/contract';
import { validateForSubmit } from '../../../shared/domain/applicationRules';
import { deriveEnrollmentType } from '../../../shared/domain/enrollmentType';
import { normaliseName } from '../../../shared/domain/names';
import { pinyinInitials } from '../../../shared/domain/pinyin';
import { makeReceiptNumber } from '../../../shared/domain/receiptNumber';
import { toHalfWidthAlnum } from '../../../shared/domain/idNumber';
import { actor, type Ctx, type Handlers } from '../context';
import type { ApplicationRow, DerivedColumns, LightRow, TextMatch } from '../db/repos/applicationRepo';
import { activePlan } from './plans';
import { readCounter } from './system';
import { verifyPassword } from './passwords';
import { localDay, localDayStart } from '../time';

/** Until the county server hands out its key (sync), ID hashes use this desk's key and are recomputed at upload. */
const ID_HASH_KEY = 'desk-local-v1';

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

function summaryOf(ctx: Ctx, row: ApplicationRow): ApplicationSummary {
  return toSummary(row, ctx.repos.applications.phonesOf(row.id), ctx.repos.staff.byUsername(row.created_by)?.display_name ?? null);
}

function mustFind(ctx: Ctx, id: string): ApplicationRow {
  const row = ctx.repos.applications.byId(id);
  if (!row) throw new DeskError('APPLICATION_NOT_FOUND');
  return row;
}

/**
 * Save the form as typed. Drafts keep whatever the clerk entered (bounded in size), valid or not, so a
 * crash, a power cut or a lock loses nothing. A supervisor's age override is kept from the stored
 * record: the renderer cannot grant one itself.
 */
function saveDraft(ctx: Ctx, id: string | undefined, data: ApplicationDraft): { row: ApplicationRow; created: boolean } {
  const now = ctx.nowIso();
  const by = staffLabel(ctx);
  const existing = id ? ctx.repos.applications.byId(id) : undefined;
  if (existing && existing.status !== 'draft') throw new DeskError('APPLICATION_NOT_DRAFT', { receiptNo: existing.receipt_no ?? '' });
  const stored: ApplicationDraft = { ...data, ageOverride: existing ? ((JSON.parse(existing.data) as ApplicationDraft).ageOverride ?? null) : null };
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
      if (row.child_name && similarName(name, row.child_name)) note(row, `出生日期相同（${birth}）且姓名相近（${row.child_name}）`);
    }
  }
  for (const phone of phonesOf(data)) {
    for (const row of repo.activeByPhone(phone)) note(row, `监护人电话相同（${phone}）`);
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
    const { planRow, form } = validated(ctx, stored, input.planKey);
    const dup = duplicateReport(ctx, draft.id, form);
    if (dup.blocking) throw new DeskError('DUPLICATE_APPLICATION', { receiptNo: dup.blocking.receiptNo ?? '' }, { existing: dup.blocking });
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
      ctx.repos.applications.insertRevision({ application_id: current.id, revision: 1, data: json, sha256: sha256(json), created_at: nowIso, created_by: by, reason: null });
      ctx.audit.append({
        at: nowIso,
        ...actor(ctx),
        action: 'application.submitted',
        target: current.id,
        details: { receiptNo: number, planKey: planRow.plan_key, type: form.typeDecision.chosen, nearMatchesConfirmed: dup.nearMatches.length },
      });
      return number;
    }).immediate();
    ctx.emit('applications.changed', { ids: [draft.id] });
    return { id: draft.id, receiptNo, status: 'accepted' as const, revision: 1 };
  },

  'applications.update': (input, ctx) => {
    const existing = mustFind(ctx, input.id);
    if (existing.status === 'draft' || existing.status === 'void') throw new DeskError('APPLICATION_NOT_EDITABLE', { status: existing.status === 'draft' ? '草稿' : '已作废' });
    const before = JSON.parse(existing.data) as ApplicationDraft;
    const { planRow, form } = validated(ctx, { ...input.data, ageOverride: before.ageOverride ?? null }, input.planKey);
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
    const revision = existing.revision + 1;
    ctx.db.transaction(() => {
      ctx.repos.applications.updateData(existing.id, json, derivedColumns(ctx, form), nowIso, by);
      ctx.repos.applications.bumpRevision(existing.id, revision, planRow.plan_key);
      ctx.repos.applications.setPendingEdit(existing.id, null, nowIso, by);
      const { body, grams } = searchEntries(form, existing.receipt_no);
      ctx.repos.applications.reindex(existing.row_id, existing.id, body, grams, phonesOf(form));
      ctx.repos.applications.insertRevision({ application_id: existing.id, revision, data: json, sha256: sha256(json), created_at: nowIso, created_by: by, reason: input.reason });
      ctx.audit.append({ at: nowIso, ...actor(ctx), action: 'application.revised', target: existing.id, details: { revision, reason: input.reason, changed: changes.slice(0, 50) } });
    }).immediate();
    ctx.emit('applications.changed', { ids: [existing.id] });
    return { id: existing.id, receiptNo: existing.receipt_no ?? '', status: existing.status as ApplicationStatus, revision };
  },

  'applications.saveEdit': (input, ctx) => {
    const row = mustFind(ctx, input.id);
    if (row.status === 'draft' || row.status === 'void') throw new DeskError('APPLICATION_NOT_EDITABLE', { status: row.status === 'draft' ? '草稿' : '已作废' });
    const nowIso = ctx.nowIso();
    ctx.repos.applications.setPendingEdit(row.id, JSON.stringify(input.data), nowIso, staffLabel(ctx));
    return { id: row.id, savedAt: nowIso };
  },

  'applications.get': (input, ctx) => {
    const row = mustFind(ctx, input.id);
    return {
      ...summaryOf(ctx, row),
      data: JSON.parse(row.data) as ApplicationDraft,
      pendingEdit: row.pending_edit ? (JSON.parse(row.pending_edit) as ApplicationDraft) : null,
      voidReason: row.void_reason,
      revisions: ctx.repos.applications.revisionsOf(row.id).map((r) => ({ revision: r.revision, createdAt: r.created_at, createdBy: r.created_by, reason: r.reason, sha256: r.sha256 })),
      history: ctx.audit.forTarget(row.id),
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
      ctx.repos.applications.setStatus(row.id, 'void', '草稿由受理员作废', nowIso, staffLabel(ctx));
      ctx.audit.append({ at: nowIso, ...actor(ctx), action: 'application.draftDiscarded', target: row.id });
    })();
    ctx.emit('applications.changed', { ids: [row.id] });
    return { done: true as const };
  },

  'applications.approveAgeOverride': async (input, ctx) => {
    const row = mustFind(ctx, input.id);
    if (row.status !== 'draft') throw new DeskError('APPLICATION_NOT_DRAFT', { receiptNo: row.receipt_no ?? '' });
    let approver = ctx.session?.username ?? '';
    if (ctx.session?.role === 'clerk') {
      const sup = input.supervisorUsername ? ctx.repos.staff.byUsername(input.supervisorUsername.trim().toLowerCase()) : undefined;
      const okRole = sup && sup.disabled === 0 && (sup.role === 'supervisor' || sup.role === 'admin');
      if (!sup || !okRole || !input.supervisorPassword || !(await verifyPassword(input.supervisorPassword, sup.password_hash))) {
        ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'application.ageOverrideRefused', target: row.id, details: { supervisor: input.supervisorUsername ?? null } });
        throw new DeskError('SUPERVISOR_REQUIRED');
      }
      approver = sup.username;
    }
    const override = { reason: input.reason, approvedBy: approver };
    const data = { ...(JSON.parse(row.data) as ApplicationDraft), ageOverride: override };
    const nowIso = ctx.nowIso();
    ctx.db.transaction(() => {
      ctx.repos.applications.updateData(row.id, JSON.stringify(data), derivedColumns(ctx, data), nowIso, staffLabel(ctx));
      ctx.audit.append({ at: nowIso, ...actor(ctx), action: 'application.ageOverrideApproved', target: row.id, details: override });
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
  const q = normaliseName(raw.trim().toUpperCase()).replace(/[\s-]/g, (c) => (c === '-' ? '' : ' ')).trim();
  if (!q) return { kind: 'none' };
  if ([...q].length >= 3) return { kind: 'fts', phrase: `"${q.replace(/"/g, '""')}"` };
  return { kind: 'gram', gram: q.toLowerCase() };
}

