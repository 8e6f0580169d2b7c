import { describe, expect, it } from 'vitest';
import { printingText } from '../../../../shared/i18n/zhCN.printing';
import { buildDocument } from '../../../../shared/print/documents';
import { documentKinds, papersFor, type DocumentKind } from '../../../../shared/print/types';
import type { PrintApplication, PrintData } from '../../../../shared/print/types';
import { renderPdf } from './render';
import { CHILD_ID, lotteryOutcome, printData, reviewResult, supplementVisit } from '../../testing/printData';
import { pdfLines, pdfText } from '../../testing/pdfTools';

// What a family reads must not fall apart on paper: every document, on every paper it may be printed on, with
// ordinary and awkward data, checked through poppler's own line layout. These are classes, not examples: a
// line holding only the end of a phrase (`例）`), a short bracketed phrase or a label broken across lines,
// two bracketed phrases run together (`（已办理的）（原件已核）`), a title on two lines.

const OPEN = '（(';
const CLOSE = '）)';
const NOT_LETTER = /[\p{P}\p{S}\p{Z}]/u;
const labels: string[] = (Object.values(printingText.doc) as unknown[]).filter((v): v is string => typeof v === 'string' && !v.includes('{') && [...v].length <= 10);

export function layoutProblems(pdf: Buffer, title: string): string[] {
  const problems: string[] = [];
  const lines = pdfLines(pdf);
  const squash = (s: string) => s.replace(/\s+/g, '');
  // The title is one line, or (too long for the paper even when shrunk) lines of about equal length.
  const titleLines: string[] = [];
  while (titleLines.join('').length < squash(title).length && lines[titleLines.length]) titleLines.push(squash(lines[titleLines.length]!.text));
  const lengths = titleLines.map((l) => [...l].length);
  if (titleLines.join('') !== squash(title)) problems.push(`title is not the first lines: ${titleLines.join(' / ')}`);
  else if (Math.min(...lengths) < Math.max(...lengths) * 0.6) problems.push(`title lines unbalanced: ${titleLines.join(' / ')}`);
  for (const { text } of lines) {
    const t = squash(text);
    const letters = [...t].filter((ch) => !NOT_LETTER.test(ch)).length;
    if (letters <= 1 && /[\p{P}]/u.test(t) && !/^\d+\.$/.test(t)) problems.push(`widow line: ${text}`);
    if (/^[）)，。、；：！？”’》】]/.test(t)) problems.push(`line starts with closing punctuation: ${text}`);
    if (/[）)][（(]/.test(t)) problems.push(`doubled brackets: ${text}`);
    const unclosed = (t.match(/[（(]/g) ?? []).length > (t.match(/[）)]/g) ?? []).length;
    for (const l of labels) if (unclosed && t.length < l.length && l.startsWith(t)) problems.push(`label broken: ${text} (${l})`);
  }
  // Short bracketed phrases read as one unit: the same phrases must be found line by line as in the joined text.
  const raw = lines.map((l) => squash(l.text)).join('\n');
  const short = new RegExp(`[${OPEN}][^${CLOSE}\\n]{0,6}[${CLOSE}]`, 'g');
  const joined = new RegExp(`[${OPEN}][^${CLOSE}]{0,6}[${CLOSE}]`, 'g');
  const inLines: string[] = raw.match(short) ?? [];
  const whole = raw.replace(/\n/g, '').match(joined) ?? [];
  for (const g of whole) if (!inLines.includes(g)) problems.push(`bracketed phrase broken across lines: ${g}`);
  return problems;
}

const outcomeFor: Partial<Record<DocumentKind, 'admitted' | 'reassigned' | 'rejected'>> = {
  admissionNotice: 'admitted',
  reassignmentNotice: 'reassigned',
  rejectionNotice: 'rejected',
  lotteryResult: 'admitted',
};

function variant(kind: DocumentKind, app: Partial<PrintApplication>, over: Partial<PrintData> = {}): PrintData {
  const outcome = outcomeFor[kind];
  const result = outcome
    ? reviewResult({ outcome, schoolName: outcome === 'reassigned' ? '示例县第二实验小学（北校区）' : '示例县实验小学', reasons: ['报名学校学位已满（按登记时间排序）。'], ...(kind === 'lotteryResult' ? { lottery: lotteryOutcome() } : {}) })
    : undefined;
  // The closing receipt of a return visit needs the visit (documents.test builds it the same way).
  const supplement = kind === 'supplementReceipt' ? { supplement: supplementVisit() } : {};
  return printData({ result, ...supplement, ...over }, { proxy: { name: '王建国', relation: '舅舅', idNumber: '370102198001010029', mobile: '13700001111' }, ...app });
}

const base = printData();
const variants: [string, (kind: DocumentKind) => PrintData][] = [
  ['sample data', (kind) => variant(kind, {})],
  [
    'long names, bracketed material names, a long county title',
    (kind) =>
      variant(
        kind,
        {
          child: { name: '阿依古丽·买买提江·艾力克木', idType: '居民身份证', idNumber: CHILD_ID, birthDate: '2020-03-15', sex: '女' },
          // A refusal of reassignment and triplets applying together (issue 13): two masked ID numbers on one row.
          acceptsReassignment: false,
          siblingIds: [CHILD_ID.slice(0, 14) + '0011', CHILD_ID.slice(0, 14) + '0027'],
          materials: [
            { name: '儿童居民身份证（已办理的）', reason: '核对姓名（已办理身份证的）。', state: 'original_seen', required: false, pages: 1 },
            { name: '居住证（随迁子女父母）', reason: '随迁子女入学的主要依据。', state: 'copy_kept', required: true },
            { name: '社会保险缴费证明（近 12 个月）', reason: '核实务工（含灵活就业）月数。', state: 'missing', required: true },
          ],
        },
        { county: { ...base.county, titles: { ...base.county.titles, receipt: '某某自治县义务教育阶段学校招生现场报名受理回执（试行）' }, sealText: '某某自治县教育和体育局（示例）' } },
      ),
  ],
];

describe('printed layout', () => {
  for (const kind of documentKinds) {
    for (const paper of papersFor(kind)) {
      it(`${kind} on ${paper}: no widow, broken label, broken short bracket, doubled bracket; the title on one line or balanced`, async () => {
        for (const [name, data] of variants) {
          const d = data(kind);
          const r = await renderPdf(buildDocument(kind, paper, d));
          expect(layoutProblems(r.pdf, d.county.titles[kind]), `${name}\n${pdfText(r.pdf)}`).toEqual([]);
        }
      });
    }
  }
});
