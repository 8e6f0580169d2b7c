import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { maskId, maskPhone } from '../domain/mask';
import { labels } from '../i18n/zhCN.labels';
import { printingText } from '../i18n/zhCN.printing';
import {
  T,
  addDays,
  calendarDate,
  chinaDate,
  chinaDateTime,
  document,
  facts,
  fill,
  grid,
  heading,
  hotlines,
  para,
  paperSpec,
  seal,
  signatures,
  title,
} from './layout';
import { receiptQrText } from './qr';
import type { DocumentKind, PaperSize, PrintData, PrintMaterial } from './types';

// One builder per printed document (BRIEF "Printed documents"). Pure: data in, pdfmake definition out.
// Identity numbers and phones are masked here with the one shared rule; nothing else prints them.

/** Why a document cannot be built from this data. The core turns it into a DeskError. */
export class NotApplicable extends Error {
  constructor(
    readonly code: 'DOCUMENT_NOT_APPLICABLE' | 'NO_REVIEW_RESULT' | 'REVIEW_RESULT_MISMATCH',
    readonly values: Record<string, string> = {},
  ) {
    super(code);
  }
}

const received = (m: PrintMaterial) => m.state !== 'missing';

function stateText(m: PrintMaterial): string {
  return labels.materialState[m.state];
}

function receipt(data: PrintData, paper: PaperSize): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  const got = a.materials.filter(received);
  const missing = a.materials.filter((m) => !received(m));
  const roll = paper === 'roll80';
  const qr: Content = { qr: receiptQrText(a.receiptNo, data.verificationCode), fit: spec.qrSize, eccLevel: 'M', alignment: roll ? 'center' : 'right' };
  const ids: Content = {
    stack: [
      { text: `${T.receiptNo}：${a.receiptNo}`, fontSize: spec.fontSize + 2 },
      { text: `${T.verificationCode}：${data.verificationCode}`, fontSize: spec.fontSize + 1 },
      ...(a.synced ? [] : [{ text: `【${T.unsynced}】`, fontSize: spec.fontSize + 1, color: '#b00000' }]),
      { text: T.qrHint, fontSize: spec.fontSize - 1, color: '#555555', margin: [0, 2, 0, 0] },
    ],
  };
  const content: Content[] = [title(data.county.titles.receipt, spec)];
  content.push(roll ? { stack: [ids, { ...qr, margin: [0, 4, 0, 4] }] } : { columns: [{ width: '*', ...ids }, { width: spec.qrSize, ...qr }], columnGap: 8, margin: [0, 0, 0, 6] });
  content.push(
    facts(
      [
        [T.child, a.child.name],
        [T.idNumber, `${maskId(a.child.idNumber)}（${a.child.idType}）`],
        [T.grade, a.grade],
        [T.enrollmentType, a.enrollmentType],
        [T.school, a.schoolName],
        [T.submittedAt, chinaDateTime(a.submittedAt)],
        [T.counter, a.counterName],
        [T.clerk, a.clerkName],
      ],
      spec,
    ),
  );
  content.push(heading(T.materialsReceived, spec));
  content.push(got.length ? { ol: got.map((m) => `${m.name}（${stateText(m)}）`) } : para(T.none, spec));
  content.push(heading(T.materialsMissing, spec));
  content.push(missing.length ? { ol: missing.map((m) => m.name), color: '#b00000' } : para(T.none, spec));
  content.push(heading(T.nextSteps, spec), para(data.county.nextSteps, spec));
  content.push(heading(T.results, spec), para(data.county.resultsAnnouncement, spec));
  if (!a.synced) content.push(para(T.unsyncedNote, spec));
  content.push(heading(T.hotlines, spec), hotlines(data, spec));
  return document(data, paper, data.county.titles.receipt, content);
}

function materialsList(data: PrintData, paper: PaperSize): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  const rows = a.materials.map((m, i) => [
    String(i + 1),
    m.name,
    m.state === 'original_seen' ? T.yes : T.no,
    m.state === 'original_seen' || m.state === 'copy_kept' ? T.yes : T.no,
    m.pages ? T.yes : T.no,
    m.pages ? String(m.pages) : '—',
  ]);
  return document(data, paper, data.county.titles.materialsList, [
    title(data.county.titles.materialsList, spec),
    facts(
      [
        [T.receiptNo, a.receiptNo],
        [T.child, a.child.name],
        [T.idNumber, maskId(a.child.idNumber)],
        [T.school, a.schoolName],
        [T.submittedAt, chinaDateTime(a.submittedAt)],
      ],
      spec,
    ),
    grid(['序号', T.material, T.originalSeen, T.copyKept, T.scanned, T.pages], rows, [24, '*', 48, 56, 40, 32]),
    signatures([T.guardianSign, T.clerkSign], spec),
  ]);
}

function supplementNotice(data: PrintData, paper: PaperSize): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  // From a county result (needs_materials) the deadline and missing items are the county's; otherwise the counter's.
  const r = data.result;
  const missing = a.materials.filter((m) => !received(m));
  if (missing.length === 0 && !(r && r.outcome === 'needs_materials'))
    throw new NotApplicable('DOCUMENT_NOT_APPLICABLE', { document: printingText.kinds.supplementNotice, reason: '所有材料均已收齐，无需补交。' });
  const deadline = r?.outcome === 'needs_materials' && r.reportDate ? r.reportDate : addDays(a.submittedAt, data.county.supplementDeadlineDays);
  const items = missing.map((m, i) => [String(i + 1), m.name, m.reason]);
  const extra = r?.outcome === 'needs_materials' ? r.reasons : [];
  const content: Content[] = [
    title(data.county.titles.supplementNotice, spec),
    facts([[T.receiptNo, a.receiptNo], [T.child, a.child.name], [T.idNumber, maskId(a.child.idNumber)]], spec),
    para(fill(T.supplementIntro, { child: a.child.name }), spec),
    grid(['序号', T.material, T.why], items, [24, 110, '*']),
  ];
  if (extra.length) content.push({ ol: extra, margin: [0, 0, 0, 8] });
  content.push(
    facts(
      [
        [T.deadline, fill(T.supplementDeadline, { date: calendarDate(deadline) })],
        [T.place, r?.outcome === 'needs_materials' && r.reportPlace ? r.reportPlace : data.county.supplementPlace],
      ],
      spec,
    ),
    para(T.supplementEnd, spec),
    heading(T.hotlines, spec),
    hotlines(data, spec),
    signatures([T.guardianSign], spec),
    seal(data, spec),
  );
  return document(data, paper, data.county.titles.supplementNotice, content);
}

function privacyConsent(data: PrintData, paper: PaperSize): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  const p = data.county.privacy;
  const h = T.privacy;
  return document(data, paper, data.county.titles.privacyConsent, [
    title(data.county.titles.privacyConsent, spec),
    facts([[T.receiptNo, a.receiptNo], [T.child, a.child.name], [T.idNumber, maskId(a.child.idNumber)]], spec),
    heading(h.purpose, spec),
    para(p.purpose, spec),
    heading(h.scope, spec),
    para(p.scope, spec),
    heading(h.recipients, spec),
    para(p.recipients, spec),
    heading(h.retention, spec),
    para(p.retention, spec),
    heading(h.rights, spec),
    para(p.rights, spec),
    heading(h.consent, spec),
    para(p.consent, spec),
    grid([T.guardians, T.relation, T.idNumber, T.mobile], a.guardians.map((g) => [g.name, g.relation, maskId(g.idNumber), maskPhone(g.mobile)]), ['*', 60, 120, 80]),
    signatures([T.guardianSign], spec),
  ]);
}

function proxyAuthorization(data: PrintData, paper: PaperSize): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  if (!a.proxy) throw new NotApplicable('DOCUMENT_NOT_APPLICABLE', { document: printingText.kinds.proxyAuthorization, reason: '本次报名由监护人本人办理，未登记受托人。' });
  const g = a.guardians[0];
  const person = (label: string, x: { name: string; relation: string; idNumber: string; mobile: string }): Content =>
    facts([[label, x.name], [T.relation, x.relation], [T.idNumber, maskId(x.idNumber)], [T.mobile, maskPhone(x.mobile)]], spec);
  return document(data, paper, data.county.titles.proxyAuthorization, [
    title(data.county.titles.proxyAuthorization, spec),
    facts([[T.receiptNo, a.receiptNo], [T.child, a.child.name], [T.idNumber, maskId(a.child.idNumber)], [T.school, a.schoolName]], spec),
    ...(g ? [heading(T.principal, spec), person(T.principal, g)] : []),
    heading(T.proxy, spec),
    person(T.proxy, a.proxy),
    heading(T.proxyMatter, spec),
    para(data.county.proxyAuthorization, spec),
    para(T.proxyTerm, spec),
    signatures([T.principalSign, T.proxySign], spec),
  ]);
}

const outcomeLabel = (o: string) => (labels.status as Record<string, string>)[o] ?? o;

function requireResult(data: PrintData, kind: DocumentKind, outcomes: string[]) {
  const doc = printingText.kinds[kind];
  const r = data.result;
  if (!r) throw new NotApplicable('NO_REVIEW_RESULT', { document: doc });
  if (!outcomes.includes(r.outcome)) throw new NotApplicable('REVIEW_RESULT_MISMATCH', { document: doc, outcome: outcomeLabel(r.outcome) });
  return r;
}

function placementNotice(data: PrintData, paper: PaperSize, kind: 'admissionNotice' | 'reassignmentNotice'): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  const r = requireResult(data, kind, kind === 'admissionNotice' ? ['admitted'] : ['reassigned']);
  const school = r.schoolName ?? a.schoolName;
  const body =
    kind === 'admissionNotice'
      ? fill(T.admissionBody, { child: a.child.name, year: r.decidedAt.slice(0, 4), school })
      : fill(T.reassignmentBody, { child: a.child.name, from: a.schoolName, school });
  const content: Content[] = [
    title(data.county.titles[kind], spec),
    para(fill(T.dear, { child: a.child.name }), spec),
    para(body, spec),
    facts(
      [
        [T.child, a.child.name],
        [T.idNumber, maskId(a.child.idNumber)],
        [T.school, school],
        [T.reportDate, r.reportDate ? calendarDate(r.reportDate) : '另行通知'],
        [T.reportPlace, r.reportPlace ?? school],
        [T.bring, data.county.admissionBring],
        [T.receiptNo, a.receiptNo],
        [T.verificationCode, data.verificationCode],
      ],
      spec,
    ),
  ];
  if (kind === 'reassignmentNotice' && r.reasons.length) content.push(heading(T.reassignReason, spec), { ol: r.reasons });
  content.push(
    { columns: [{ width: '*', text: T.verifyHint, fontSize: spec.fontSize - 1, color: '#555555' }, { width: spec.qrSize, qr: receiptQrText(a.receiptNo, data.verificationCode), fit: spec.qrSize, eccLevel: 'M' }], margin: [0, 8, 0, 0] },
    heading(T.hotlines, spec),
    hotlines(data, spec),
    seal(data, spec),
  );
  return document(data, paper, data.county.titles[kind], content);
}

function rejectionNotice(data: PrintData, paper: PaperSize): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  const r = requireResult(data, 'rejectionNotice', ['rejected']);
  const deadline = addDays(r.decidedAt, data.county.appealDeadlineDays);
  return document(data, paper, data.county.titles.rejectionNotice, [
    title(data.county.titles.rejectionNotice, spec),
    para(fill(T.dear, { child: a.child.name }), spec),
    facts([[T.receiptNo, a.receiptNo], [T.child, a.child.name], [T.idNumber, maskId(a.child.idNumber)], [T.school, a.schoolName], [T.decidedAt, chinaDate(r.decidedAt)]], spec),
    para(fill(T.rejectionBody, { child: a.child.name }), spec),
    r.reasons.length ? { ol: r.reasons, margin: [0, 0, 0, 8] } : para(T.none, spec),
    heading(T.appeal, spec),
    para(data.county.appealRoute, spec),
    para(fill(T.appealDeadline, { date: calendarDate(deadline) }), spec),
    heading(T.hotlines, spec),
    hotlines(data, spec),
    seal(data, spec),
  ]);
}

export function buildDocument(kind: DocumentKind, paper: PaperSize, data: PrintData): TDocumentDefinitions {
  switch (kind) {
    case 'receipt':
      return receipt(data, paper);
    case 'materialsList':
      return materialsList(data, paper);
    case 'supplementNotice':
      return supplementNotice(data, paper);
    case 'privacyConsent':
      return privacyConsent(data, paper);
    case 'proxyAuthorization':
      return proxyAuthorization(data, paper);
    case 'admissionNotice':
    case 'reassignmentNotice':
      return placementNotice(data, paper, kind);
    case 'rejectionNotice':
      return rejectionNotice(data, paper);
  }
}
