import { z } from 'zod';
import { enrollmentTypeSchema, type EnrollmentType } from '../contract/application';
import { text } from '../contract/fields';
import { format } from '../i18n/format';
import { labels } from '../i18n/zhCN.labels';
import { planFieldText as F, planPlacementText as P } from '../i18n/zhCN.plan';

// The plan's placement rules (录取 and 调剂, issue 13): batches in priority order, how ties inside a batch
// are broken, where special placements go, and who is reassigned where. shared/placement applies them;
// nothing about placement is coded that a county decides.

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const planIdSchema = z
  .string({ error: F.id.type })
  .regex(ID_PATTERN, F.id.pattern);

/**
 * How children of one batch are ordered when it does not fit: earlier hukou move-in date first, earlier
 * property registration first, more points first, and — always last — the public lottery, so that no tie
 * is ever settled by the order of registration or by a clerk.
 */
export const tieBreakerSchema = z.enum(['hukou_move_in', 'property_registration', 'points', 'lottery']);
export type TieBreaker = z.infer<typeof tieBreakerSchema>;

export const tieBreakerLabel: Record<TieBreaker, string> = P.tieBreaker;

export const batchSchema = z.strictObject({
  /** Shown on the dry-run table and in explanations, e.g. 房户一致. */
  name: text(30),
  types: z.array(enrollmentTypeSchema).min(1, F.batchTypesMin).max(6, F.batchTypesMax),
  tieBreakers: z.array(tieBreakerSchema).min(1, F.tieBreakersMin).max(4, F.tieBreakersMax),
});
export type PlacementBatch = z.infer<typeof batchSchema>;

export const specialPlacementSchema = z.strictObject({
  /** 优待对象: placed at the chosen school ahead of batch 1 ('ahead'), or in the batch that lists the type. */
  preferential: z.enum(['ahead', 'batch']),
  /** 随班就读 (light disability, regular class near home, seed 000 §8): ahead of batch 1 or with the child's batch. */
  regularClass: z.enum(['ahead', 'batch']),
  /** 特教学校: the county's special-education school, with its own places (not a regular school's). */
  specialSchool: z
    .strictObject({
      id: planIdSchema,
      name: text(60),
      places: z
        .number({ error: F.specialSchoolPlaces.integer })
        .int(F.specialSchoolPlaces.integer)
        .min(0, F.specialSchoolPlaces.negative)
        .max(1000, F.specialSchoolPlaces.max),
    })
    .nullable(),
  /** 送教上门: which school sends its teachers; the child takes no classroom place. */
  homeTeaching: z.enum(['special_school', 'zone_school']),
});
export type SpecialPlacementRules = z.infer<typeof specialPlacementSchema>;

export const reassignmentSchema = z.strictObject({
  /** Per school, the schools that take its children who did not fit, nearest first. */
  order: z.array(
    z.strictObject({
      from: planIdSchema,
      to: z.array(planIdSchema).min(1, F.reassignToMin).max(20, F.reassignToMax),
    }),
  ),
  /**
   * A family that refuses reassignment: 'hukou_school' — it goes on its hukou school's list (placed there
   * when a place is free); 'bureau' — the bureau places the child by coordination (统筹).
   */
  onRefusal: z.enum(['hukou_school', 'bureau']),
});
export type ReassignmentRules = z.infer<typeof reassignmentSchema>;

export const placementRulesSchema = z.strictObject({
  batches: z.array(batchSchema).min(1, F.batchesMin).max(10, F.batchesMax),
  special: specialPlacementSchema,
  reassignment: reassignmentSchema,
});
export type PlacementRules = z.infer<typeof placementRulesSchema>;

interface PlanForCheck {
  schools: readonly { id: string; name: string; level: string; ownership: 'public' | 'private' }[];
  enrollmentTypes: readonly { code: EnrollmentType; order: number }[];
  placement: PlacementRules;
}

type Add = (path: (string | number)[], message: string) => void;

const typeName = (code: EnrollmentType) => format(P.typeName, { label: labels.enrollmentType[code], code });

export function checkPlacementRules(plan: PlanForCheck, add: Add): void {
  const { batches, special, reassignment } = plan.placement;
  const typeOrder = new Map(plan.enrollmentTypes.map((t) => [t.code, t.order]));
  const batchOfType = new Map<EnrollmentType, number>();

  batches.forEach((batch, bi) => {
    batch.types.forEach((code, ti) => {
      const path = ['placement', 'batches', bi, 'types', ti];
      if (!typeOrder.has(code)) add(path, format(P.batchTypeUnknown, { batch: batch.name, type: typeName(code) }));
      else if (code === 'preferential' && special.preferential === 'ahead') {
        add(path, P.preferentialAhead);
      } else if (batchOfType.has(code)) add(path, format(P.typeInTwoBatches, { type: typeName(code), batch: (batchOfType.get(code) ?? 0) + 1 }));
      else batchOfType.set(code, bi);
    });
    const seen = new Set<TieBreaker>();
    batch.tieBreakers.forEach((tb, k) => {
      if (seen.has(tb)) add(['placement', 'batches', bi, 'tieBreakers', k], format(P.tieBreakerRepeated, { batch: batch.name, rule: tieBreakerLabel[tb] }));
      seen.add(tb);
    });
    if (batch.tieBreakers.at(-1) !== 'lottery') {
      add(
        ['placement', 'batches', bi, 'tieBreakers'],
        format(P.lotteryLast, { batch: batch.name }),
      );
    }
  });

  for (const t of plan.enrollmentTypes) {
    if (t.code === 'preferential' && special.preferential === 'ahead') continue;
    if (!batchOfType.has(t.code)) add(['placement', 'batches'], format(P.typeNoBatch, { type: typeName(t.code) }));
  }
  // Batches must not contradict the types' own priority (the order the desk explains to families).
  const ranked = [...batchOfType.entries()].sort((a, b) => (typeOrder.get(a[0]) ?? 0) - (typeOrder.get(b[0]) ?? 0));
  for (let i = 1; i < ranked.length; i++) {
    const [prevType, prevBatch] = ranked[i - 1]!;
    const [type, batch] = ranked[i]!;
    if (batch < prevBatch) {
      add(
        ['placement', 'batches', batch],
        format(P.batchOrder, { type: typeName(type), previous: typeName(prevType), batch: batch + 1 }),
      );
    }
  }

  const schools = new Map(plan.schools.map((s) => [s.id, s]));
  if (special.specialSchool !== null && schools.has(special.specialSchool.id)) {
    add(['placement', 'special', 'specialSchool', 'id'], format(P.specialSchoolId, { id: special.specialSchool.id }));
  }
  if (special.homeTeaching === 'special_school' && special.specialSchool === null) {
    add(['placement', 'special', 'homeTeaching'], P.homeTeachingNoSchool);
  }

  const fromSeen = new Map<string, number>();
  reassignment.order.forEach((entry, ei) => {
    const from = schools.get(entry.from);
    if (fromSeen.has(entry.from)) add(['placement', 'reassignment', 'order', ei, 'from'], format(P.reassignFromRepeated, { id: entry.from, first: fromSeen.get(entry.from) ?? '' }));
    fromSeen.set(entry.from, ei);
    if (from === undefined) {
      add(['placement', 'reassignment', 'order', ei, 'from'], format(P.reassignFromUnknown, { id: entry.from }));
      return;
    }
    const toSeen = new Set<string>();
    entry.to.forEach((toId, k) => {
      const path = ['placement', 'reassignment', 'order', ei, 'to', k];
      const to = schools.get(toId);
      if (to === undefined) add(path, format(P.reassignToUnknown, { id: toId }));
      else if (toId === entry.from) add(path, format(P.reassignSelf, { school: from.name }));
      else if (toSeen.has(toId)) add(path, format(P.reassignToRepeated, { from: from.name, to: to.name }));
      else if (to.level !== from.level) add(path, format(P.reassignLevel, { from: from.name, to: to.name }));
      else if (to.ownership !== 'public') add(path, format(P.reassignPrivate, { to: to.name }));
      toSeen.add(toId);
    });
  });
}
