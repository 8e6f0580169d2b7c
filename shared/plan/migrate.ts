import type { EnrollmentType } from '../contract/application';
import { format } from '../i18n/format';
import { planMigrationText as M } from '../i18n/zhCN.plan';
import type { PlacementBatch, PlacementRules, TieBreaker } from './placementRules';

// Plan files outlive program versions: a county keeps last year's file, a desk keeps every plan it took
// applications under. Each format change gets one step here, from N-1 to N, pinned by a test forever.
// A step only adds what the older format could not say, with the defaults written down in the notes
// it returns, so the administrator sees what was assumed.

/** The plan format this program writes and reads. Version 1 files carry no `schemaVersion` field. */
export const PLAN_SCHEMA_VERSION = 4;

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
  const notes = [...M.v1to2];
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
  const notes = [...M.v2to3];
  return { doc: { ...doc, schemaVersion: 3, registrationWindow: { ...win, outside: 'approval' } }, notes };
}

/**
 * Version 3 → 4: `county` may name the county's city and province (county.city, county.province), by which an
 * address in another city or province is told from the county's own (zones.ts). The old file does not name them and
 * a migration will not guess them: they stay absent, said in the notes, and then only another county-level division
 * marks an address as outside the county (before version 4 nothing did).
 */
function v3to4(doc: Obj): { doc: Obj; notes: string[] } {
  const county = doc.county;
  const named = isObj(county) && 'city' in county && 'province' in county;
  return { doc: { ...doc, schemaVersion: 4 }, notes: named ? [] : [...M.v3to4] };
}

const STEPS: Record<number, (doc: Obj) => { doc: Obj; notes: string[] }> = { 1: v1to2, 2: v2to3, 3: v3to4 };

/** Brings a parsed plan document up to PLAN_SCHEMA_VERSION. Anything it cannot read is left for validation to report. */
export function migratePlanDocument(json: unknown): PlanMigration {
  if (!isObj(json)) return { ok: true, doc: json, from: PLAN_SCHEMA_VERSION, notes: [] };
  const declared = json.schemaVersion;
  let version: number;
  if (declared === undefined) {
    // A hand-written `placement` without the version would be overwritten by the v1 defaults: refuse instead.
    if ('placement' in json) return { ok: false, path: 'schemaVersion', message: format(M.placementWithoutVersion, { version: PLAN_SCHEMA_VERSION }) };
    version = 1;
  }
  else if (typeof declared === 'number' && Number.isInteger(declared) && declared >= 1) version = declared;
  else return { ok: false, path: 'schemaVersion', message: format(M.versionNotInteger, { version: PLAN_SCHEMA_VERSION }) };
  if (version > PLAN_SCHEMA_VERSION) {
    return {
      ok: false,
      path: 'schemaVersion',
      message: format(M.versionTooNew, { version, supported: PLAN_SCHEMA_VERSION }),
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
