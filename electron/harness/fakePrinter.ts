import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrinterError, type Printer, type PrinterFailure, type PrinterInfo, type PrintRequest } from '../core/ports';

export const FAKE_PRINTERS: readonly PrinterInfo[] = [
  { name: '柜台激光打印机（A4）', isDefault: true },
  { name: '热敏小票打印机（80mm）', isDefault: false },
];

/**
 * The harness's printer: each job becomes a real PDF file in a folder (`<seq>-<printer>-x<copies>.pdf`, plus
 * a JSON line with the job's settings), so tests can open exactly what "came out". Failures are injected:
 * `fail('offline' | 'out_of_paper')` makes every job fail until `fail(null)`; `uninstall()` leaves no printers.
 */
export class FakePrinter implements Printer {
  readonly dir: string;
  private failure: PrinterFailure | null = null;
  private installed = true;
  private seq = 0;

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'desk-printer-'));
    mkdirSync(this.dir, { recursive: true });
  }

  fail(failure: PrinterFailure | null): void {
    this.failure = failure;
  }

  uninstall(): void {
    this.installed = false;
  }

  install(): void {
    this.installed = true;
  }

  list(): Promise<PrinterInfo[]> {
    return Promise.resolve(this.installed ? FAKE_PRINTERS.map((p) => ({ ...p })) : []);
  }

  print(request: PrintRequest): Promise<void> {
    if (!this.installed) return Promise.reject(new PrinterError('no_printer'));
    if (!FAKE_PRINTERS.some((p) => p.name === request.printer)) return Promise.reject(new PrinterError('unknown_printer', request.printer));
    if (this.failure) return Promise.reject(new PrinterError(this.failure));
    this.seq += 1;
    const base = `${String(this.seq).padStart(3, '0')}-${request.printer.replace(/[^\p{L}\p{N}]+/gu, '_')}-x${request.copies}`;
    writeFileSync(join(this.dir, `${base}.pdf`), request.pdf);
    const { pdf: _pdf, ...settings } = request;
    writeFileSync(join(this.dir, `${base}.json`), JSON.stringify(settings));
    return Promise.resolve();
  }

  /** Printed files, oldest first. */
  files(): string[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.pdf'))
      .sort()
      .map((f) => join(this.dir, f));
  }
}
