import type { EnrollmentType } from '../contract/application';
import type { PlacementBatch, PlacementRules, TieBreaker } from './placementRules';

// Plan files outlive program versions: a county keeps last year's file, a desk keeps every plan it took
// applications under. Each format change gets one step here, from N-1 to N, pinned by a test forever.
// A step only adds what the older format could not say, with the defaults written down in the notes
// it returns, so the administrator sees what was assumed.

/** The plan format this program writes and reads. Version 1 files carry no `schemaVersion` field. */
export const PLAN_SCHEMA_VERSION = 3;

export type PlanMigration = { ok: true; doc: unknown; from: number; notes: string[] } | { ok: false; path: string; message: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The tie-breakers most counties publish for each type (COUNTY.md "Placement"); the lottery always closes. */
const DEFAULT_TIE_BREAKERS: Record<EnrollmentType, TieBreaker[]> = {
  house_hukou: ['hukou_move_in', 'property_registration', 'lottery'],
  house_only: ['property_registration', 'lottery'],
  hukou_only: ['hukou_move_in', 'lottery'],
  migrant: ['points', 'lottery'],
  preferential: ['lottery'],
  other: ['lottery'],
};
const KNOWN_TYPES = new Set<string>(Object.keys(DEFAULT_TIE_BREAKERS));

/**
 * Version 1 → 2: adds `placement`. One batch per enrollment type in the plan's own order; 优待 and 随班就读
 * ahead of the batches; no special school; no automatic reassignment (the old file names no order, and
 * inventing "nearest" schools would be inventing a rule), so children who do not fit wait for the bureau.
 */
function v1to2(doc: Obj): { doc: Obj; notes: string[] } {
  const types = Array.isArray(doc.enrollmentTypes) ? doc.enrollmentTypes.filter(isObj) : [];
  const ordered = [...types].sort((a, b) => Number(a.order) - Number(b.order));
  const batches: PlacementBatch[] = ordered
    .filter((t) => typeof t.code === 'string' && KNOWN_TYPES.has(t.code) && t.code !== 'preferential')
    .map((t) => {
      const code = t.code as EnrollmentType;
      return { name: typeof t.name === 'string' && t.name.trim() !== '' ? t.name : code, types: [code], tieBreakers: DEFAULT_TIE_BREAKERS[code] };
    });
  const placement: PlacementRules = {
    batches,
    special: { preferential: 'ahead', regularClass: 'ahead', specialSchool: null, homeTeaching: 'zone_school' },
    reassignment: { order: [], onRefusal: 'bureau' },
  };
  const notes = [
    '此方案为旧格式（第 1 版），没有录取规则，已按常见做法补全：每种招生类型一个批次（按方案中的顺位），优待对象和随班就读儿童在各批次之前安排；' +
      '房户一致按落户日期、房产登记日期，有房无户按房产登记日期，有户无房按落户日期，随迁子女按积分，最后均以电脑随机派位决定。',
    '旧格式没有调剂顺序：未能录取的儿童将列为待调剂，由县教育和体育局统筹安排；拒绝调剂的同样由教育局统筹。没有设置特教学校，送教上门由片区学校承担。',
    '如本县规则不同，请在方案文件中补充 placement 一节（含 schemaVersion: 2）后重新导入。',
  ];
  return { doc: { ...doc, schemaVersion: 2, placement }, notes };
}

/**
 * Version 2 → 3: adds `registrationWindow.outside`, what the desk does with an application taken outside the
 * registration window (issue 10). The old files said nothing and the desks only warned; the new default is the
 * milder of the two rules: accepted with a supervisor's recorded approval, never silently.
 */
function v2to3(doc: Obj): { doc: Obj; notes: string[] } {
  const win = doc.registrationWindow;
  if (!isObj(win) || 'outside' in win) return { doc: { ...doc, schemaVersion: 3 }, notes: [] };
  const notes = [
    '此方案为旧格式（第 2 版），没有规定报名时间以外的申请如何处理，已按“须经主管批准后受理”补全（registrationWindow.outside: "approval"）。' +
      '如本县规定报名时间以外一律不予受理，请改为 "refuse"（含 schemaVersion: 3）后重新导入。',
  ];
  return { doc: { ...doc, schemaVersion: 3, registrationWindow: { ...win, outside: 'approval' } }, notes };
}

const STEPS: Record<number, (doc: Obj) => { doc: Obj; notes: string[] }> = { 1: v1to2, 2: v2to3 };

/** Brings a parsed plan document up to PLAN_SCHEMA_VERSION. Anything it cannot read is left for validation to report. */
export function migratePlanDocument(json: unknown): PlanMigration {
  if (!isObj(json)) return { ok: true, doc: json, from: PLAN_SCHEMA_VERSION, notes: [] };
  const declared = json.schemaVersion;
  let version: number;
  if (declared === undefined) {
    // A hand-written `placement` without the version would be overwritten by the v1 defaults: refuse instead.
    if ('placement' in json) return { ok: false, path: 'schemaVersion', message: `方案含 placement（录取规则）一节，但缺少 "schemaVersion": ${PLAN_SCHEMA_VERSION}。请在文件开头补上后重新导入。` };
    version = 1;
  }
  else if (typeof declared === 'number' && Number.isInteger(declared) && declared >= 1) version = declared;
  else return { ok: false, path: 'schemaVersion', message: `方案格式版本应为正整数（本程序使用 ${PLAN_SCHEMA_VERSION}）。` };
  if (version > PLAN_SCHEMA_VERSION) {
    return {
      ok: false,
      path: 'schemaVersion',
      message: `方案格式版本 ${version} 比本程序支持的版本 ${PLAN_SCHEMA_VERSION} 新，无法读取。请升级帮办台/县级系统后再导入。`,
    };
  }
  const from = version;
  let doc: Obj = json;
  const notes: string[] = [];
  while (version < PLAN_SCHEMA_VERSION) {
    const step = STEPS[version];
    if (step === undefined) throw new Error(`no plan migration from version ${version}`);
    const out = step(doc);
    doc = out.doc;
    notes.push(...out.notes);
    version += 1;
  }
  return { ok: true, doc, from, notes };
}
