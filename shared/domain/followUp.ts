// 补充材料 follow-ups (issue 15): which materials an application still owes and by when, from the counter's own
// marks, the county's 需补充材料 request and the return visits recorded since. One rule for the due list, the
// 工作台 count, the reports, the return-visit screen and the printed notices, so none of them can disagree.
import type { ApplicationDraft } from '../contract/application';
import type { ReviewResult } from '../contract/reviewResult';
import type { CountyPlan } from '../plan/schema';
import { addDays } from '../print/layout';
import { missingRequiredMaterials } from './applicationRules';

/** Statuses in which a missing paper can still be brought (the county has not decided without it). */
export const FOLLOW_UP_STATUSES = ['accepted', 'under_review', 'needs_materials'] as const;

export interface OutstandingItem {
  itemId: string;
  name: string;
  /** The plan's published necessity note. */
  reason: string;
  /** 'counter': marked missing (or never received) at intake; 'county': asked for by the county's review. */
  source: 'counter' | 'county';
  /** Alternatives of one requirement share a group: bringing any one of them satisfies it. */
  anyOf?: string | undefined;
}

/** A return visit as the rule needs it: which county request it answered and what was brought. */
export interface VisitView {
  resultVersion: number | null;
  itemIds: readonly string[];
}

export interface FollowUpState {
  items: OutstandingItem[];
  /** YYYY-MM-DD (China calendar) by which the items are due; null when nothing is outstanding. */
  deadline: string | null;
  /** The county request still open (some of its items not yet brought), if any. */
  countyRequest: ReviewResult | null;
}

/**
 * What an application still owes. `result` is the newest county result applied at this desk (null when none):
 * only a 需补充材料 result asks for anything, and an item it names counts as brought once a visit answering that
 * very result version brought it (a later request asking again is a new request).
 */
export function followUpState(draft: ApplicationDraft, plan: Pick<CountyPlan, 'materials' | 'texts'>, submittedAt: string, result: ReviewResult | null, visits: readonly VisitView[]): FollowUpState {
  const items: OutstandingItem[] = missingRequiredMaterials(draft, plan).map((m) => ({ itemId: m.id, name: m.name, reason: m.reason, source: 'counter', anyOf: m.anyOf }));
  let countyRequest: ReviewResult | null = null;
  if (result?.outcome === 'needs_materials') {
    const brought = new Set(visits.filter((v) => v.resultVersion === result.resultVersion).flatMap((v) => v.itemIds));
    const answered = visits.some((v) => v.resultVersion === result.resultVersion);
    for (const key of result.missingMaterials) {
      if (brought.has(key)) continue;
      const m = plan.materials.find((x) => x.id === key);
      if (!m) continue;
      const existing = items.find((i) => i.itemId === key);
      if (existing) existing.source = 'county';
      else items.push({ itemId: key, name: m.name, reason: m.reason, source: 'county' });
    }
    // A request with only written reasons (no plan item) stays open until a visit answers it.
    if (items.some((i) => i.source === 'county') || (result.missingMaterials.length === 0 && !answered)) countyRequest = result;
  }
  if (items.length === 0 && !countyRequest) return { items, deadline: null, countyRequest: null };
  const deadline = countyRequest?.reportDate ?? addDays(submittedAt, plan.texts.supplementDeadlineDays);
  return { items, deadline, countyRequest };
}

/** Whole days from `today` to `deadline` (both YYYY-MM-DD): negative when overdue, 0 on the day. */
export function daysLeft(deadline: string, today: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * The form with the brought items marked received. Marks of other items stay as they were; an item marked for the
 * first time is added in the plan's order.
 */
export function withBrought(draft: ApplicationDraft, brought: readonly { itemId: string; state: 'original_seen' | 'copy_kept' }[]): ApplicationDraft {
  const marks = [...(draft.materials ?? [])];
  for (const b of brought) {
    const i = marks.findIndex((m) => m.itemId === b.itemId);
    if (i >= 0) marks[i] = { itemId: b.itemId, state: b.state };
    else marks.push({ itemId: b.itemId, state: b.state });
  }
  return { ...draft, materials: marks };
}
