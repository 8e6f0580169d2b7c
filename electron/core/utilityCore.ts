// The desk core as its own process (ADR 0017): Electron's utilityProcess in production (dist/main/core.cjs, entry
// utilityEntry.ts), a child_process.fork child in tests. Builds the ports the core owns itself (clock, ids, scanner,
// card readers, text recognition) and opens the desk with the ports main lends over the bridge (secret store,
// printer, file dialog).
import { randomUUID } from 'node:crypto';
import { openDesk } from './desk';
import { systemClock } from './ports';
import { serveCore, type Endpoint, type ServedCore } from './portBridge';
import { platformScanner } from './services/documents/sane';
import { koffiCardReaders } from './services/cardReader/koffiReader';
import { WorkerOcr } from './services/ocr/pool';
import { setFontsDir } from './services/printing/fonts';

/** What main passes the core process at start (plain data: it crosses the port). */
export interface CoreProcessOptions {
  dataDir: string;
  appVersion: string;
  /** The admin's explicit switch (launchPolicy.ts), never an environment variable. */
  allowInsecureKeyStorage: boolean;
  /** better-sqlite3 built for Electron's ABI (dev runs); absent: the module's own. */
  nativeBinding?: string;
  fontsDir?: string;
  ocr?: { workerScript: string; modelsDir: string };
}

/** Serve the real core over `endpoint` until main says close; then `onClosed` (exit the process). */
export function runCoreProcess(endpoint: Endpoint, onClosed: () => void): Promise<ServedCore> {
  return serveCore<CoreProcessOptions>(endpoint, async ({ options }, lent) => {
    if (options.fontsDir) setFontsDir(options.fontsDir);
    const ocr = options.ocr ? new WorkerOcr(options.ocr) : undefined;
    const core = await openDesk({
      dataDir: options.dataDir,
      ports: {
        ...lent,
        clock: systemClock,
        ids: { uuid: () => randomUUID() },
        scanner: platformScanner(),
        cardReaders: koffiCardReaders,
        ...(ocr ? { ocr } : {}),
      },
      appVersion: options.appVersion,
      allowInsecureKeyStorage: options.allowInsecureKeyStorage,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    return {
      get bootError() {
        return core.bootError;
      },
      call: (method, input) => core.call(method, input),
      onEvent: (listener) => core.onEvent(listener),
      close() {
        core.close();
        ocr?.close();
      },
    };
  }, onClosed);
}
