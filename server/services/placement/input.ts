import { acceptsReassignment, type ApplicationDraft } from '../../../shared/contract/application';
import { toHalfWidthAlnum } from '../../../shared/domain/idNumber';
import { type ReviewOutcome } from '../../../shared/contract/reviewResult';
import { computeMigrantPoints } from '../../../shared/domain/points';
import { format } from '../../../shared/i18n/zhCN';
import { placementServerText as T } from '../../../shared/i18n/zhCN.placementConsole';
import { RECEIPT } from '../../../shared/lottery/spec';
import { type CountyPlan, validatePlan } from '../../../shared/plan/schema';
import { hukouSchoolOf } from '../../../shared/placement/hukouSchool';
import { type PlacementApplication } from '../../../shared/placement/types';
import { type Selectable } from 'kysely';
import { type Db, reposOf } from '../../db/repos';
import { type Database } from '../../db/schema';
import { PlacementError } from './errors';

// What placement runs on: the newest plan and every application the county approved, reduced to what the plan's
// rules look at. An application placed before (its newest result already 已录取 / 待调剂 / 已调剂) takes part
// again, so a second run after more approvals gives everyone their place under the same rules.

/** Newest outcomes that make an application take part in placement. */
export const PLACEABLE: readonly ReviewOutcome[] = ['approved', 'admitted', 'awaiting_reassignment', 'reassigned'];

export interface PlacedApplication {
  applicationId: string;
  counterCode: string;
  source: 'counter' | 'online';
  /** Full name and ID number: staff screens mask them, the export masks the ID number. */
  name: string;
  idNumber: string;
  /** The newest result's version and payload (a publication sends only what changed). */
  resultVersion: number;
  resultPayload: string;
}

export interface PlacementData {
  plan: CountyPlan;
  planVersion: number;
  applications: PlacementApplication[];
  byReceipt: Map<string, PlacedApplication>;
  /** Approved applications that cannot take part, with why (shown in the dry run). */
  skipped: { receiptNo: string; reason: string }[];
  /** Siblings named as applying together but to different schools or grades: placed apart (shown in the dry run). */
  siblingWarnings: { receipts: string[]; message: string }[];
}

export async function latestPlan(db: Db): Promise<{ plan: CountyPlan; version: number }> {
  const row = await reposOf(db).placement.latestPlan();
  if (!row) throw new PlacementError('state_conflict', T.noPlan);
  const checked = validatePlan(JSON.parse(row.plan));
  if (!checked.ok) throw new PlacementError('state_conflict', format(T.planInvalid, { detail: checked.problems.slice(0, 2).map((p) => `${p.path}: ${p.message}`).join('；') }));
  return { plan: checked.plan, version: Number(row.version) };
}

type Conversion = { ok: true; app: PlacementApplication } | { ok: false; reason: string };

/** One stored record as placement sees it. */
export function toPlacement(receiptNo: string, record: Record<string, unknown>, plan: CountyPlan): Conversion {
  if (record.voided) return { ok: false, reason: T.skipped.voided };
  const form = record.form as ApplicationDraft | undefined;
  if (!form || typeof form !== 'object') return { ok: false, reason: T.skipped.noForm };
  if (!RECEIPT.test(receiptNo)) return { ok: false, reason: format(T.skipped.badReceipt, { receipt: receiptNo }) };
  const type = form.typeDecision?.chosen ?? form.typeDecision?.derived;
  const missing = (field: keyof typeof T.fields): Conversion => ({ ok: false, reason: format(T.skipped.missing, { field: T.fields[field] }) });
  if (!form.grade) return missing('grade');
  if (!form.child?.name) return missing('child');
  if (!form.school?.schoolId) return missing('school');
  if (!form.school.zoneEntryId) return missing('zone');
  if (!type) return missing('type');
  return {
    ok: true,
    app: {
      receiptNo,
      name: form.child.name,
      grade: form.grade,
      schoolId: form.school.schoolId,
      zoneEntryId: form.school.zoneEntryId,
      type,
      hukouMoveInDate: form.hukou?.moveInDate ?? null,
      propertyRegistrationDate: form.housing?.registrationDate ?? null,
      points: type === 'migrant' ? computeMigrantPoints(form.guardians, plan).total : null,
      disability: form.disability?.placement ?? null,
      refusesReassignment: !acceptsReassignment(form),
      hukouSchoolId: hukouSchoolOf(plan, { grade: form.grade, schoolId: form.school.schoolId, zoneEntryId: form.school.zoneEntryId, type, hukou: form.hukou }),
    },
  };
}

export type ReassignmentRow = Selectable<Database['reassignment_records']>;

/** The application as placement reads it, with a reviewer's record of 是否服从调剂 (told by phone) over the form. */
export function withRecord(app: PlacementApplication, rec: ReassignmentRow | undefined): PlacementApplication {
  if (!rec) return app;
  return { ...app, refusesReassignment: Number(rec.accepts) === 0, ...(rec.hukou_school_id ? { hukouSchoolId: rec.hukou_school_id } : {}) };
}

/** An ID number as applications are matched by it (as the desk stores it: half-width, upper case). */
const idKey = (raw: string | undefined): string => (typeof raw === 'string' ? toHalfWidthAlnum(raw).replace(/\s/g, '').toUpperCase() : '');

export interface SiblingLinks {
  receiptNo: string;
  /** The child's own ID number. */
  idNumber: string;
  /** The ID numbers of the siblings the form names as applying together. */
  siblingIds: readonly string[];
  /** Applications to different schools or grades are never one group (placement could not place them together). */
  schoolId: string;
  grade: string;
}

/**
 * Sibling groups among the placement's applications: two applications are linked when either names the other's
 * child by ID number (one side recording it is enough); groups are the connected sets. The group id is the smallest
 * receipt number in the group, so the same applications always give the same ids. Returns receipt → group id for
 * every application in a group of two or more.
 */
export function siblingGroups(apps: readonly SiblingLinks[], apart?: (a: SiblingLinks, b: SiblingLinks) => void): Map<string, string> {
  const parent = new Map<string, string>(apps.map((a) => [a.receiptNo, a.receiptNo]));
  const root = (r: string): string => {
    let x = r;
    while (parent.get(x) !== x) x = parent.get(x)!;
    parent.set(r, x);
    return x;
  };
  const unite = (a: string, b: string) => {
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const byId = new Map<string, SiblingLinks[]>();
  for (const a of apps) {
    const key = idKey(a.idNumber);
    if (!key) continue;
    byId.set(key, [...(byId.get(key) ?? []), a]);
  }
  for (const a of apps) {
    for (const raw of a.siblingIds) {
      for (const b of byId.get(idKey(raw)) ?? []) {
        if (b.receiptNo === a.receiptNo) continue;
        if (b.schoolId === a.schoolId && b.grade === a.grade) unite(a.receiptNo, b.receiptNo);
        else apart?.(a, b);
      }
    }
  }
  const size = new Map<string, number>();
  for (const a of apps) size.set(root(a.receiptNo), (size.get(root(a.receiptNo)) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const a of apps) {
    const g = root(a.receiptNo);
    if ((size.get(g) ?? 0) > 1) out.set(a.receiptNo, g);
  }
  return out;
}

export async function placementData(db: Db): Promise<PlacementData> {
  const { plan, version } = await latestPlan(db);
  const rows = await reposOf(db).placement.withLatestOutcome(PLACEABLE);
  // A reviewer's record of 是否服从调剂 (told by phone) wins over the form's field.
  const records = new Map((await reposOf(db).placement.reassignmentRecords()).map((r) => [r.application_id, r]));
  const applications: PlacementApplication[] = [];
  const byReceipt = new Map<string, PlacedApplication>();
  const skipped: PlacementData['skipped'] = [];
  const links: SiblingLinks[] = [];
  for (const r of rows) {
    const record = JSON.parse(r.record) as Record<string, unknown>;
    const c = toPlacement(r.receipt_no, record, plan);
    if (!c.ok) {
      skipped.push({ receiptNo: r.receipt_no, reason: c.reason });
      continue;
    }
    applications.push(withRecord(c.app, records.get(r.id)));
    const form = record.form as ApplicationDraft;
    links.push({ receiptNo: r.receipt_no, idNumber: form.child?.idNumber ?? '', siblingIds: (form.siblings ?? []).map((x) => x.idNumber ?? ''), schoolId: c.app.schoolId, grade: c.app.grade });
    byReceipt.set(r.receipt_no, {
      applicationId: r.id,
      counterCode: r.counter_code,
      source: r.source,
      name: c.app.name,
      idNumber: form.child?.idNumber ?? '',
      resultVersion: r.result_version,
      resultPayload: r.payload,
    });
  }
  const names = new Map(plan.schools.map((x) => [x.id, x.name]));
  const seen = new Set<string>();
  const siblingWarnings: PlacementData['siblingWarnings'] = [];
  const groups = siblingGroups(links, (a, b) => {
    const [x, y] = a.receiptNo < b.receiptNo ? [a, b] : [b, a];
    if (seen.has(`${x.receiptNo}|${y.receiptNo}`)) return;
    seen.add(`${x.receiptNo}|${y.receiptNo}`);
    const school = (l: SiblingLinks) => names.get(l.schoolId) ?? l.schoolId;
    siblingWarnings.push({ receipts: [x.receiptNo, y.receiptNo], message: format(T.siblingsApart, { a: x.receiptNo, schoolA: school(x), b: y.receiptNo, schoolB: school(y) }) });
  });
  const grouped = applications.map((app) => (groups.has(app.receiptNo) ? { ...app, siblingGroup: groups.get(app.receiptNo)! } : app));
  return { plan, planVersion: version, applications: grouped, byReceipt, skipped, siblingWarnings };
}
