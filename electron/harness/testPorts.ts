import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, FileDialog, Ids, Ports, SecretStore } from '../core/ports';
import { FakePrinter } from './fakePrinter';
import { SaneScanner } from '../core/services/documents/sane';
import { koffiCardReaders } from '../core/services/cardReader/koffiReader';
import { WorkerOcr } from '../core/services/ocr/pool';

/**
 * Stands in for the OS secret store (which only exists inside Electron): AES-256-GCM under a key
 * derived from a harness secret, so the same data dir reopens across harness restarts.
 */
export class TestSecretStore implements SecretStore {
  readonly kind = 'test';
  private readonly key: Buffer;
  constructor(
    secret: string,
    private readonly protectedStore = true,
  ) {
    this.key = createHash('sha256').update(`enroll-desk-test-store:${secret}`).digest();
  }
  isProtected(): Promise<boolean> {
    return Promise.resolve(this.protectedStore);
  }
  wrap(plain: Buffer): Promise<Buffer> {
    return new Promise((resolve) => resolve(this.wrapNow(plain)));
  }
  unwrap(wrapped: Buffer): Promise<Buffer> {
    // A wrong key or damaged bytes reject (the constructor turns the throw into a rejection).
    return new Promise((resolve) => resolve(this.unwrapNow(wrapped)));
  }
  private wrapNow(plain: Buffer): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  private unwrapNow(wrapped: Buffer): Buffer {
    const d = createDecipheriv('aes-256-gcm', this.key, wrapped.subarray(0, 12));
    d.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([d.update(wrapped.subarray(28)), d.final()]);
  }
}

/** A clock that tests can move forward; starts at the real time. */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
}

/** The OCR worker from its TypeScript source (through tsx). */
export const DEV_OCR_WORKER = join(import.meta.dirname, '..', 'core', 'services', 'ocr', 'workerDev.mjs');

/**
 * Stands in for the system's open dialogs. Tests queue answers (`folders`, `files`; null = cancelled); without a
 * queued answer it picks `defaultFolder`, and for files the newest archive in that folder (the browser harness).
 */
export class TestFileDialog implements FileDialog {
  readonly folders: Array<string | null> = [];
  readonly files: Array<string | null> = [];
  readonly asked: string[] = [];
  constructor(private readonly defaultFolder?: string) {}
  chooseFolder(title: string): Promise<string | null> {
    this.asked.push(title);
    return Promise.resolve(this.folders.length ? (this.folders.shift() ?? null) : (this.defaultFolder ?? null));
  }
  chooseFile(title: string, filters: Array<{ name: string; extensions: string[] }>): Promise<string | null> {
    this.asked.push(title);
    if (this.files.length) return Promise.resolve(this.files.shift() ?? null);
    const dir = this.defaultFolder;
    if (!dir) return Promise.resolve(null);
    const exts = filters.flatMap((f) => f.extensions.map((e) => `.${e}`));
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => exts.some((e) => n.endsWith(e)));
    } catch {
      return Promise.resolve(null);
    }
    const newest = names.map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs })).sort((a, b) => b.t - a.t)[0];
    return Promise.resolve(newest ? join(dir, newest.n) : null);
  }
}

export const randomIds: Ids = { uuid: () => randomUUID() };

export interface TestPortsOptions {
  secret?: string;
  /** Simulate a machine without a protected OS secret store. */
  unprotectedSecretStore?: boolean;
  /** Folder the fake printer writes its PDFs to (a new temp folder when absent). */
  printDir?: string;
  /** Text recognition in a worker thread (started on first use). */
  ocr?: boolean;
  /** What the fake open dialog answers when a test queued nothing (see TestFileDialog). */
  dialogFolder?: string;
}

/** A SANE config dir that enables only the `test` backend (for the harness and tests). */
let testConfigDir: string | null = null;
export function saneTestConfigDir(): string {
  if (testConfigDir === null) {
    testConfigDir = mkdtempSync(join(tmpdir(), 'desk-sane-'));
    writeFileSync(join(testConfigDir, 'dll.conf'), 'test\n');
  }
  return testConfigDir;
}

export function testPorts(options: TestPortsOptions = {}): Ports & { clock: AdjustableClock; printer: FakePrinter; fileDialog: TestFileDialog } {
  return {
    secretStore: new TestSecretStore(options.secret ?? 'harness', !options.unprotectedSecretStore),
    clock: new AdjustableClock(),
    ids: randomIds,
    printer: new FakePrinter(options.printDir),
    // The real SANE port against SANE's `test` backend (Debian sane-utils).
    scanner: new SaneScanner({ configDir: saneTestConfigDir(), extraArgs: ['--test-picture', 'Color pattern'] }),
    // The real FFI driver; tests point it at the stand-in library (electron/core/testing/cardReaderStandin).
    cardReaders: koffiCardReaders,
    ...(options.ocr ? { ocr: new WorkerOcr({ workerScript: DEV_OCR_WORKER }) } : {}),
    fileDialog: new TestFileDialog(options.dialogFolder),
  };
}
