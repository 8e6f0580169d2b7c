import { type ApplicationDraft } from '../../../shared/contract/application';
import { type ReviewOutcome } from '../../../shared/contract/reviewResult';
import { computeMigrantPoints } from '../../../shared/domain/points';
import { format } from '../../../shared/i18n/zhCN';
import { placementServerText as T } from '../../../shared/i18n/zhCN.placementConsole';
import { RECEIPT } from '../../../shared/lottery/spec';
import { type CountyPlan, validatePlan } from '../../../shared/plan/schema';
import { type PlacementApplication } from '../../../shared/placement/types';
import { type Db, reposOf } from '../../db/repos';
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
    },
  };
}

export async function placementData(db: Db): Promise<PlacementData> {
  const { plan, version } = await latestPlan(db);
  const rows = await reposOf(db).placement.withLatestOutcome(PLACEABLE);
  const applications: PlacementApplication[] = [];
  const byReceipt = new Map<string, PlacedApplication>();
  const skipped: PlacementData['skipped'] = [];
  for (const r of rows) {
    const record = JSON.parse(r.record) as Record<string, unknown>;
    const c = toPlacement(r.receipt_no, record, plan);
    if (!c.ok) {
      skipped.push({ receiptNo: r.receipt_no, reason: c.reason });
      continue;
    }
    applications.push(c.app);
    const form = record.form as ApplicationDraft;
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
  return { plan, planVersion: version, applications, byReceipt, skipped };
}
