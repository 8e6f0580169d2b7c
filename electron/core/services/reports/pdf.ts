// A4 report and list printouts (pdfmake, rendered by printing/render.ts with the desk's embedded fonts).
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';
import type { Report } from '../../../../shared/contract';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { calendarDate, chinaDateTime } from '../../../../shared/print/layout';
import type { ListLine } from './index';

const t = zhCN.reports;
const c = t.columns;
const FONT = 'DeskSans';

const head = (cells: string[]): TableCell[] => cells.map((text) => ({ text, bold: false, fillColor: '#eeeeee' }));

function table(widths: Array<number | string>, header: string[], rows: TableCell[][]): Content {
  if (rows.length === 0) return { text: t.noneInRange, color: '#666666', margin: [0, 2, 0, 8] };
  return { table: { headerRows: 1, widths, body: [head(header), ...rows] }, layout: 'lightHorizontalLines', margin: [0, 2, 0, 10] };
}

function counts(title: string, rows: Array<{ label: string; count: number }>): Content {
  return { stack: [{ text: title, fontSize: 11, margin: [0, 4, 0, 2] }, table(['*', 50], [c.item, c.count], rows.map((r) => [r.label, { text: String(r.count), alignment: 'right' }]))] };
}

export function frame(title: string, generatedAt: string, content: Content[], landscape = false): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageOrientation: landscape ? 'landscape' : 'portrait',
    pageMargins: [40, 40, 40, 44],
    info: { title, creator: zhCN.app.productName },
    defaultStyle: { font: FONT, fontSize: landscape ? 8 : 9.5, lineHeight: 1.15 },
    content: [{ text: title, fontSize: 15, alignment: 'center', margin: [0, 0, 0, 4] }, { text: format(t.generatedAt, { at: chinaDateTime(generatedAt) }), alignment: 'center', color: '#555555', margin: [0, 0, 0, 10] }, ...content],
    footer: (page: number, pages: number) => ({ text: format(t.pageOf, { page, pages }), alignment: 'center', fontSize: 8, color: '#666666', margin: [0, 14, 0, 0] }),
  };
}

export function reportPdf(r: Report): TDocumentDefinitions {
  const title = r.from === r.to ? format(t.titleDaily, { counter: r.counterName, day: calendarDate(r.from) }) : format(t.titleRange, { counter: r.counterName, from: calendarDate(r.from), to: calendarDate(r.to) });
  const at = (iso: string) => chinaDateTime(iso);
  return frame(title, r.generatedAt, [
    { text: `${t.taken}：${format(t.takenValue, { n: r.taken })}`, fontSize: 12, margin: [0, 0, 0, 6] },
    {
      columns: [
        { width: '*', stack: [counts(t.sections.byType, r.byType), counts(t.sections.byGrade, r.byGrade), counts(t.sections.byClerk, r.byClerk)] },
        { width: 16, text: '' },
        {
          width: '*',
          stack: [
            counts(t.sections.byStatus, r.byStatus),
            counts(t.sections.sync, [
              { label: t.sync.uploaded, count: r.sync.uploaded },
              { label: t.sync.pending, count: r.sync.pending },
              { label: t.sync.problems, count: r.sync.problems },
            ]),
          ],
        },
      ],
    },
    counts(t.sections.bySchool, r.bySchool),
    { text: t.sections.voided, fontSize: 11, margin: [0, 6, 0, 2] },
    table([128, 44, '*', 78, 56, 44], [c.receiptNo, c.childName, c.reason, c.at, c.operator, c.auditSeq], r.voided.map((v) => [v.receiptNo ?? '', v.childName ?? '', v.reason ?? '', at(v.at), v.by ?? '', String(v.auditSeq)])),
    { text: t.sections.reprinted, fontSize: 11, margin: [0, 6, 0, 2] },
    table([128, 44, 64, '*', 78, 44], [c.receiptNo, c.childName, c.document, c.reason, c.at, c.auditSeq], r.reprinted.map((x) => [x.receiptNo ?? '', x.childName ?? '', `${x.document}（${x.reprintNo}）`, x.reason ?? '', at(x.at), String(x.auditSeq)])),
    { text: t.sections.missing, fontSize: 11, margin: [0, 6, 0, 2] },
    table([128, 50, '*', 60], [c.receiptNo, c.childName, c.items, c.dueDay], r.missing.map((m) => [m.receiptNo ?? '', m.childName ?? '', m.items.join('、'), m.dueDay ?? ''])),
  ]);
}

export function applicationsPdf(title: string, generatedAt: string, lines: ListLine[], fullNumbers: boolean): TDocumentDefinitions {
  const header = [c.receiptNo, c.childName, c.idNumber, c.birthDate, c.grade, c.school, c.type, c.status, c.sync, c.phones, c.submittedAt, c.by];
  const rows: TableCell[][] = lines.map((l) => [l.receiptNo, l.childName, l.idNumber, l.birthDate, l.grade, l.school, l.type, l.status, l.sync, l.phones, chinaDateTime(l.submittedAt), l.by]);
  return frame(title, generatedAt, [
    { text: `${format(t.takenValue, { n: lines.length })}  ${fullNumbers ? t.fullNote : t.maskedNote}`, margin: [0, 0, 0, 6] },
    table([92, 40, 74, 46, 50, '*', 48, 40, 32, 64, 62, 36], header, rows),
  ], true);
}
