import type { guardianSchema } from '../contract/application';
import type { z } from 'zod';
import type { CountyPlan } from '../plan/schema';
import { labels } from '../i18n/zhCN.labels';
import { format } from '../i18n/format';
import { pointsText as t } from '../i18n/zhCN.domain';

type GuardianLike = Partial<z.infer<typeof guardianSchema>>;

export interface PointsLine {
  guardianIndex: number;
  guardianName: string;
  itemId: string;
  itemName: string;
  /** Unbroken months as recorded on the form. */
  months: number;
  /** Months after the plan's cap. */
  countedMonths: number;
  /** Points this line adds to the total (0 when `counted` is false). */
  points: number;
  /** False when the line is superseded: a better alternative in its group, or a guardian not added. */
  counted: boolean;
}

export interface PointsResult {
  total: number;
  breakdown: PointsLine[];
  capMonths: number;
  explanation: string;
}

const RELATION_LABEL: Record<string, string> = labels.relation;

// Points such as 0.5/month are exact in binary, but a county may publish 0.3; round for display.
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Migrant points (积分) by the plan's rule, e.g. residence permit 1 point/month, social insurance
 * or business licence 0.5 point/month, both parents added, months capped at 72 per item per
 * guardian. The form records unbroken months counted back from the plan's date, so no broken
 * spells reach this function. Items sharing an `exclusiveGroup` are alternatives: per guardian
 * only the best-scoring one counts; items without a group all count, as the plan lists them.
 */
export function computeMigrantPoints(
  guardians: readonly GuardianLike[] | undefined,
  plan: Pick<CountyPlan, 'migrantPoints'>,
): PointsResult {
  const rule = plan.migrantPoints;
  const breakdown: PointsLine[] = [];
  const subtotals: { index: number; total: number }[] = [];

  (guardians ?? []).forEach((g, guardianIndex) => {
    if (g.relation === undefined || !rule.countedRelations.includes(g.relation)) return;
    const guardianName = g.name ?? RELATION_LABEL[g.relation] ?? t.guardian;
    const lines = rule.items.map((item): PointsLine => {
      const months = g.migrant?.[item.field] ?? 0;
      const countedMonths = Math.min(Math.max(months, 0), rule.capMonths);
      const points = round2(countedMonths * item.pointsPerMonth);
      return { guardianIndex, guardianName, itemId: item.id, itemName: item.name, months, countedMonths, points, counted: true };
    });
    // Within an exclusive group keep the best line; ties keep the item listed first.
    const best = new Map<string, PointsLine>();
    rule.items.forEach((item, i) => {
      const line = lines[i];
      if (item.exclusiveGroup === undefined || line === undefined) return;
      const current = best.get(item.exclusiveGroup);
      if (current === undefined || line.points > current.points) best.set(item.exclusiveGroup, line);
    });
    rule.items.forEach((item, i) => {
      const line = lines[i];
      if (line !== undefined && item.exclusiveGroup !== undefined && best.get(item.exclusiveGroup) !== line) {
        line.counted = false;
        line.points = 0;
      }
    });
    subtotals.push({ index: guardianIndex, total: round2(lines.reduce((sum, l) => sum + l.points, 0)) });
    breakdown.push(...lines);
  });

  let total: number;
  if (rule.sumGuardians) {
    total = round2(subtotals.reduce((sum, s) => sum + s.total, 0));
  } else {
    // Only the best guardian's points count; earlier guardian wins a tie.
    const top = subtotals.reduce<{ index: number; total: number } | undefined>((a, s) => (a === undefined || s.total > a.total ? s : a), undefined);
    total = top?.total ?? 0;
    for (const line of breakdown) {
      if (line.guardianIndex !== top?.index) {
        line.counted = false;
        line.points = 0;
      }
    }
  }

  const itemsText = rule.items.map((it) => format(t.item, { name: it.name, points: it.pointsPerMonth })).join('，');
  const groups = [...new Set(rule.items.flatMap((it) => (it.exclusiveGroup === undefined ? [] : [it.exclusiveGroup])))]
    .map((grp) => rule.items.filter((it) => it.exclusiveGroup === grp).map((it) => it.name).join(t.or))
    .map((names) => format(t.exclusive, { names }));
  const who = rule.countedRelations.map((r) => RELATION_LABEL[r] ?? r).join('、');
  const ruleText = format(t.rule, {
    items: itemsText,
    groups: groups.length > 0 ? format(t.exclusiveNote, { groups: groups.join('；') }) : '',
    combine: format(rule.sumGuardians ? t.summed : t.best, { who }),
    from: rule.countBackFrom,
    cap: rule.capMonths,
  });
  const perLine = breakdown
    .filter((l) => l.months > 0)
    .map(
      (l) =>
        format(t.line, { guardian: l.guardianName, item: l.itemName, months: l.months }) +
        (l.countedMonths < l.months ? format(t.capped, { counted: l.countedMonths }) : '') +
        (l.counted ? format(t.linePoints, { points: l.points }) : t.notCounted),
    );
  const explanation = format(t.explanation, { rule: ruleText, lines: perLine.length > 0 ? perLine.join('；') : t.noMonths, total });

  return { total, breakdown, capMonths: rule.capMonths, explanation };
}
