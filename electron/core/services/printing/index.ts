import { createHash } from 'node:crypto';
import type { Handlers, Ctx } from '../../context';
import { actor } from '../../context';
import type { printingMethods, PrintJob, PrintoutInfo } from '../../../../shared/contract/printing';
import { DeskError, errorOf, type ErrorCode } from '../../../../shared/contract/result';
import { printingText } from '../../../../shared/i18n/zhCN.printing';
import { buildDocument, computedPromises, NotApplicable } from '../../../../shared/print/documents';
import { passedPromises } from '../../../../shared/print/promises';
import { papersFor, type DocumentKind, type PaperSize, type PrintData } from '../../../../shared/print/types';
import { PrinterError, type PrinterFailure } from '../../ports';
import type { PrintJobRow, PrintoutRow } from '../../db/repos/printoutRepo';
import { PrintoutRepo } from '../../db/repos/printoutRepo';
import { assemble } from './assemble';
import { FONT_CHAIN } from './fonts';
import { renderPdf } from './render';

// Printing service: generate a document (or reuse the stored one when its data did not change), keep
// every PDF in the encrypted blob store with its hash, send it to a printer, and keep jobs the printer
// did not take in a queue to retry. Every print and every failure is in the audit log; a document that was
// printed before prints again only with a reason (a numbered reprint).

/** Bumped when layout code changes what the same data prints: a new layout makes a new version. */
const LAYOUT_VERSION = 'layout-3';

/** Documents whose content follows 补充材料 return visits (issue 15). */
const PER_VISIT: ReadonlySet<DocumentKind> = new Set<DocumentKind>(['supplementNotice', 'supplementReceipt']);

const repos = new WeakMap<Ctx, PrintoutRepo>();
function printouts(ctx: Ctx): PrintoutRepo {
  let r = repos.get(ctx);
  if (!r) {
    r = new PrintoutRepo(ctx.db);
    repos.set(ctx, r);
  }
  return r;
}

const REMEMBERED = 'printing.remembered';
interface Remembered {
  printers: Partial<Record<DocumentKind, string>>;
  papers: Partial<Record<DocumentKind, PaperSize>>;
}
function remembered(ctx: Ctx): Remembered {
  const r = ctx.repos.meta.getJson<Partial<Remembered>>(REMEMBERED) ?? {};
  return { printers: r.printers ?? {}, papers: r.papers ?? {} };
}

/** What decides the bytes: the data, except that the day of printing counts only through the promised dates it makes pass. */
function dataHash(kind: DocumentKind, paper: PaperSize, data: PrintData): string {
  const { printedOn: _day, ...stable } = data;
  const passed = passedPromises(data, computedPromises(kind, data));
  return createHash('sha256').update(JSON.stringify([LAYOUT_VERSION, FONT_CHAIN.map((f) => f.file), kind, paper, stable, passed])).digest('hex');
}

function info(ctx: Ctx, row: PrintoutRow, missingGlyphs: string[] = []): PrintoutInfo {
  return {
    printoutId: row.id,
    applicationId: row.application_id,
    kind: row.kind as DocumentKind,
    paper: row.paper as PaperSize,
    version: row.version,
    sha256: row.pdf_sha256,
    bytes: row.bytes,
    pages: row.pages,
    createdAt: row.created_at,
    printCount: PER_VISIT.has(row.kind as DocumentKind) ? printouts(ctx).jobCountOf(row.id) : printouts(ctx).jobCount(row.application_id, row.kind),
    missingGlyphs,
  };
}

export const FAILURE_CODE: Record<PrinterFailure, ErrorCode> = {
  offline: 'PRINTER_OFFLINE',
  out_of_paper: 'PRINTER_OUT_OF_PAPER',
  no_printer: 'NO_PRINTER',
  unknown_printer: 'PRINTER_UNKNOWN',
  failed: 'PRINT_FAILED',
};

function jobOf(ctx: Ctx, job: PrintJobRow): PrintJob {
  const p = printouts(ctx).byId(job.printout_id);
  return {
    jobId: job.id,
    printoutId: job.printout_id,
    applicationId: p?.application_id ?? '',
    kind: (p?.kind ?? 'receipt') as DocumentKind,
    paper: (p?.paper ?? 'A4') as PaperSize,
    version: p?.version ?? 0,
    printer: job.printer,
    copies: job.copies,
    status: job.status,
    attempts: job.attempts,
    reprintNo: job.reprint_no,
    error: job.status === 'queued' && job.last_error ? errorMessage(job.last_error, job.printer) : null,
    createdAt: job.created_at,
  };
}

function errorMessage(stored: string, printer: string): { code: string; message: string } {
  const [code, ...rest] = stored.split(':');
  const e = errorOf((code ?? 'PRINT_FAILED') as ErrorCode, { printer, reason: rest.join(':') || printingText.reasons.unknown });
  return { code: e.code, message: e.message };
}

function readPdf(ctx: Ctx, row: PrintoutRow): Buffer {
  try {
    return ctx.blobs.read(row.pdf_sha256);
  } catch {
    throw new DeskError('PRINTOUT_FILE_MISSING');
  }
}

/** One attempt at a queued job: printed, or still queued with the printer's error recorded. */
async function attempt(ctx: Ctx, job: PrintJobRow): Promise<PrintJob> {
  const repo = printouts(ctx);
  const printout = repo.byId(job.printout_id);
  if (!printout) throw new DeskError('PRINTOUT_NOT_FOUND');
  const pdf = readPdf(ctx, printout);
  const base = { printoutId: printout.id, kind: printout.kind, version: printout.version, printer: job.printer, copies: job.copies, reprintNo: job.reprint_no };
  try {
    await ctx.ports.printer.print({
      pdf,
      printer: job.printer,
      copies: job.copies,
      title: `${printingText.kinds[printout.kind as DocumentKind]} ${printout.id.slice(0, 8)}`,
      paper: printout.paper as PaperSize,
      withDialog: job.with_dialog === 1,
    });
  } catch (e: unknown) {
    const failure: PrinterFailure = e instanceof PrinterError ? e.failure : 'failed';
    const detail = e instanceof PrinterError ? e.detail : e instanceof Error ? e.message : String(e);
    const code = FAILURE_CODE[failure];
    const at = ctx.nowIso();
    repo.markFailed(job.id, failure === 'failed' && detail ? `${code}:${detail.slice(0, 200)}` : code, at);
    ctx.audit.append({ at, ...actor(ctx), action: 'printout.printFailed', target: printout.application_id, details: { ...base, jobId: job.id, error: code } });
    return jobOf(ctx, repo.job(job.id)!);
  }
  const at = ctx.nowIso();
  repo.markPrinted(job.id, at);
  ctx.audit.append({
    at,
    ...actor(ctx),
    action: job.reprint_no > 0 ? 'printout.reprinted' : 'printout.printed',
    target: printout.application_id,
    details: { ...base, jobId: job.id, sha256: printout.pdf_sha256, ...(job.reprint_reason ? { reason: job.reprint_reason } : {}) },
  });
  return jobOf(ctx, repo.job(job.id)!);
}

async function choosePrinter(ctx: Ctx, kind: DocumentKind, wanted: string | undefined): Promise<string> {
  if (wanted) return wanted;
  const r = remembered(ctx).printers[kind];
  if (r) return r;
  const list = await ctx.ports.printer.list();
  const chosen = list.find((p) => p.isDefault) ?? list[0];
  // No printer at all: the job is still queued (under a placeholder) so nothing is lost.
  return chosen?.name ?? printingText.noPrinter;
}

export const printingHandlers: Pick<Handlers, keyof typeof printingMethods> = {
  async 'printing.render'(input, ctx) {
    const row = ctx.repos.applications.byId(input.applicationId);
    if (!row) throw new DeskError('APPLICATION_NOT_FOUND');
    const kind = input.kind;
    const paper = input.paper ?? remembered(ctx).papers[kind] ?? 'A4';
    if (!papersFor(kind).includes(paper)) throw new DeskError('PAPER_NOT_SUPPORTED', { document: printingText.kinds[kind] });
    const { data, result } = assemble(ctx, row, kind);
    let def;
    try {
      def = buildDocument(kind, paper, data);
    } catch (e: unknown) {
      if (e instanceof NotApplicable) throw new DeskError(e.code, e.values);
      throw e;
    }
    const hash = dataHash(kind, paper, data);
    const repo = printouts(ctx);
    const latest = repo.latest(row.id, kind, paper);
    if (latest && latest.data_hash === hash && ctx.blobs.has(latest.pdf_sha256)) {
      const pdf = readPdf(ctx, latest);
      return { ...info(ctx, latest), pdfBase64: pdf.toString('base64'), reused: true };
    }
    const rendered = await renderPdf(def);
    const put = ctx.blobs.put(rendered.pdf);
    const now = ctx.nowIso();
    const printout: PrintoutRow = {
      id: ctx.ports.ids.uuid(),
      application_id: row.id,
      kind,
      paper,
      version: (latest?.version ?? 0) + 1,
      data_hash: hash,
      pdf_sha256: put.sha256,
      bytes: put.bytes,
      pages: rendered.pages,
      verification_code: data.verificationCode,
      result_version: result?.resultVersion ?? null,
      created_at: now,
      created_by: ctx.session?.username ?? '',
    };
    ctx.db.transaction(() => {
      repo.insert(printout);
      ctx.audit.append({
        at: now,
        ...actor(ctx),
        action: 'printout.generated',
        target: row.id,
        details: { printoutId: printout.id, kind, paper, version: printout.version, sha256: put.sha256, bytes: put.bytes, ...(rendered.missingGlyphs.length ? { missingGlyphs: rendered.missingGlyphs.join('') } : {}) },
      });
    })();
    return { ...info(ctx, printout, rendered.missingGlyphs), pdfBase64: rendered.pdf.toString('base64'), reused: false };
  },

  'printing.getPdf'(input, ctx) {
    const row = printouts(ctx).byId(input.printoutId);
    if (!row) throw new DeskError('PRINTOUT_NOT_FOUND');
    const pdf = readPdf(ctx, row);
    const app = ctx.repos.applications.byId(row.application_id);
    const fileName = `${printingText.kinds[row.kind as DocumentKind]}-${app?.receipt_no ?? row.application_id.slice(0, 8)}-v${row.version}.pdf`;
    return { pdfBase64: pdf.toString('base64'), sha256: row.pdf_sha256, fileName };
  },

  'printing.list'(input, ctx) {
    const latest = new Map<string, PrintoutRow>();
    for (const r of printouts(ctx).forApplication(input.applicationId)) latest.set(`${r.kind}/${r.paper}`, r);
    return [...latest.values()].map((r) => info(ctx, r));
  },

  async 'printing.print'(input, ctx) {
    const repo = printouts(ctx);
    const printout = repo.byId(input.printoutId);
    if (!printout) throw new DeskError('PRINTOUT_NOT_FOUND');
    const kind = printout.kind as DocumentKind;
    // Documents a return visit changes are new papers at each visit: only printing the same version again is a reprint.
    const previous = PER_VISIT.has(kind) ? repo.jobCountOf(printout.id) : repo.jobCount(printout.application_id, kind);
    const reason = input.reason?.trim() ?? '';
    if (previous > 0 && [...reason].length < 2) throw new DeskError('REPRINT_REASON_REQUIRED');
    readPdf(ctx, printout); // fail before queuing when the stored file is gone
    const printer = await choosePrinter(ctx, kind, input.printer);
    if (input.remember && input.printer) {
      const r = remembered(ctx);
      ctx.repos.meta.setJson(REMEMBERED, { ...r, printers: { ...r.printers, [kind]: input.printer }, papers: { ...r.papers, [kind]: printout.paper } });
    }
    const now = ctx.nowIso();
    const job: PrintJobRow = {
      id: ctx.ports.ids.uuid(),
      printout_id: printout.id,
      printer,
      copies: input.copies,
      with_dialog: input.withDialog ? 1 : 0,
      reprint_no: previous,
      reprint_reason: previous > 0 ? reason : null,
      status: 'queued',
      attempts: 0,
      last_error: null,
      created_at: now,
      created_by: ctx.session?.username ?? '',
      updated_at: now,
      printed_at: null,
    };
    repo.insertJob(job);
    return attempt(ctx, job);
  },

  'printing.queue'(_input, ctx) {
    return printouts(ctx)
      .queued()
      .map((j) => jobOf(ctx, j));
  },

  async 'printing.retry'(input, ctx) {
    const repo = printouts(ctx);
    const job = repo.job(input.jobId);
    if (!job || job.status !== 'queued') throw new DeskError('PRINT_JOB_NOT_FOUND');
    if (input.printer && input.printer !== job.printer) {
      repo.setPrinter(job.id, input.printer, ctx.nowIso());
      job.printer = input.printer;
    }
    return attempt(ctx, job);
  },

  'printing.cancel'(input, ctx) {
    const repo = printouts(ctx);
    const job = repo.job(input.jobId);
    if (!job || job.status !== 'queued') throw new DeskError('PRINT_JOB_NOT_FOUND');
    const at = ctx.nowIso();
    repo.cancel(job.id, at);
    const p = repo.byId(job.printout_id);
    ctx.audit.append({ at, ...actor(ctx), action: 'printout.jobCancelled', target: p?.application_id ?? null, details: { jobId: job.id, printoutId: job.printout_id } });
    return { ok: true as const };
  },

  async 'printing.printers'(_input, ctx) {
    const r = remembered(ctx);
    return { printers: await ctx.ports.printer.list(), remembered: r.printers, papers: r.papers };
  },

  async 'printing.remember'(input, ctx) {
    const r = remembered(ctx);
    if (input.paper && !papersFor(input.kind).includes(input.paper)) throw new DeskError('PAPER_NOT_SUPPORTED', { document: printingText.kinds[input.kind] });
    const next: Remembered = {
      printers: input.printer ? { ...r.printers, [input.kind]: input.printer } : r.printers,
      papers: input.paper ? { ...r.papers, [input.kind]: input.paper } : r.papers,
    };
    ctx.repos.meta.setJson(REMEMBERED, next);
    return { printers: await ctx.ports.printer.list(), remembered: next.printers, papers: next.papers };
  },
};
