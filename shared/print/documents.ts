import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { assertNever } from '../assertNever';
import { maskId, maskPhone } from '../domain/mask';
import { labels, statusLabel } from '../i18n/zhCN.labels';
import { printingText } from '../i18n/zhCN.printing';
import {
  T,
  addDays,
  calendarDate,
  chinaDate,
  chinaDay,
  chinaDateTime,
  document,
  facts,
  fill,
  flow,
  grid,
  heading,
  hotlines,
  para,
  paperSpec,
  type PaperSpec,
  seal,
  signatures,
  title,
} from './layout';
import { datesIn, keepPromises, stillAhead } from './promises';
import { receiptQrText } from './qr';
import type { DocumentKind, PaperSize, PrintData, PrintMaterial } from './types';

// One builder per printed document (BRIEF "Printed documents"). Pure: data in, pdfmake definition out.
// Identity numbers and phones are masked here with the one shared rule; nothing else prints them.

/** Why a document cannot be built from this data. The core turns it into a DeskError. */
export class NotApplicable extends Error {
  constructor(
    readonly code: 'DOCUMENT_NOT_APPLICABLE' | 'NO_REVIEW_RESULT' | 'REVIEW_RESULT_MISMATCH' | 'NOTICE_DATE_BEFORE_RECEIPT',
    readonly values: Record<string, string> = {},
  ) {
    super(code);
  }
}

const received = (m: PrintMaterial) => m.state !== 'missing';

/** The plan's wording with any sentence that promises a passed date replaced by the plan's fallback. */
function say(data: PrintData, text: string): string {
  return keepPromises(text, data.printedOn, data.county.year, fill(T.datePassedSentence, { fallback: data.county.datePassed }));
}

/** A promised date as printed: the date while it is ahead, the plan's fallback once it has passed. */
function promised(data: PrintData, day: string, template = '{date}'): string {
  return stillAhead(day, data.printedOn) ? fill(template, { date: calendarDate(day) }) : data.county.datePassed;
}

function supplementDeadline(data: PrintData): string {
  const r = data.result;
  return r?.outcome === 'needs_materials' && r.reportDate ? r.reportDate : addDays(data.application.submittedAt, data.county.supplementDeadlineDays);
}

/** Dates the builders compute for this document (not written in the plan's texts). */
export function computedPromises(kind: DocumentKind, data: PrintData): string[] {
  const r = data.result;
  switch (kind) {
    case 'supplementNotice':
      return [supplementDeadline(data)];
    case 'supplementReceipt':
      return data.supplement?.deadline ? [data.supplement.deadline] : [];
    case 'admissionNotice':
    case 'reassignmentNotice':
      return r?.reportDate ? [r.reportDate] : [];
    case 'rejectionNotice':
      return r ? [addDays(r.decidedAt, data.county.appealDeadlineDays)] : [];
    case 'receipt':
    case 'materialsList':
    case 'privacyConsent':
    case 'proxyAuthorization':
    case 'lotteryResult':
      // Their dates all come from the plan's texts (say() checks those) or have already happened.
      return [];
    default:
      return assertNever(kind, 'document kind');
  }
}

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
        [T.acceptsReassignment, a.acceptsReassignment === false ? T.no : T.yes],
        ...(a.siblingIds?.length ? [[T.siblings, a.siblingIds.map(maskId).join(T.listSep)] as [string, string]] : []),
        [T.submittedAt, chinaDateTime(a.submittedAt)],
        [T.counter, a.counterName],
        [T.clerk, a.clerkName],
      ],
      spec,
    ),
  );
  content.push(heading(T.materialsReceived, spec));
  content.push(got.length ? { ol: got.map((m) => ({ text: flow(fill(T.materialWithState, { name: m.name, state: stateText(m) })) })) } : para(T.none, spec));
  if (got.some((m) => m.state === 'dept_verified')) content.push(para(T.deptVerifiedNote, spec));
  content.push(heading(T.materialsMissing, spec));
  content.push(missing.length ? { ol: missing.map((m) => ({ text: flow(m.name) })), color: '#b00000' } : para(T.none, spec));
  content.push(heading(T.nextSteps, spec), para(say(data, data.county.nextSteps), spec));
  const results = data.county.resultsAnnouncement;
  const resultsAhead = datesIn(results, data.county.year).every((d) => stillAhead(d, data.printedOn));
  content.push(heading(T.results, spec), para(resultsAhead ? results : data.county.resultsAnnouncementLate, spec));
  if (!a.synced) content.push(para(T.unsyncedNote, spec));
  content.push(heading(T.hotlines, spec), hotlines(data, spec));
  return document(data, paper, data.county.titles.receipt, content);
}

function materialsList(data: PrintData, paper: PaperSize): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  // One column for the one state the clerk recorded (原件已核, 已留复印件 or 缺), one for the scanned pages:
  // a signed form states what was recorded and nothing it does not know.
  const rows = a.materials.map((m, i) => [String(i + 1), m.name, stateText(m), m.pages ? fill(T.scannedPages, { pages: m.pages }) : T.notScanned]);
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
    grid([T.seq, T.material, T.state, T.scanned], rows, [28, '*', 72, 72]),
    para(T.stateNote, spec),
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
    throw new NotApplicable('DOCUMENT_NOT_APPLICABLE', { document: printingText.kinds.supplementNotice, reason: T.supplementNothingMissing });
  const deadline = supplementDeadline(data);
  const items = missing.map((m, i) => [String(i + 1), m.name, m.reason]);
  const extra = r?.outcome === 'needs_materials' ? r.reasons : [];
  const content: Content[] = [
    title(data.county.titles.supplementNotice, spec),
    facts([[T.receiptNo, a.receiptNo], [T.child, a.child.name], [T.idNumber, maskId(a.child.idNumber)]], spec),
    para(fill(T.supplementIntro, { child: a.child.name }), spec),
    grid([T.seq, T.material, T.why], items, [28, 110, '*']),
  ];
  if (extra.length) content.push({ ol: extra.map((x) => ({ text: flow(x) })), margin: [0, 0, 0, 8] });
  content.push(
    facts(
      [
        [T.deadline, promised(data, deadline, T.supplementDeadline)],
        [T.place, r?.outcome === 'needs_materials' && r.reportPlace ? r.reportPlace : say(data, data.county.supplementPlace)],
      ],
      spec,
    ),
    para(T.supplementEnd, spec),
    // The family brings this notice back: its QR code opens the application at the counter (followUps.find).
    verification(data, spec, T.supplementScanHint),
    heading(T.hotlines, spec),
    hotlines(data, spec),
    signatures([T.guardianSign], spec),
    seal(data, spec),
  );
  return document(data, paper, data.county.titles.supplementNotice, content);
}

/** 补充材料接收回执: what the family brought at its return visit, and whether the 补充材料 notice is now closed. */
function supplementReceipt(data: PrintData, paper: PaperSize): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  const v = data.supplement;
  if (!v) throw new NotApplicable('DOCUMENT_NOT_APPLICABLE', { document: printingText.kinds.supplementReceipt, reason: T.supplementNoVisit });
  const content: Content[] = [
    title(data.county.titles.supplementReceipt, spec),
    facts([[T.receiptNo, a.receiptNo], [T.child, a.child.name], [T.idNumber, maskId(a.child.idNumber)], [T.school, a.schoolName]], spec),
    para(fill(T.supplementReceived, { at: chinaDateTime(v.at), child: a.child.name }), spec),
    v.received.length ? grid([T.seq, T.material, T.state], v.received.map((m, i) => [String(i + 1), m.name, stateText(m)]), [28, '*', 90]) : para(T.none, spec),
  ];
  if (v.note) content.push(facts([[T.supplementNote, v.note]], spec));
  if (v.remaining.length === 0) content.push(para(T.supplementClosed, spec));
  else {
    content.push(para(T.supplementStill, spec), grid([T.seq, T.material, T.why], v.remaining.map((m, i) => [String(i + 1), m.name, m.reason]), [28, 110, '*']));
    if (v.deadline) content.push(facts([[T.deadline, promised(data, v.deadline, T.supplementDeadline)]], spec));
  }
  const results = data.county.resultsAnnouncement;
  const resultsAhead = datesIn(results, data.county.year).every((d) => stillAhead(d, data.printedOn));
  content.push(
    facts([[T.counter, a.counterName], [T.supplementClerk, v.clerkName], [T.supplementResults, resultsAhead ? results : data.county.resultsAnnouncementLate]], spec),
    verification(data, spec),
    heading(T.hotlines, spec),
    hotlines(data, spec),
    signatures([T.guardianSign, T.clerkSign], spec),
  );
  return document(data, paper, data.county.titles.supplementReceipt, content);
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
    para(say(data, p.purpose), spec),
    heading(h.scope, spec),
    para(say(data, p.scope), spec),
    heading(h.recipients, spec),
    para(say(data, p.recipients), spec),
    heading(h.retention, spec),
    para(say(data, p.retention), spec),
    heading(h.rights, spec),
    para(say(data, p.rights), spec),
    heading(h.consent, spec),
    para(say(data, p.consent), spec),
    grid([T.guardians, T.relation, T.idNumber, T.mobile], a.guardians.map((g) => [g.name, g.relation, maskId(g.idNumber), maskPhone(g.mobile)]), ['*', 60, 120, 80]),
    signatures([T.guardianSign], spec),
  ]);
}

function proxyAuthorization(data: PrintData, paper: PaperSize): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  if (!a.proxy) throw new NotApplicable('DOCUMENT_NOT_APPLICABLE', { document: printingText.kinds.proxyAuthorization, reason: T.proxyNone });
  const g = a.guardians[0];
  // The heading names the role; the rows under it are the person's own (姓名, not the role again).
  const person = (x: { name: string; relation: string; idNumber: string; mobile: string }): Content =>
    facts([[T.name, x.name], [T.relation, x.relation], [T.idNumber, maskId(x.idNumber)], [T.mobile, maskPhone(x.mobile)]], spec);
  return document(data, paper, data.county.titles.proxyAuthorization, [
    title(data.county.titles.proxyAuthorization, spec),
    facts([[T.receiptNo, a.receiptNo], [T.child, a.child.name], [T.idNumber, maskId(a.child.idNumber)], [T.school, a.schoolName]], spec),
    ...(g ? [heading(T.principal, spec), person(g)] : []),
    heading(T.proxy, spec),
    person(a.proxy),
    heading(T.proxyMatter, spec),
    para(say(data, data.county.proxyAuthorization), spec),
    para(T.proxyTerm, spec),
    signatures([T.principalSign, T.proxySign], spec),
  ]);
}


function requireResult(data: PrintData, kind: DocumentKind, outcomes: string[]) {
  const doc = printingText.kinds[kind];
  const r = data.result;
  if (!r) throw new NotApplicable('NO_REVIEW_RESULT', { document: doc });
  if (!outcomes.includes(r.outcome)) throw new NotApplicable('REVIEW_RESULT_MISMATCH', { document: doc, outcome: statusLabel(r.outcome) });
  // A decision cannot predate the application it decides: a notice dated before the receipt is refused,
  // never printed (the county's clock or data is wrong and must be corrected there).
  const decided = chinaDay(r.decidedAt);
  const received = chinaDay(data.application.submittedAt);
  if (decided < received) {
    throw new NotApplicable('NOTICE_DATE_BEFORE_RECEIPT', { document: doc, decided: calendarDate(decided), received: calendarDate(received) });
  }
  return r;
}

/** The receipt number, the verification code and its QR code, as every notice carries them. */
function verification(data: PrintData, spec: PaperSpec, hint: string = T.verifyHint): Content {
  const a = data.application;
  return {
    columns: [
      {
        width: '*',
        stack: [
          facts([[T.receiptNo, a.receiptNo], [T.verificationCode, data.verificationCode]], spec),
          { text: flow(hint), fontSize: spec.fontSize - 1, color: '#555555' },
        ],
      },
      { width: spec.qrSize, qr: receiptQrText(a.receiptNo, data.verificationCode), fit: spec.qrSize, eccLevel: 'M' },
    ],
    columnGap: 8,
    margin: [0, 8, 0, 0],
  };
}

function placementNotice(data: PrintData, paper: PaperSize, kind: 'admissionNotice' | 'reassignmentNotice'): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  const r = requireResult(data, kind, kind === 'admissionNotice' ? ['admitted'] : ['reassigned']);
  // A reassignment names the school the child goes to; without it there is nothing to notify.
  if (kind === 'reassignmentNotice' && !r.schoolName) {
    throw new NotApplicable('DOCUMENT_NOT_APPLICABLE', { document: printingText.kinds[kind], reason: T.reassignNoSchool });
  }
  const school = r.schoolName ?? a.schoolName;
  const body =
    kind === 'admissionNotice'
      ? fill(T.admissionBody, { child: a.child.name, year: r.decidedAt.slice(0, 4), school })
      : fill(T.reassignmentBody, { child: a.child.name, from: a.schoolName, school });
  // Labels say which school each line is: the admitting school, or the new school beside the one applied for.
  const schools: [string, string][] = kind === 'admissionNotice' ? [[T.admittedSchool, school]] : [[T.reassignedSchool, school], [T.originalSchool, a.schoolName]];
  const content: Content[] = [
    title(data.county.titles[kind], spec),
    para(fill(T.dear, { child: a.child.name }), spec),
    para(body, spec),
    facts(
      [
        [T.child, a.child.name],
        [T.idNumber, maskId(a.child.idNumber)],
        ...schools,
        [T.reportDate, r.reportDate ? promised(data, r.reportDate) : T.reportDateLater],
        [T.reportPlace, r.reportPlace ?? school],
        [T.bring, say(data, data.county.admissionBring)],
      ],
      spec,
    ),
  ];
  if (kind === 'reassignmentNotice' && r.reasons.length) content.push(heading(T.reassignReason, spec), { ol: r.reasons.map((x) => ({ text: flow(x) })) });
  content.push(verification(data, spec), heading(T.hotlines, spec), hotlines(data, spec), seal(data, spec));
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
    facts([[T.child, a.child.name], [T.idNumber, maskId(a.child.idNumber)], [T.school, a.schoolName], [T.decidedAt, chinaDate(r.decidedAt)]], spec),
    para(fill(T.rejectionBody, { child: a.child.name }), spec),
    r.reasons.length ? { ol: r.reasons.map((x) => ({ text: flow(x) })), margin: [0, 0, 0, 8] } : para(T.none, spec),
    heading(T.appeal, spec),
    para(say(data, data.county.appealRoute), spec),
    para(stillAhead(deadline, data.printedOn) ? fill(T.appealDeadline, { date: calendarDate(deadline) }) : fill(T.appealDeadlinePassed, { fallback: data.county.datePassed }), spec),
    verification(data, spec),
    heading(T.hotlines, spec),
    hotlines(data, spec),
    seal(data, spec),
  ]);
}

/** A 64-digit hex value in groups of 16, so it wraps on paper and can be read aloud. */
const hexGroups = (hex: string) => (hex.match(/.{1,16}/g) ?? []).join(' ');

/**
 * 电脑派位结果告知单 (issue 13): where the draw put the child — its pool, rank, 中签 or 未中签 — with its own key and
 * the digests of the published bundle, and how anyone can re-run the draw to check it.
 */
function lotteryResult(data: PrintData, paper: PaperSize): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const a = data.application;
  const r = requireResult(data, 'lotteryResult', ['admitted', 'awaiting_reassignment', 'reassigned']);
  const l = r.lottery;
  if (!l) throw new NotApplicable('DOCUMENT_NOT_APPLICABLE', { document: printingText.kinds.lotteryResult, reason: T.lottery.notInDraw });
  const ordered = l.places === 0;
  const placement = r.schoolName ? `${statusLabel(r.outcome)}：${r.schoolName}` : statusLabel(r.outcome);
  return document(data, paper, data.county.titles.lotteryResult, [
    title(data.county.titles.lotteryResult, spec),
    para(fill(T.dear, { child: a.child.name }), spec),
    para(fill(ordered ? T.lottery.bodyOrder : T.lottery.body, { child: a.child.name, pool: l.poolName, places: String(l.places), of: String(l.of) }), spec),
    facts(
      [
        [T.child, a.child.name],
        [T.idNumber, maskId(a.child.idNumber)],
        [T.school, a.schoolName],
        [T.lottery.pool, `${l.poolName}（${l.pool}）`],
        [T.lottery.rank, fill(T.lottery.rankValue, { rank: String(l.rank), of: String(l.of) })],
        [T.lottery.outcome, ordered ? T.lottery.ordered : l.won ? T.lottery.won : T.lottery.lost],
        [T.lottery.placement, placement],
        [T.lottery.key, hexGroups(l.key)],
        [T.lottery.seed, hexGroups(l.seed)],
        [T.lottery.announcementDigest, hexGroups(l.announcementDigest)],
        [T.lottery.resultDigest, hexGroups(l.resultDigest)],
      ],
      spec,
    ),
    heading(T.lottery.verifyTitle, spec),
    para(T.lottery.verify, spec),
    verification(data, spec),
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
    case 'lotteryResult':
      return lotteryResult(data, paper);
    case 'supplementReceipt':
      return supplementReceipt(data, paper);
  }
}
