import { place } from './place';
import type { CountyPlan } from '../plan/schema';
import type { PlacementApplication, PlacementResult, PressureLevel } from './types';

// What if a school had more (or fewer) places? Placement before any draw, with and without the change,
// side by side: the dry run's what-if (issue 13). Pure; nothing is stored.

export interface WhatIfRow {
  schoolId: string;
  name: string;
  places: [number, number];
  admitted: [number, number];
  awaitingLottery: [number, number];
  /** Own applicants not admitted (待调剂 before reassignment). */
  notAdmitted: [number, number];
  pressure: [number, number];
  pressureLevel: [PressureLevel, PressureLevel];
}

export interface WhatIf {
  rows: WhatIfRow[];
  /** Children whose outcome (status or school) differs. */
  changed: string[];
  totals: { admitted: [number, number]; awaitingLottery: [number, number]; awaitingReassignment: [number, number] };
}

export type WhatIfOutcome = { ok: true; whatIf: WhatIf } | { ok: false; problems: { path: string; message: string }[] };

const count = (r: PlacementResult, status: string) => r.children.filter((c) => c.status === status).length;

export function whatIfPlaces(plan: CountyPlan, applications: PlacementApplication[], places: Record<string, number>, current: Record<string, number> = {}): WhatIfOutcome {
  const a = place(plan, { applications, places: current });
  if (!a.ok) return a;
  const b = place(plan, { applications, places: { ...current, ...places } });
  if (!b.ok) return b;
  const before = a.result;
  const after = b.result;
  const rows = before.schools.map((s, i): WhatIfRow => {
    const t = after.schools[i]!;
    return {
      schoolId: s.schoolId,
      name: s.name,
      places: [s.places, t.places],
      admitted: [s.admitted, t.admitted],
      awaitingLottery: [s.awaitingLottery, t.awaitingLottery],
      notAdmitted: [s.applicants - s.admitted - s.awaitingLottery, t.applicants - t.admitted - t.awaitingLottery],
      pressure: [s.pressure, t.pressure],
      pressureLevel: [s.pressureLevel, t.pressureLevel],
    };
  });
  const afterBy = new Map(after.children.map((c) => [c.receiptNo, c]));
  const changed = before.children.filter((c) => {
    const d = afterBy.get(c.receiptNo);
    return d === undefined || d.status !== c.status || d.schoolId !== c.schoolId;
  });
  return {
    ok: true,
    whatIf: {
      rows,
      changed: changed.map((c) => c.receiptNo),
      totals: {
        admitted: [count(before, 'admitted'), count(after, 'admitted')],
        awaitingLottery: [count(before, 'awaiting_lottery'), count(after, 'awaiting_lottery')],
        awaitingReassignment: [count(before, 'awaiting_reassignment'), count(after, 'awaiting_reassignment')],
      },
    },
  };
}
