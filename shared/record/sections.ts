import { acceptsReassignment, approverName, type ApplicationDraft } from '../contract/application';
import type { CountyPlan } from '../plan/schema';
import { format, zhCN } from '../i18n/zhCN';

// The one mapping of an application record to labelled fields, grouped as the intake form groups it. The county
// console's application view and its revision diffs use it; the desk's detail view and printouts are to switch to it
// (today they label the same fields themselves, in DetailSections.tsx and printing/assemble.ts). Pure: values are
// display text, labels come from the catalogue, a field nothing was recorded for is null (shown as 未登记), never
// left out, so a gap is visible and two revisions always compare field by field.

export interface RecordField {
  /** Stable across revisions: `child.name`, `guardians.1.mobile`, `materials.hukou_book`. */
  key: string;
  label: string;
  value: string | null;
}

export interface RecordGroup {
  key: string;
  /** e.g. 监护人 2; null for a section of one group. */
  title: string | null;
  fields: RecordField[];
}

export interface RecordSection {
  key: string;
  title: string;
  groups: RecordGroup[];
  /** Shown when there are no groups (e.g. 无帮办). */
  emptyText: string | null;
}

const l = zhCN.apps.labels;
const t = zhCN.apps.detail;
const f = t.fields;

type Maybe = string | number | boolean | null | undefined;

function field(key: string, label: string, value: Maybe): RecordField {
  if (value === undefined || value === null || value === '') return { key, label, value: null };
  if (typeof value === 'boolean') return { key, label, value: value ? l.yes : l.no };
  return { key, label, value: String(value) };
}

function labelOf<K extends string>(map: Record<K, string>, value: K | undefined): string | undefined {
  return value === undefined ? undefined : (map[value] ?? value);
}

/** Labelled sections of one record. `plan` names schools, zones, categories and materials; without it their ids show. */
export function recordSections(data: ApplicationDraft, plan?: Pick<CountyPlan, 'schools' | 'zones' | 'materials' | 'preferentialCategories'>): RecordSection[] {
  const c = data.child ?? {};
  const sections: RecordSection[] = [];
  const one = (key: string, title: string, fields: RecordField[]): RecordSection => ({ key, title, groups: [{ key, title: null, fields }], emptyText: null });

  sections.push(
    one('child', t.sections.child, [
      field('child.name', f.name, c.name),
      field('child.sex', f.sex, labelOf(l.sex, c.sex)),
      field('child.idType', f.idType, labelOf(l.idType, c.idType)),
      field('child.idNumber', f.idNumber, c.idNumber),
      field('child.birthDate', f.birthDate, c.birthDate),
      field('grade', f.grade, labelOf(l.grade, data.grade)),
    ]),
  );

  const guardians = data.guardians ?? [];
  sections.push({
    key: 'guardians',
    title: t.sections.guardians,
    emptyText: t.noGuardians,
    groups: guardians.map((g, i) => ({
      key: `guardians.${i}`,
      title: format(t.guardianTitle, { n: i + 1 }),
      fields: [
        field(`guardians.${i}.relation`, f.relation, g.relation ? (g.relationNote ? format(l.withNote, { value: l.relation[g.relation], note: g.relationNote }) : l.relation[g.relation]) : undefined),
        field(`guardians.${i}.name`, f.name, g.name),
        field(`guardians.${i}.idType`, f.idType, labelOf(l.idType, g.idType)),
        field(`guardians.${i}.idNumber`, f.idNumber, g.idNumber),
        field(`guardians.${i}.mobile`, f.mobile, g.mobile),
        field(`guardians.${i}.onlyChild`, f.onlyChild, g.onlyChild),
      ],
    })),
  });

  const p = data.proxy;
  sections.push({
    key: 'proxy',
    title: t.sections.proxy,
    emptyText: t.proxyNone,
    groups: p
      ? [
          {
            key: 'proxy',
            title: null,
            fields: [
              field('proxy.name', f.name, p.name),
              field('proxy.relation', f.relation, p.relation),
              field('proxy.idType', f.idType, labelOf(l.idType, p.idType)),
              field('proxy.idNumber', f.idNumber, p.idNumber),
              field('proxy.mobile', f.mobile, p.mobile),
            ],
          },
        ]
      : [],
  });

  const h = data.hukou ?? {};
  sections.push(one('hukou', t.sections.hukou, [field('hukou.inCounty', f.inCounty, h.inCounty), field('hukou.address', f.address, h.address), field('hukou.moveInDate', f.moveInDate, h.moveInDate)]));

  const s = data.housing ?? {};
  sections.push(
    one('housing', t.sections.housing, [
      field('housing.kind', f.housingKind, labelOf(l.housingKind, s.kind)),
      field('housing.certificateNumber', f.certificateNumber, s.certificateNumber),
      field('housing.owner', f.owner, labelOf(l.housingOwner, s.owner)),
      field('housing.ownerName', f.ownerName, s.ownerName),
      field('housing.registrationDate', f.registrationDate, s.registrationDate),
      field('housing.address', f.address, s.address),
    ]),
  );

  const migrants = guardians.map((g, i) => ({ g, i })).filter(({ g }) => g.migrant && Object.keys(g.migrant).length > 0);
  if (migrants.length > 0 || data.typeDecision?.chosen === 'migrant') {
    sections.push({
      key: 'migrant',
      title: t.sections.migrant,
      emptyText: t.migrantNone,
      groups: migrants.map(({ g, i }) => ({
        key: `migrant.${i}`,
        title: `${format(t.guardianTitle, { n: i + 1 })} ${g.name ?? ''}`.trim(),
        fields: [
          field(`guardians.${i}.migrant.residencePermitMonths`, l.migrantField.residencePermitMonths, g.migrant?.residencePermitMonths),
          field(`guardians.${i}.migrant.socialInsuranceMonths`, l.migrantField.socialInsuranceMonths, g.migrant?.socialInsuranceMonths),
          field(`guardians.${i}.migrant.businessLicenceMonths`, l.migrantField.businessLicenceMonths, g.migrant?.businessLicenceMonths),
        ],
      })),
    });
  }

  const pref = data.preferential;
  if (pref) {
    const category = pref.categoryId ? (plan?.preferentialCategories.find((x) => x.id === pref.categoryId)?.name ?? pref.categoryId) : undefined;
    sections.push(one('preferential', t.sections.preferential, [field('preferential.category', f.category, category), field('preferential.evidence', f.evidence, pref.evidence)]));
  }
  const d = data.disability;
  if (d) {
    sections.push(
      one('disability', t.sections.disability, [
        field('disability.certificateNumber', f.disabilityCertificate, d.certificateNumber),
        field('disability.placement', f.placement, labelOf(l.placement, d.placement)),
      ]),
    );
  }
  const a = data.ageOverride;
  if (a) sections.push(one('ageOverride', t.sections.ageOverride, [field('ageOverride.reason', f.reason, a.reason), field('ageOverride.approvedBy', f.approvedBy, approverName(a))]));
  const w = data.windowOverride;
  if (w) {
    sections.push(
      one('windowOverride', t.sections.windowOverride, [
        field('windowOverride.reason', f.reason, w.reason),
        field('windowOverride.approvedBy', f.approvedBy, approverName(w)),
        field('windowOverride.day', f.approvedDay, w.day),
      ]),
    );
  }

  const zone = data.school?.zoneEntryId ? plan?.zones.find((z) => z.id === data.school?.zoneEntryId) : undefined;
  const zoneText = zone ? (zone.street ? format(l.withNote, { value: zone.name, note: zone.street }) : zone.name) : data.school?.zoneEntryId;
  const schoolText = data.school?.schoolId ? (plan?.schools.find((x) => x.id === data.school?.schoolId)?.name ?? data.school.schoolId) : undefined;
  const siblings = (data.siblings ?? []).map((x) => x.idNumber).filter((x): x is string => !!x);
  sections.push(
    one('school', t.sections.school, [
      field('school.zone', f.zone, zoneText),
      field('school.school', f.school, schoolText),
      field('acceptsReassignment', f.acceptsReassignment, acceptsReassignment(data)),
      field('siblings', f.siblings, siblings.length > 0 ? siblings.join(zhCN.intake.punct.listSep) : f.siblingsNone),
    ]),
  );

  const td = data.typeDecision ?? {};
  const overridden = td.derived !== undefined && td.chosen !== undefined && td.derived !== td.chosen;
  sections.push(
    one('type', t.sections.type, [
      field('type.derived', f.derivedType, labelOf(l.type, td.derived)),
      field('type.chosen', f.chosenType, labelOf(l.type, td.chosen)),
      field('type.overrideReason', f.overrideReason, overridden ? td.overrideReason : td.chosen ? f.overrideReasonNone : undefined),
    ]),
  );

  const marks = data.materials ?? [];
  sections.push({
    key: 'materials',
    title: t.sections.materials,
    emptyText: t.noMaterials,
    groups: marks.length
      ? [{ key: 'materials', title: null, fields: marks.map((m) => field(`materials.${m.itemId}`, plan?.materials.find((x) => x.id === m.itemId)?.name ?? m.itemId, l.materialState[m.state])) }]
      : [],
  });

  if (data.remarks) sections.push(one('remarks', t.sections.remarks, [field('remarks', t.sections.remarks, data.remarks)]));
  return sections;
}

/** Every field of the sections, with its label prefixed by its section and group (监护人 1 · 手机号码). */
export function flattenFields(sections: readonly RecordSection[]): RecordField[] {
  return sections.flatMap((s) =>
    s.groups.flatMap((g) =>
      g.fields.map((x) => ({ key: x.key, label: [s.title, g.title, x.label === s.title ? null : x.label].filter((part) => !!part).join(' · '), value: x.value })),
    ),
  );
}

export interface FieldDifference {
  key: string;
  label: string;
  before: string | null;
  after: string | null;
}

/** What differs between two revisions, field by field, in the order of the newer one (then fields it dropped). */
export function diffSections(before: readonly RecordSection[], after: readonly RecordSection[]): FieldDifference[] {
  const old = new Map(flattenFields(before).map((x) => [x.key, x]));
  const out: FieldDifference[] = [];
  const seen = new Set<string>();
  for (const x of flattenFields(after)) {
    seen.add(x.key);
    const was = old.get(x.key);
    if ((was?.value ?? null) !== x.value) out.push({ key: x.key, label: x.label, before: was?.value ?? null, after: x.value });
  }
  for (const [key, was] of old) if (!seen.has(key) && was.value !== null) out.push({ key, label: was.label, before: was.value, after: null });
  return out;
}
