// The OCR worker thread: owns the onnxruntime sessions and recognises one page at a time, so recognition never
// runs on the thread that answers the window. Bundled for Electron as dist/main/ocrWorker.cjs.
import { parentPort, workerData } from 'node:worker_threads';
import { OcrEngine, type OcrLine, type EngineTimings } from './engine';

export interface WorkerInit {
  modelsDir: string;
  threads: number;
}
export type WorkerRequest = { id: number; image: Uint8Array };
export type WorkerReply =
  | { id: number; ok: true; lines: OcrLine[]; timings: EngineTimings }
  | { id: number; ok: false; message: string }
  | { id: 0; ready: true }
  | { id: 0; ready: false; message: string };

const port = parentPort;
if (!port) throw new Error('ocr worker: not started as a worker thread');

async function main(): Promise<void> {
  const init = workerData as WorkerInit;
  let engine: OcrEngine;
  try {
    engine = await OcrEngine.create({ modelsDir: init.modelsDir, threads: init.threads });
  } catch (e: unknown) {
    port?.postMessage({ id: 0, ready: false, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
    return;
  }
  port?.postMessage({ id: 0, ready: true } satisfies WorkerReply);
  // One page at a time: the sessions already use every core they are given.
  let queue: Promise<void> = Promise.resolve();
  port?.on('message', (req: WorkerRequest) => {
    queue = queue.then(async () => {
      try {
        const lines = await engine.recognise(Buffer.from(req.image.buffer, req.image.byteOffset, req.image.byteLength));
        port.postMessage({ id: req.id, ok: true, lines, timings: engine.lastTimings } satisfies WorkerReply);
      } catch (e: unknown) {
        port.postMessage({ id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
      }
    });
  });
}

void main();
