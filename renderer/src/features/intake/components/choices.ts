import {
  guardianRelationSchema,
  housingKindSchema,
  housingOwnerSchema,
  idTypeSchema,
  placementSchema,
  type GuardianRelation,
  type HousingKind,
  type HousingOwner,
  type IdType,
} from '../../../../../shared/contract';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import type { Choice } from './fields';

const o = zhCN.intake.options;

export const idTypeChoices: Choice<IdType>[] = idTypeSchema.options.map((v) => ({ value: v, label: o.idType[v] }));
export const relationChoices: Choice<GuardianRelation>[] = guardianRelationSchema.options.map((v) => ({ value: v, label: o.relation[v] }));
export const housingKindChoices: Choice<HousingKind>[] = housingKindSchema.options.map((v) => ({ value: v, label: o.housingKind[v] }));
export const ownerChoices: Choice<HousingOwner>[] = housingOwnerSchema.options.map((v) => ({ value: v, label: o.owner[v] }));
export const placementChoices: Choice<(typeof placementSchema.options)[number]>[] = placementSchema.options.map((v) => ({
  value: v,
  label: o.placement[v],
}));
export const sexChoices: Choice<'M' | 'F'>[] = [
  { value: 'M', label: o.sex.M },
  { value: 'F', label: o.sex.F },
];
export const yesNoChoices: Choice<boolean>[] = [
  { value: true, label: o.yesNo.yes },
  { value: false, label: o.yesNo.no },
];
