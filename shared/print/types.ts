import type { ReviewResult } from '../contract/reviewResult';

// What the document builders take: plain data the core assembles from the application, the county plan,
// the counter and (for result notices) the county's review result. Builders mask identity numbers
// themselves, so callers pass full values and nothing unmasked can reach paper by mistake.

export const documentKinds = [
  'receipt', // 受理回执
  'materialsList', // 材料接收清单
  'supplementNotice', // 补充材料告知书
  'privacyConsent', // 个人信息告知及监护人确认书
  'proxyAuthorization', // 帮办授权委托书
  'admissionNotice', // 录取通知书
  'reassignmentNotice', // 调剂通知书
  'rejectionNotice', // 不予通过告知书
  'lotteryResult', // 电脑派位结果告知单 (issue 13)
  'supplementReceipt', // 补充材料接收回执 (issue 15): what a return visit brought, and whether anything is still owed
] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** A4 and A5 sheets; `roll80` is an 80 mm thermal roll (72 mm printable), as long as the content. */
export const paperSizes = ['A4', 'A5', 'roll80'] as const;
export type PaperSize = (typeof paperSizes)[number];

/** Papers each document may be printed on. Notices and forms are A4 only. */
export function papersFor(kind: DocumentKind): readonly PaperSize[] {
  return kind === 'receipt' ? paperSizes : ['A4'];
}

export interface PrintHotline {
  name: string;
  phone: string;
  hours?: string | undefined;
}

export interface PrintMaterial {
  name: string;
  /** The plan's published necessity note. */
  reason: string;
  state: 'original_seen' | 'copy_kept' | 'missing' | 'dept_verified';
  required: boolean;
  /** Scanned pages, when known. */
  pages?: number | undefined;
}

export interface PrintPerson {
  name: string;
  relation: string;
  idNumber: string;
  mobile: string;
}

export interface PrintCounty {
  name: string;
  /** The plan's year: a date the plan writes without one ("8 月 10 日") is in it. */
  year: number;
  /** Printed instead of a promised date that has passed (以招生平台公布为准). */
  datePassed: string;
  /** Printed instead of resultsAnnouncement once a date it names has passed. */
  resultsAnnouncementLate: string;
  sealText: string;
  hotlines: PrintHotline[];
  /** Titles by document (the receipt's comes from the plan; the rest default from the catalogue). */
  titles: Record<DocumentKind, string>;
  nextSteps: string;
  resultsAnnouncement: string;
  supplementPlace: string;
  supplementDeadlineDays: number;
  appealRoute: string;
  appealDeadlineDays: number;
  admissionBring: string;
  privacy: { purpose: string; scope: string; recipients: string; retention: string; rights: string; consent: string };
  proxyAuthorization: string;
}

export interface PrintApplication {
  receiptNo: string;
  /** ISO instant of submission; printed in China time. */
  submittedAt: string;
  counterName: string;
  clerkName: string;
  child: { name: string; idType: string; idNumber: string; birthDate: string; sex: string };
  grade: string;
  enrollmentType: string;
  schoolName: string;
  guardians: PrintPerson[];
  proxy: PrintPerson | null;
  materials: PrintMaterial[];
  /** 是否服从调剂 (issue 13); absent (older callers) reads as 是. */
  acceptsReassignment?: boolean | undefined;
  /** ID numbers of the siblings applying together (issue 13), full: the builders mask them. */
  siblingIds?: string[] | undefined;
  /** False until the county confirmed the upload: the receipt then says so. */
  synced: boolean;
}

export interface PrintData {
  county: PrintCounty;
  application: PrintApplication;
  /** Keyed MAC over the document's key fields (see electron/core/services/printing/verification.ts). */
  verificationCode: string;
  /** Result notices only. */
  result?: ReviewResult | undefined;
  /** When the document is generated (ISO); printed on notices, fixed per version so reprints match. */
  issuedAt: string;
  /** The China calendar day of printing (YYYY-MM-DD): a promised date before it is not printed. */
  printedOn: string;
  /** 补充材料接收回执 only: the newest return visit. */
  supplement?: PrintSupplement | undefined;
}

export interface PrintSupplement {
  /** ISO instant of the visit. */
  at: string;
  clerkName: string;
  received: PrintMaterial[];
  /** Items still owed after the visit (empty: the 补充材料 notice is closed). */
  remaining: PrintMaterial[];
  /** Deadline of what remains (YYYY-MM-DD), when anything does. */
  deadline: string | null;
  note: string | null;
}
