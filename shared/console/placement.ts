import { z } from 'zod';
import { int32, longText, text } from '../contract/fields';
import { applicationId, endpoint, isoDay, isoTime, none, planItemId } from './define';
import { consoleContractText } from '../i18n/zhCN.consoleContract';

// Placement (录取 / 调剂) and the public lottery (电脑随机派位) in the console, issue 13. The computation is pure code
// in shared/placement and shared/lottery; these endpoints run it on the county's approved applications, hold the
// draw's steps (freeze and announce → enter values and secrets → seed → ranked results → bundle) and send the
// results to the desks. 局管理员 runs every step; 只读 may watch (names are masked for everyone here).

const RUN = ['admin'] as const;
const VIEW = ['admin', 'viewer'] as const;
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();

export const pressureLevelSchema = z.enum(['red', 'yellow', 'green']);
export const childStatusSchema = z.enum(['admitted', 'awaiting_lottery', 'awaiting_reassignment', 'reassigned']);
export type ChildStatus = z.infer<typeof childStatusSchema>;

export const schoolRowSchema = z.object({
  schoolId: z.string(),
  name: z.string(),
  kind: z.enum(['public', 'private', 'special']),
  places: count,
  applicants: count,
  byBatch: z.array(z.object({ batch: count, label: z.string(), applicants: count, admitted: count })),
  admitted: count,
  reassignedIn: count,
  awaitingLottery: count,
  /** Where the places ran out (第 2 批次 · 落户 2024-05-01 · 第 45 名 / 计划 45); null when everyone fitted. */
  cutoff: z.object({ batch: count.nullable(), line: z.string() }).nullable(),
  spare: count,
  /** Applicants per place, percent: red ≥ 100, yellow 90–99, green < 90. */
  pressure: count,
  pressureLevel: pressureLevelSchema,
});
export type SchoolRow = z.infer<typeof schoolRowSchema>;

export const poolRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['places', 'order']),
  places: count,
  entries: count,
  listDigest: hex64,
});

export const childRowSchema = z.object({
  receiptNo: z.string(),
  /** Masked (张*明). */
  name: z.string(),
  appliedSchoolId: z.string(),
  appliedSchoolName: z.string(),
  status: childStatusSchema,
  schoolId: z.string().nullable(),
  schoolName: z.string().nullable(),
  batch: count.nullable(),
  rank: count.nullable(),
  lottery: z.object({ pool: z.string(), rank: count, of: count, won: z.boolean() }).nullable(),
  /** 第 2 批次 · 落户 2024-05-01 · 第 37 名 / 计划 45 */
  explanation: z.string(),
});
export type ChildRow = z.infer<typeof childRowSchema>;

const totalsSchema = z.object({ admitted: count, awaitingLottery: count, awaitingReassignment: count, reassigned: count });

export const dryRunSchema = z.object({
  /** before_draw: over today's approved applications; after_draw: the frozen applications with the draw. */
  stage: z.enum(['before_draw', 'after_draw']),
  planVersion: z.number().int(),
  year: z.number().int(),
  /** Every child's outcome is final (no draw outstanding). */
  complete: z.boolean(),
  placed: count,
  skipped: z.array(z.object({ receiptNo: z.string(), reason: z.string() })),
  /** Siblings named as applying together to different schools or grades: placed apart, with what to do. */
  siblingWarnings: z.array(z.object({ receipts: z.array(z.string()), message: z.string() })),
  schools: z.array(schoolRowSchema),
  pools: z.array(poolRowSchema),
  totals: totalsSchema,
  /** Applications approved after the pools were frozen (they are not in this draw's placement). */
  lateApprovals: count,
  publication: z.object({ publishedAt: isoTime, publishedBy: z.string(), results: count, sent: count }).nullable(),
});
export type DryRun = z.infer<typeof dryRunSchema>;

const sourceCandidateSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, consoleContractText.placement.sourceId),
  description: text(200),
  format: z.string().regex(/^(int-list:[1-9]\d?|decimal:[0-6])$/, consoleContractText.placement.sourceFormat),
});

export const lotteryStateSchema = z.object({
  lottery: z
    .object({
      id: z.number().int(),
      status: z.enum(['announced', 'drawn', 'published']),
      title: z.string(),
      year: z.number().int(),
      announcementDigest: hex64,
      announcedAt: isoTime,
      announcedBy: z.string(),
      pools: z.array(poolRowSchema),
      sources: z.array(z.object({ slot: z.number().int(), candidates: z.array(sourceCandidateSchema) })),
      parties: z.array(z.object({ id: z.string(), name: z.string(), commitment: hex64 })),
      draw: z
        .object({
          sources: z.array(z.object({ used: z.number().int(), skipped: z.array(z.string()), value: z.string() })),
          secrets: z.array(z.object({ party: z.string(), secret: z.string() })),
          seed: hex64,
          resultDigest: hex64,
          drawnAt: isoTime,
          drawnBy: z.string(),
          results: z.array(
            z.object({
              pool: z.string(),
              name: z.string(),
              kind: z.enum(['places', 'order']),
              places: count,
              rows: z.array(z.object({ rank: count, receipts: z.array(z.string()), name: z.string(), key: hex64, status: z.enum(['admitted', 'waiting', 'ranked']) })),
            }),
          ),
        })
        .nullable(),
    })
    .nullable(),
});
export type LotteryState = z.infer<typeof lotteryStateSchema>;

export const whatIfSchema = z.object({
  rows: z.array(
    z.object({
      schoolId: z.string(),
      name: z.string(),
      places: z.tuple([count, count]),
      admitted: z.tuple([count, count]),
      awaitingLottery: z.tuple([count, count]),
      notAdmitted: z.tuple([count, count]),
      pressure: z.tuple([count, count]),
      pressureLevel: z.tuple([pressureLevelSchema, pressureLevelSchema]),
    }),
  ),
  /** Children whose status or school changes (at most 500 listed; `changedCount` has them all). */
  changed: z.array(z.string()),
  changedCount: count,
  totals: z.object({ admitted: z.tuple([count, count]), awaitingLottery: z.tuple([count, count]), awaitingReassignment: z.tuple([count, count]) }),
});

const fileSchema = z.object({ fileName: z.string(), contentBase64: z.string() });

/** Reviewers record 是否服从调剂 when a family tells the bureau by phone (不服从调剂, or taking it back). */
const REVIEWERS = ['reviewer', 'second_reviewer'] as const;

export const reassignmentRecordSchema = z.object({
  accepts: z.boolean(),
  /** The hukou school the reviewer set; null: derived from the plan. */
  hukouSchoolId: z.string().nullable(),
  /** How the family told the bureau, e.g. 家长 2026-07-21 来电告知不服从调剂. */
  note: z.string(),
  recordedAt: isoTime,
  recordedBy: z.string(),
});

/** 是否服从调剂 on the application view: the desk's form, the reviewer's record (which wins), and what placement uses. */
export const reassignmentViewSchema = z.object({
  /** The desk's form (absent there means 是). */
  formAccepts: z.boolean(),
  recorded: reassignmentRecordSchema.nullable(),
  /** What placement uses: the record when there is one, else the form. */
  accepts: z.boolean(),
  /** The plan's rule for a family that refuses: its hukou school's list, or the bureau. */
  onRefusal: z.enum(['hukou_school', 'bureau']),
  /** The hukou school placement uses: recorded, else derived from the plan's zones; null when neither tells it. */
  hukouSchool: z.object({ id: z.string(), name: z.string(), source: z.enum(['recorded', 'plan']) }).nullable(),
  /** The public schools of the child's level, for setting the hukou school. */
  schoolOptions: z.array(z.object({ id: z.string(), name: z.string() })),
  /** Set when the lottery's lists are frozen: a record now would not reach this year's placement. */
  frozen: z.string().nullable(),
});
export type ReassignmentView = z.infer<typeof reassignmentViewSchema>;

export const placementEndpoints = {
  'placement.dryRun': endpoint('placement.dryRun', {
    summary: 'Per-school table of placement over the approved applications (before the draw) or with the draw',
    input: none,
    output: dryRunSchema,
    access: VIEW,
  }),
  'placement.children': endpoint('placement.children', {
    summary: "Children's placements with their one-line explanation, filtered",
    input: z.strictObject({
      schoolId: planItemId.optional(),
      status: childStatusSchema.optional(),
      /** Receipt number or part of it. */
      query: z.string().trim().max(60).optional(),
      offset: int32(0).default(0),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.object({ total: count, rows: z.array(childRowSchema) }),
    access: VIEW,
  }),
  'placement.whatIf': endpoint('placement.whatIf', {
    summary: 'Placement before the draw with other places per school, beside the plan',
    input: z.strictObject({ places: z.record(planItemId, z.number().int(consoleContractText.placement.placesInteger).min(0, consoleContractText.placement.placesNegative).max(100_000, consoleContractText.placement.placesTooMany)) }),
    output: whatIfSchema,
    access: VIEW,
  }),
  'placement.exportSchool': endpoint('placement.exportSchool', {
    summary: "One school's list as XLSX (ID numbers masked)",
    input: z.strictObject({ schoolId: planItemId }),
    output: fileSchema,
    access: VIEW,
  }),
  /** Sends every child's result to the desk that took the application (已录取 / 待调剂 / 已调剂, 中签 / 未中签). */
  'placement.publish': endpoint('placement.publish', {
    summary: 'Publish placement results to the desks',
    input: z.strictObject({ reportDate: isoDay.optional(), reportPlace: text(200).optional() }),
    output: z.object({ results: count, sent: count, publishedAt: isoTime }),
    access: RUN,
  }),
  /** Wins over the desk form's 是否服从调剂 in placement; audited with the reviewer. Refused while a draw's lists are frozen. */
  'placement.recordReassignment': endpoint('placement.recordReassignment', {
    summary: 'Record whether the family accepts reassignment, as it told the bureau (reviewers)',
    input: z.strictObject({
      applicationId,
      accepts: z.boolean(),
      /** A public school of the child's level; null or absent: derived from the plan. */
      hukouSchoolId: planItemId.nullable().optional(),
      note: longText(200, 2),
    }),
    output: reassignmentViewSchema,
    access: REVIEWERS,
  }),
  'lottery.state': endpoint('lottery.state', {
    summary: 'The current draw: frozen pools, sources, commitments, and once drawn the seed and ranked lists',
    input: none,
    output: lotteryStateSchema,
    access: VIEW,
  }),
  /** Freezes the pools placement needs and publishes them with the seed sources and the parties' commitments. */
  'lottery.announce': endpoint('lottery.announce', {
    summary: 'Freeze the pools and announce seed sources and commitments',
    input: z.strictObject({
      title: text(200),
      sources: z.array(z.strictObject({ candidates: z.array(sourceCandidateSchema).min(1).max(5) })).min(1, consoleContractText.placement.sourcesRequired).max(10),
      parties: z
        .array(z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, consoleContractText.placement.partyId), name: text(100), commitment: z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, consoleContractText.placement.commitment) }))
        .min(1, consoleContractText.placement.partiesRequired)
        .max(20),
    }),
    output: lotteryStateSchema,
    access: RUN,
  }),
  /** Ceremony step: a source value as typed, in its canonical form (or why not). Nothing is stored. */
  'lottery.checkSource': endpoint('lottery.checkSource', {
    summary: 'Check a public source value typed at the ceremony',
    input: z.strictObject({ slot: int32(1), used: int32(1), value: text(200) }),
    output: z.object({ ok: z.boolean(), value: z.string().nullable(), message: z.string().nullable() }),
    access: RUN,
  }),
  /** Ceremony step: a revealed secret against its party's commitment. Nothing is stored. */
  'lottery.checkSecret': endpoint('lottery.checkSecret', {
    summary: "Check a revealed secret against the party's commitment",
    input: z.strictObject({ party: z.string().max(64), secret: z.string().max(200) }),
    output: z.object({ ok: z.boolean(), commitment: hex64.nullable(), actual: hex64.nullable(), message: z.string().nullable() }),
    access: RUN,
  }),
  /** Builds the seed from the values and secrets, ranks every pool and stores the bundle. */
  'lottery.draw': endpoint('lottery.draw', {
    summary: 'Draw: seed from sources and secrets, ranked pools, bundle',
    input: z.strictObject({
      sources: z.array(z.strictObject({ used: int32(1), skipped: z.array(longText(200, 1)).max(4).default([]), value: text(200) })).max(10),
      secrets: z.array(z.strictObject({ party: z.string().max(64), secret: z.string().max(200) })).max(20),
    }),
    output: lotteryStateSchema,
    access: RUN,
  }),
  /** Before the draw only (a mistake in the announcement): a new announcement follows. */
  'lottery.cancel': endpoint('lottery.cancel', {
    summary: 'Cancel an announced draw before it is drawn',
    input: z.strictObject({ reason: longText(300, 2) }),
    output: lotteryStateSchema,
    access: RUN,
  }),
  'lottery.download': endpoint('lottery.download', {
    summary: 'The announcement (before the draw) or the bundle (after) as published JSON',
    input: z.strictObject({ what: z.enum(['announcement', 'bundle']) }),
    output: z.object({ fileName: z.string(), text: z.string() }),
    access: VIEW,
  }),
} as const;
