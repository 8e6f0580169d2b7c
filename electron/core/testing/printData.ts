// Print fixtures for tests and the bench: the sample plan's wording and a made-up family. Not used by production code.
import samplePlan from '../../../resources/plans/sample-county-2026.json' with { type: 'json' };
import { countyPlanSchema } from '../../../shared/plan/schema';
import { countyFromPlan } from '../../../shared/print/county';
import type { PrintApplication, PrintData, PrintSupplement } from '../../../shared/print/types';
import type { ReviewResult } from '../../../shared/contract/reviewResult';

export const plan = countyPlanSchema.parse(samplePlan);
export const CHILD_ID = '370102202003150011';

export function printApplication(over: Partial<PrintApplication> = {}): PrintApplication {
  const [m0, m1, m2, m3] = plan.materials;
  return {
    receiptNo: '379901-A01-20260601-0007',
    submittedAt: '2026-06-01T01:30:00.000Z',
    counterName: '城关街道政务服务中心 1 号窗口',
    clerkName: '刘晓燕',
    child: { name: '张小明', idType: '居民身份证', idNumber: CHILD_ID, birthDate: '2020-03-15', sex: '男' },
    grade: '小学一年级',
    enrollmentType: '房户一致',
    schoolName: '示例县实验小学',
    guardians: [
      { name: '张大伟', relation: '父亲', idNumber: '370102198801010031', mobile: '13812345678' },
      { name: '李秀英', relation: '母亲', idNumber: '370102199005200042', mobile: '13987654321' },
    ],
    proxy: null,
    materials: [
      { name: m0!.name, reason: m0!.reason, state: 'original_seen', required: true, pages: 4 },
      { name: m1!.name, reason: m1!.reason, state: 'copy_kept', required: true, pages: 2 },
      { name: m2!.name, reason: m2!.reason, state: 'missing', required: true },
      { name: m3!.name, reason: m3!.reason, state: 'missing', required: true },
    ],
    synced: false,
    ...over,
  };
}

export function printData(over: Partial<PrintData> = {}, app: Partial<PrintApplication> = {}): PrintData {
  return {
    county: countyFromPlan(plan),
    application: printApplication(app),
    verificationCode: 'K7M2Q-9XH4T',
    issuedAt: '2026-06-01T01:30:00.000Z',
    printedOn: '2026-06-01',
    ...over,
  };
}

export function reviewResult(over: Partial<ReviewResult> = {}): ReviewResult {
  return {
    applicationId: '0b9c4f7e-3a51-4c8e-9d2a-6f1e2b3c4d5e',
    resultVersion: 2,
    outcome: 'admitted',
    reasons: [],
    missingMaterials: [],
    schoolCode: 'S001',
    schoolName: '示例县实验小学',
    reportDate: '2026-08-28',
    reportPlace: '示例县实验小学东校区报告厅',
    decidedAt: '2026-07-20T02:00:00.000Z',
    decidedBy: '县招生办',
    ...over,
  };
}

/** The draw's part of a result: the child ranked 3rd of 10 in a private school's pool of 4 places (中签). */
export function lotteryOutcome(over: Partial<NonNullable<ReviewResult['lottery']>> = {}): NonNullable<ReviewResult['lottery']> {
  return {
    pool: 'p-yucai',
    poolName: '示例县育才民办小学',
    rank: 3,
    of: 10,
    places: 4,
    won: true,
    key: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
    seed: 'f'.repeat(64),
    announcementDigest: 'e'.repeat(64),
    resultDigest: 'd'.repeat(64),
    ...over,
  };
}

/** A return visit that brought one paper and left one owed. */
export function supplementVisit(over: Partial<PrintSupplement> = {}): PrintSupplement {
  const [, , m2, m3] = plan.materials;
  return {
    at: '2026-06-03T02:00:00.000Z',
    clerkName: '李云',
    received: [{ name: m2!.name, reason: m2!.reason, state: 'original_seen', required: true }],
    remaining: [{ name: '居住证', reason: m3!.reason, state: 'missing', required: true }],
    deadline: '2026-06-06',
    note: null,
    ...over,
  };
}
