import { type Kysely } from 'kysely';
import { type ReassignmentView } from '../../../shared/console';
import { acceptsReassignment, type ApplicationDraft } from '../../../shared/contract/application';
import { format } from '../../../shared/i18n/zhCN';
import { placementServerText as T } from '../../../shared/i18n/zhCN.placementConsole';
import { hukouSchoolOf } from '../../../shared/placement/hukouSchool';
import { type CountyPlan, levelOfGrade } from '../../../shared/plan/schema';
import { type Db, reposOf } from '../../db/repos';
import { type Database } from '../../db/schema';
import { problem } from '../../http/problems';
import { type Actor, type ConsoleAudit } from '../console/audit';
import { visibleRow } from '../console/decisions';
import { parseRecord } from '../console/queueProjection';
import { type SignedIn } from '../console/session';
import { latestPlan, type ReassignmentRow } from './input';

// 是否服从调剂 as a reviewer records it (issue 13): families often tell the bureau by phone that they refuse
// reassignment (不服从调剂), or take a refusal back, after the desk took the form. The record wins over the form's
// field in placement, and may set the hukou school the plan's 'hukou_school' refusal rule needs when the plan's
// zones cannot tell it. Once a draw's lists are frozen a record could not reach this year's placement (the frozen
// input decides), so it is refused then with what to do.

async function planOrNull(db: Db): Promise<CountyPlan | null> {
  try {
    return (await latestPlan(db)).plan;
  } catch {
    return null;
  }
}

/**
 * The frozen draw's message, when this year's lists are frozen: while the draw is only announced the bureau can cancel
 * it and freeze again; once it is drawn (or published) it cannot be cancelled, so the message must not say to.
 */
async function frozenBy(db: Db, plan: CountyPlan): Promise<string | null> {
  const lottery = await reposOf(db).lotteries.current();
  if (!lottery || lottery.year !== plan.year) return null;
  const digest = lottery.announcement_digest.slice(0, 12);
  return lottery.status === 'announced' ? format(T.reassignmentFrozen, { digest }) : format(T.reassignmentDrawn, { digest, state: T.states[lottery.status] });
}

function viewOf(plan: CountyPlan, form: ApplicationDraft, rec: ReassignmentRow | undefined, frozen: string | null): ReassignmentView {
  const name = (id: string) => plan.schools.find((s) => s.id === id)?.name ?? id;
  const level = form.grade ? levelOfGrade(form.grade) : null;
  const type = form.typeDecision?.chosen ?? form.typeDecision?.derived;
  const derived =
    form.grade && form.school?.schoolId && form.school.zoneEntryId && type
      ? hukouSchoolOf(plan, { grade: form.grade, schoolId: form.school.schoolId, zoneEntryId: form.school.zoneEntryId, type, hukou: form.hukou })
      : null;
  const formAccepts = acceptsReassignment(form);
  const hukouSchool = rec?.hukou_school_id
    ? { id: rec.hukou_school_id, name: name(rec.hukou_school_id), source: 'recorded' as const }
    : derived
      ? { id: derived, name: name(derived), source: 'plan' as const }
      : null;
  return {
    formAccepts,
    recorded: rec
      ? { accepts: Number(rec.accepts) === 1, hukouSchoolId: rec.hukou_school_id, note: rec.note, recordedAt: rec.recorded_at, recordedBy: rec.recorded_by_name }
      : null,
    accepts: rec ? Number(rec.accepts) === 1 : formAccepts,
    onRefusal: plan.placement.reassignment.onRefusal,
    hukouSchool,
    schoolOptions: plan.schools.filter((s) => s.ownership === 'public' && (level === null || s.level === level)).map((s) => ({ id: s.id, name: s.name })),
    frozen,
  };
}

/** 是否服从调剂 on the application view; null when no plan is published. */
export async function reassignmentView(db: Db, applicationId: string, form: ApplicationDraft): Promise<ReassignmentView | null> {
  const plan = await planOrNull(db);
  if (!plan) return null;
  return viewOf(plan, form, await reposOf(db).placement.reassignmentRecord(applicationId), await frozenBy(db, plan));
}

export interface RecordReassignment {
  applicationId: string;
  accepts: boolean;
  hukouSchoolId?: string | null | undefined;
  note: string;
}

/** Records what the family told (audited with the reviewer, in the same transaction); answers the new view. */
export async function recordReassignment(db: Kysely<Database>, audit: ConsoleAudit, input: RecordReassignment, session: SignedIn, actor: Actor, now: Date): Promise<ReassignmentView> {
  const row = await visibleRow(db, input.applicationId, session);
  const app = await reposOf(db).applications.findByRef(input.applicationId);
  if (!app) throw problem(404, 'not_found', T.reassignmentNoApplication);
  const plan = await planOrNull(db);
  if (!plan) throw problem(409, 'state_conflict', T.noPlan);
  const frozen = await frozenBy(db, plan);
  if (frozen) throw problem(409, 'state_conflict', frozen);
  const form = (parseRecord(app.record).form ?? {}) as ApplicationDraft;
  const hukouSchoolId = input.hukouSchoolId ?? null;
  if (hukouSchoolId !== null) {
    const level = form.grade ? levelOfGrade(form.grade) : null;
    const school = plan.schools.find((s) => s.id === hukouSchoolId);
    if (!school || school.ownership !== 'public' || (level !== null && school.level !== level)) {
      throw problem(422, 'validation_failed', format(T.reassignmentBadHukouSchool, { school: school?.name ?? hukouSchoolId }), [
        { path: 'hukouSchoolId', message: format(T.reassignmentBadHukouSchool, { school: school?.name ?? hukouSchoolId }) },
      ]);
    }
  }
  const rec: ReassignmentRow = {
    application_id: input.applicationId,
    accepts: input.accepts ? 1 : 0,
    hukou_school_id: hukouSchoolId,
    note: input.note,
    recorded_at: now.toISOString(),
    recorded_by_id: session.staffId,
    recorded_by_name: session.displayName,
  };
  await db.transaction().execute(async (trx) => {
    await reposOf(trx).placement.saveReassignmentRecord(rec);
    await audit.record(actor, 'placement.reassignmentRecorded', input.applicationId, { receiptNo: row.receipt_no, accepts: input.accepts, hukouSchoolId, note: input.note }, now, trx);
  });
  return viewOf(plan, form, rec, null);
}
