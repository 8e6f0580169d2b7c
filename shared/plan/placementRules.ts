import { z } from 'zod';
import { enrollmentTypeSchema, type EnrollmentType } from '../contract/application';
import { text } from '../contract/fields';
import { labels } from '../i18n/zhCN.labels';

// The plan's placement rules (录取 and 调剂, issue 13): batches in priority order, how ties inside a batch
// are broken, where special placements go, and who is reassigned where. shared/placement applies them;
// nothing about placement is coded that a county decides.

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const planIdSchema = z
  .string({ error: '编号应为文字。' })
  .regex(ID_PATTERN, '编号应为 1–64 位小写字母、数字、连字符或下划线，以字母或数字开头，例如 p-chengguan。');

/**
 * How children of one batch are ordered when it does not fit: earlier hukou move-in date first, earlier
 * property registration first, more points first, and — always last — the public lottery, so that no tie
 * is ever settled by the order of registration or by a clerk.
 */
export const tieBreakerSchema = z.enum(['hukou_move_in', 'property_registration', 'points', 'lottery']);
export type TieBreaker = z.infer<typeof tieBreakerSchema>;

export const tieBreakerLabel: Record<TieBreaker, string> = {
  hukou_move_in: '户籍迁入（落户）日期早者优先',
  property_registration: '房产登记日期早者优先',
  points: '积分高者优先',
  lottery: '电脑随机派位',
};

export const batchSchema = z.strictObject({
  /** Shown on the dry-run table and in explanations, e.g. 房户一致. */
  name: text(30),
  types: z.array(enrollmentTypeSchema).min(1, '每个批次至少包含 1 种招生类型。').max(6, '一个批次最多包含 6 种招生类型。'),
  tieBreakers: z.array(tieBreakerSchema).min(1, '每个批次至少有 1 条排序规则（最后一条为 lottery）。').max(4, '排序规则最多 4 条。'),
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
      places: z.number({ error: '特教学校计划人数应为整数。' }).int('特教学校计划人数应为整数。').min(0, '特教学校计划人数不能为负数。').max(1000, '特教学校计划人数不能超过 1000。'),
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
      to: z.array(planIdSchema).min(1, '至少列出 1 所调剂学校。').max(20, '调剂学校最多 20 所。'),
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
  batches: z.array(batchSchema).min(1, '至少列出 1 个录取批次。').max(10, '录取批次最多 10 个。'),
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

const typeName = (code: EnrollmentType) => `${labels.enrollmentType[code]}（${code}）`;

export function checkPlacementRules(plan: PlanForCheck, add: Add): void {
  const { batches, special, reassignment } = plan.placement;
  const typeOrder = new Map(plan.enrollmentTypes.map((t) => [t.code, t.order]));
  const batchOfType = new Map<EnrollmentType, number>();

  batches.forEach((batch, bi) => {
    batch.types.forEach((code, ti) => {
      const path = ['placement', 'batches', bi, 'types', ti];
      if (!typeOrder.has(code)) add(path, `批次“${batch.name}”中的招生类型 ${typeName(code)} 不在本方案的 enrollmentTypes 中。`);
      else if (code === 'preferential' && special.preferential === 'ahead') {
        add(path, '优待对象已按 special.preferential = "ahead" 在各批次之前安排，不能再列入批次；如要随批次录取，请把它改为 "batch"。');
      } else if (batchOfType.has(code)) add(path, `招生类型 ${typeName(code)} 已列入第 ${(batchOfType.get(code) ?? 0) + 1} 批次，每种类型只能属于一个批次。`);
      else batchOfType.set(code, bi);
    });
    const seen = new Set<TieBreaker>();
    batch.tieBreakers.forEach((tb, k) => {
      if (seen.has(tb)) add(['placement', 'batches', bi, 'tieBreakers', k], `批次“${batch.name}”的排序规则“${tieBreakerLabel[tb]}”重复。`);
      seen.add(tb);
    });
    if (batch.tieBreakers.at(-1) !== 'lottery') {
      add(
        ['placement', 'batches', bi, 'tieBreakers'],
        `批次“${batch.name}”的排序规则最后一条必须是 lottery（电脑随机派位）：前面各项都相同的儿童只能由公开派位决定，不能按报名先后或由工作人员决定。`,
      );
    }
  });

  for (const t of plan.enrollmentTypes) {
    if (t.code === 'preferential' && special.preferential === 'ahead') continue;
    if (!batchOfType.has(t.code)) add(['placement', 'batches'], `招生类型 ${typeName(t.code)} 没有列入任何录取批次；每种招生类型都必须属于一个批次。`);
  }
  // Batches must not contradict the types' own priority (the order the desk explains to families).
  const ranked = [...batchOfType.entries()].sort((a, b) => (typeOrder.get(a[0]) ?? 0) - (typeOrder.get(b[0]) ?? 0));
  for (let i = 1; i < ranked.length; i++) {
    const [prevType, prevBatch] = ranked[i - 1]!;
    const [type, batch] = ranked[i]!;
    if (batch < prevBatch) {
      add(
        ['placement', 'batches', batch],
        `批次顺序与招生类型顺序不一致：${typeName(type)} 的顺位在 ${typeName(prevType)} 之后，却排在更靠前的第 ${batch + 1} 批次。请调整批次或 enrollmentTypes 的 order。`,
      );
    }
  }

  const schools = new Map(plan.schools.map((s) => [s.id, s]));
  if (special.specialSchool !== null && schools.has(special.specialSchool.id)) {
    add(['placement', 'special', 'specialSchool', 'id'], `特教学校编号“${special.specialSchool.id}”与 schools 中的学校重复，请换一个编号。`);
  }
  if (special.homeTeaching === 'special_school' && special.specialSchool === null) {
    add(['placement', 'special', 'homeTeaching'], '送教上门由特教学校承担（special_school），但方案没有设置特教学校（specialSchool 为 null）。请设置特教学校，或改为 zone_school。');
  }

  const fromSeen = new Map<string, number>();
  reassignment.order.forEach((entry, ei) => {
    const from = schools.get(entry.from);
    if (fromSeen.has(entry.from)) add(['placement', 'reassignment', 'order', ei, 'from'], `学校“${entry.from}”的调剂顺序与 order.${fromSeen.get(entry.from)} 重复。`);
    fromSeen.set(entry.from, ei);
    if (from === undefined) {
      add(['placement', 'reassignment', 'order', ei, 'from'], `调剂顺序中的学校编号“${entry.from}”在 schools 中不存在。`);
      return;
    }
    const toSeen = new Set<string>();
    entry.to.forEach((toId, k) => {
      const path = ['placement', 'reassignment', 'order', ei, 'to', k];
      const to = schools.get(toId);
      if (to === undefined) add(path, `调剂学校编号“${toId}”在 schools 中不存在。`);
      else if (toId === entry.from) add(path, `学校“${from.name}”不能调剂到本校。`);
      else if (toSeen.has(toId)) add(path, `学校“${from.name}”的调剂顺序重复列出“${to.name}”。`);
      else if (to.level !== from.level) add(path, `“${from.name}”与“${to.name}”学段不同，不能互相调剂。`);
      else if (to.ownership !== 'public') add(path, `“${to.name}”是民办学校，调剂只安排到公办学校（以公办学校为主，鲁教基函〔2021〕9号第 7 条）。`);
      toSeen.add(toId);
    });
  });
}
