// The words county plans use to name the material items OCR reads: matched against the plan's material name, so
// data, not messages (a county names its 户口簿 item 户口簿, 户口本 or 户籍证明).
import type { OcrDocumentKind } from '../../../../shared/contract/cardReader';

/** The document a plan's material item is, by its name; null when no reading is offered for it. */
export function documentKindOf(materialName: string): OcrDocumentKind | null {
  if (/港澳台|外国人/.test(materialName)) return null;
  if (/户口簿|户口本|户籍证明/.test(materialName)) return 'hukou_booklet';
  if (/不动产权证|房屋所有权证|房产证/.test(materialName)) return 'property_certificate';
  if (/居住证/.test(materialName)) return 'residence_permit';
  return null;
}
