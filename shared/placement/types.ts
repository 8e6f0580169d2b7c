import { z } from 'zod';
import { enrollmentTypeSchema, gradeSchema, placementSchema } from '../contract/application';
import { placementInputText as T } from '../i18n/zhCN.placement';

// Placement (录取 and 调剂) works on approved applications as the county server holds them, reduced to
// what the plan's rules can look at. Nothing else about a child enters the computation.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, T.isoDate);

export const placementApplicationSchema = z.strictObject({
  receiptNo: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, T.receiptNo),
  /** Full name; only its masked form (张*明) leaves placement, on lottery lists. */
  name: z.string().min(1, T.name).max(60),
  grade: gradeSchema,
  /** The school applied to (a zone school, or a county-wide private school). */
  schoolId: z.string().min(1),
  /** The family's zone entry: its schools take the child first if a private school cannot. */
  zoneEntryId: z.string().min(1),
  /** The enrollment type as decided (typeDecision.chosen). */
  type: enrollmentTypeSchema,
  hukouMoveInDate: isoDate.nullable().optional(),
  propertyRegistrationDate: isoDate.nullable().optional(),
  points: z.number().min(0).max(100000).nullable().optional(),
  disability: placementSchema.nullable().optional(),
  /** Children applying together (twins, siblings) share a group id and are placed together. */
  siblingGroup: z.string().min(1).max(64).nullable().optional(),
  /** Recorded when the family refuses reassignment; the plan's rule then applies. */
  refusesReassignment: z.boolean().optional(),
  /** The school of the child's hukou address, for the 'hukou_school' refusal rule. */
  hukouSchoolId: z.string().min(1).nullable().optional(),
});
export type PlacementApplication = z.infer<typeof placementApplicationSchema>;

export const placementInputSchema = z.strictObject({
  applications: z.array(placementApplicationSchema).max(500_000),
  /** What-if: places per school id (and the special school's id) instead of the plan's. */
  places: z.record(z.string(), z.number().int().min(0).max(100_000)).optional(),
  /** The lottery, once drawn: its seed and the digest of every pool list it drew (from the bundle). */
  draw: z.strictObject({ seed: z.string().regex(/^[0-9a-f]{64}$/), listDigests: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)) }).optional(),
});
export type PlacementInput = z.input<typeof placementInputSchema>;

export type PlacementStatus = 'admitted' | 'awaiting_lottery' | 'awaiting_reassignment' | 'reassigned';
export type SpecialKind = 'preferential' | 'regular_class' | 'special_school' | 'home_teaching';

export interface ChildPlacement {
  receiptNo: string;
  status: PlacementStatus;
  appliedSchoolId: string;
  /** Where the child goes: the admitting or reassigned school, the special school, the home-teaching school. */
  schoolId: string | null;
  /**
   * The child's priority under the plan: 0 = ahead of the batches (优待, 随班就读), 1… = the plan's batches.
   * For a private school's applicant it orders reassignment only (the private school itself draws lots).
   * Null for special-school and home-teaching children.
   */
  batch: number | null;
  /** Position in the applied school's order: 1 + the seats of everyone strictly ahead. */
  rank: number | null;
  /** The applied school's places (the special school's for special-school children). */
  places: number;
  /** Set when a draw decided the child's place at the applied school. */
  lottery: { pool: string; rank: number; of: number; won: boolean } | null;
  special: SpecialKind | null;
  /** For a reassigned child: the school's position in its reassignment order (1 = the nearest). */
  choice: number | null;
  refusedReassignment: boolean;
  /** The other receipts of the child's sibling group. */
  siblings: string[];
  /** One line, Chinese: `第 2 批次 · 落户 2024-05-01 · 第 37 名 / 计划 45`. */
  explanation: string;
}

export type PressureLevel = 'red' | 'yellow' | 'green';

export interface SchoolSummary {
  schoolId: string;
  name: string;
  kind: 'public' | 'private' | 'special';
  places: number;
  /** Seats asked for by the children who applied here (special-school and home-teaching children excluded). */
  applicants: number;
  byBatch: { batch: number; label: string; applicants: number; admitted: number }[];
  /** Seats taken by its own applicants. */
  admitted: number;
  reassignedIn: number;
  awaitingLottery: number;
  /** Where the places ran out, e.g. 第 2 批次 · 落户 2024-05-01 · 第 45 名; null when everyone fitted. */
  cutoff: { batch: number | null; line: string } | null;
  spare: number;
  /** Applicants per place, percent (rounded down). */
  pressure: number;
  pressureLevel: PressureLevel;
}

/** A pool the lottery must draw before placement can finish, ready for `announce` (shared/lottery/bundle). */
export interface PlacementPool {
  code: string;
  name: string;
  kind: 'places' | 'order';
  places: number;
  entries: { receipts: string[]; name: string }[];
  /** SHA-256 of the pool's canonical list (what the announcement publishes). */
  listDigest: string;
}

export interface PlacementResult {
  /** True when every child's outcome is final (all needed draws were given). */
  complete: boolean;
  children: ChildPlacement[];
  schools: SchoolSummary[];
  pools: PlacementPool[];
}

export type PlacementOutcome = { ok: true; result: PlacementResult } | { ok: false; problems: { path: string; message: string }[] };
