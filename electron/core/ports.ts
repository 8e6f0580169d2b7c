// What the core needs from the outside world. Production implementations live in electron/main;
// test implementations in electron/harness. The core never imports either.

/** Wraps the database key with the operating system's secret store (Electron safeStorage in production). */
export interface SecretStore {
  /** Short name recorded with the wrapped key, e.g. `safeStorage:gnome_libsecret` or `test`. */
  readonly kind: string;
  /** False when the OS offers no real protected store (e.g. Linux `basic_text`). */
  isProtected(): boolean;
  wrap(plain: Buffer): Buffer;
  unwrap(wrapped: Buffer): Buffer;
}

export interface Clock {
  now(): Date;
}

export interface Ids {
  uuid(): string;
}

export interface ScannerDevice {
  /** Driver's device name, e.g. SANE `genesys:libusb:001:004` or `test:0`. */
  id: string;
  vendor: string;
  model: string;
  type: string;
}

export interface ScanRequest {
  deviceId: string;
  /** Dots per inch. */
  resolution: number;
  mode: 'color' | 'gray' | 'bw';
  source: 'flatbed' | 'adf';
  /** Flatbed scans one page; the feeder scans until empty or this many pages. */
  maxPages: number;
}

/**
 * Flatbed and feeder scanners (DESIGN §7). SANE on Linux, WIA on Windows, or none. A scan returns all of
 * its pages or throws a DeskError (SCANNER_*): a scanner that fails mid-run yields no pages at all.
 */
export interface Scanner {
  readonly driver: 'sane' | 'wia' | 'none';
  listDevices(): Promise<ScannerDevice[]>;
  scan(request: ScanRequest): Promise<Buffer[]>;
}

/** A system printer as the OS reports it. */
export interface PrinterInfo {
  name: string;
  isDefault: boolean;
}

/** Paper a print job is laid out for (A4/A5 sheets, 80 mm thermal roll). */
export type PrintPaper = 'A4' | 'A5' | 'roll80';

export interface PrintRequest {
  pdf: Buffer;
  printer: string;
  copies: number;
  /** Job name shown in the OS queue. No personal data: document kind and receipt number only. */
  title: string;
  paper: PrintPaper;
  /** Show the system print dialog instead of printing silently. */
  withDialog: boolean;
}

/** Why a printer did not print. The core keeps the job queued and tells the clerk in Chinese. */
export type PrinterFailure = 'offline' | 'out_of_paper' | 'no_printer' | 'unknown_printer' | 'failed';

export class PrinterError extends Error {
  constructor(
    readonly failure: PrinterFailure,
    readonly detail = '',
  ) {
    super(`printer: ${failure}${detail ? ` (${detail})` : ''}`);
    this.name = 'PrinterError';
  }
}

/** System printers: Electron's webContents.print in production, a folder of PDFs in the harness. */
export interface Printer {
  list(): Promise<PrinterInfo[]>;
  /** Resolves once the job is handed to the printer; rejects with PrinterError. */
  print(request: PrintRequest): Promise<void>;
}

export interface Ports {
  secretStore: SecretStore;
  clock: Clock;
  ids: Ids;
  /** Absent means no scanner driver on this system. */
  scanner?: Scanner;
  printer: Printer;
}

export const systemClock: Clock = { now: () => new Date() };
