import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { onceNoticeText } from '../i18n/zhCN.onceNotice';
import { FONT, T, calendarDate, facts, fill, heading, para, paperSpec, title } from './layout';
import type { PrintHotline } from './types';

// 一次性告知单 (seed 001 §4): the materials the family's likely type needs, each with the plan's necessity
// note (seed 000 §4), where and when to come. Not tied to an application: nothing personal is printed.

const D = onceNoticeText.doc;

export interface OnceNoticeMaterial {
  name: string;
  reason: string;
  required: boolean;
  perGuardian: boolean;
  anyOf: boolean;
}

export interface OnceNoticeData {
  countyName: string;
  titleText: string;
  typeName: string;
  basis: string;
  cutoffs: { hukouMoveIn: string; propertyRegistration: string };
  materials: OnceNoticeMaterial[];
  counter: { name: string; address: string; hours: string };
  window: { start: string; end: string };
  hotlines: PrintHotline[];
  /** China calendar day of printing (YYYY-MM-DD). */
  printedOn: string;
}

function requirement(m: OnceNoticeMaterial): string {
  const parts: string[] = [m.required ? onceNoticeText.required : onceNoticeText.optional];
  if (m.perGuardian) parts.push(onceNoticeText.perGuardian);
  if (m.anyOf) parts.push(onceNoticeText.anyOf);
  return parts.join('；');
}

export function buildOnceNotice(data: OnceNoticeData): TDocumentDefinitions {
  const spec = paperSpec('A4');
  return {
    pageSize: spec.pageSize,
    pageMargins: spec.margins,
    info: { title: data.titleText, subject: data.typeName, creator: 'enroll-desk', producer: 'enroll-desk', creationDate: new Date(`${data.printedOn}T00:00:00+08:00`) },
    defaultStyle: { font: FONT, fontSize: spec.fontSize, lineHeight: 1.15 },
    content: [
      title(data.titleText, spec),
      para(fill(D.dear, { type: data.typeName }), spec),
      heading(D.basis, spec),
      para(data.basis, spec),
      para(fill(D.datesNote, { hukou: calendarDate(data.cutoffs.hukouMoveIn), property: calendarDate(data.cutoffs.propertyRegistration) }), spec),
      heading(D.materials, spec),
      { ol: data.materials.map((m) => ({ text: [{ text: `${m.name}（${requirement(m)}）`, bold: false }, { text: `：${m.reason}`, color: '#333333' }], margin: [0, 0, 0, 3] })) },
      heading(D.counter, spec),
      facts(
        [
          [D.counter, data.counter.name],
          [D.address, data.counter.address],
          [D.hours, data.counter.hours],
          [D.window, fill(D.windowValue, { start: calendarDate(data.window.start), end: calendarDate(data.window.end) })],
        ],
        spec,
      ),
      heading(D.hotlines, spec),
      { stack: data.hotlines.map((h) => ({ text: `${h.name}：${h.phone}${h.hours ? `（${h.hours}）` : ''}` })), fontSize: spec.fontSize - 0.5 },
      para(D.notApplication, spec),
      { text: `${data.countyName}  ${fill(D.printedOn, { date: calendarDate(data.printedOn) })}`, alignment: 'right', margin: [0, spec.fontSize, 0, 0] },
    ],
    footer: (page: number, pages: number) => ({ text: fill(T.pageOf, { page, pages }), alignment: 'center', fontSize: spec.fontSize - 2, color: '#666666', margin: [0, 16, 0, 0] }),
  };
}
