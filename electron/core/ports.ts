// What the core needs from the outside world. Production implementations live in electron/main;
// test implementations in electron/harness. The core never imports either.

/**
 * Wraps the database key with the operating system's secret store (Electron safeStorage in production). Asynchronous:
 * safeStorage exists only in Electron's main process, and the core runs in a utility process that reaches it over a
 * message port (ADR 0017). The desk's own keys are unwrapped once, before `openDesk` resolves; sync credentials when
 * a round needs them.
 */
export interface SecretStore {
  /** Short name recorded with the wrapped key, e.g. `safeStorage:gnome_libsecret` or `test`. */
  readonly kind: string;
  /** False when the OS offers no real protected store (e.g. Linux `basic_text`). */
  isProtected(): Promise<boolean>;
  wrap(plain: Buffer): Promise<Buffer>;
  /** Rejects when the bytes were not wrapped by this store (another PC, another user, damaged). */
  unwrap(wrapped: Buffer): Promise<Buffer>;
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
  /**
   * `workDir`: an empty private folder the core gives each scan for the driver's page files (never the system temp
   * folder: the pages are a family's documents). The core removes it afterwards.
   */
  scan(request: ScanRequest, workDir: string): Promise<Buffer[]>;
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

/** Raw card text as the reader's library hands it over: 256 bytes of UCS-2LE fixed fields (GA 467). */
export type CardText = Buffer;

/**
 * An opened second-generation ID-card reader (DESIGN §7). One call at a time; every failure is a DeskError
 * (CARD_*). The card's photo never leaves the driver.
 */
export interface CardReader {
  readonly family: 'termb' | 'sdtapi';
  /** The port the reader answered on (1001–1016 USB, 1–16 serial). */
  readonly port: number;
  /**
   * The text of the card lying on the reader, or null when there is none. `workDir`: an empty private folder the core
   * gives each read for files the vendor library writes (the card text holds the ID number); removed afterwards.
   */
  readText(workDir: string): Promise<CardText | null>;
  close(): void;
}

/** Loads a vendor library and opens its reader: the koffi driver in production and tests. */
export interface CardReaderLoader {
  /** Rejects with DeskError CARD_READER_NO_LIBRARY / CARD_READER_BAD_LIBRARY / CARD_READER_NOT_FOUND. */
  open(libraryPath: string, port: number | null): Promise<CardReader>;
}

/** The text lines recognised on one page (electron/core/services/ocr/engine.ts). */
export interface OcrLineOut {
  text: string;
  confidence: number;
  /** Each character's probability, aligned with the code points of `text`. */
  chars?: number[];
  box: { x: number; y: number; w: number; h: number };
}

export interface OcrPage {
  lines: OcrLineOut[];
  /** Wall time from hand-over to answer, and the engine's own share of it. */
  ms: number;
  engineMs: number;
}

/** Text recognition off the thread that answers the window (a worker thread in production and tests). */
export interface OcrPort {
  /** Rejects with DeskError OCR_UNAVAILABLE / OCR_PAGE_UNREADABLE. */
  recognise(image: Buffer): Promise<OcrPage>;
  close(): void;
}

/**
 * The system's own open dialogs (Electron `dialog` in production). A path the core writes to or reads from comes from
 * here, picked by the person at the desk, never from the renderer.
 */
export interface FileDialog {
  /** A folder chosen by staff, or null when they cancelled. */
  chooseFolder(title: string): Promise<string | null>;
  /** An existing file chosen by staff, or null when they cancelled. */
  chooseFile(title: string, filters: Array<{ name: string; extensions: string[] }>): Promise<string | null>;
}

export interface Ports {
  secretStore: SecretStore;
  clock: Clock;
  ids: Ids;
  /** Absent means no scanner driver on this system. */
  scanner?: Scanner;
  printer: Printer;
  /** Absent means no way to load a card reader's library on this system. */
  cardReaders?: CardReaderLoader;
  /** Absent means no text recognition on this desk: no suggestions are offered. */
  ocr?: OcrPort;
  /** Absent where no dialog can be shown (backup folder and archive choice then fail with BACKUP_NO_DIALOG). */
  fileDialog?: FileDialog;
}

export const systemClock: Clock = { now: () => new Date() };
