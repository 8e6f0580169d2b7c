// The desk core behind a message port (ADR 0017). Plain Node: the same code runs between Electron's main process and
// its utilityProcess (MessagePort-like parentPort) and, in tests, between a parent and a child_process.fork child.
//
//   main → core   call (by id), port answers, close
//   core → main   ready, call results (by id), events, port requests (secret store, printer, file dialog)
//
// Main keeps what only it can do (safeStorage, printing through a window, the system's open dialog) and lends it to the
// core through `HostPorts`; the core keeps everything else. Buffers cross as base64 so any transport (structured
// clone or JSON) carries them unchanged. Light on purpose: main imports this file, never the core itself.
import { DeskError, errorOf, isErrorCode, type RpcError, type RpcResult } from '../../shared/contract/result';
import type { EventName, EventPayload } from '../../shared/contract';
import { bootErrorStatus } from './bootStatus';
import { PrinterError, type FileDialog, type Printer, type PrinterFailure, type PrintRequest, type SecretStore } from './ports';

/** One end of the port: Electron's utility process / parentPort, or a forked child / its `process`. */
export interface Endpoint {
  send(message: BridgeMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** The ports only main can provide, lent to the core. */
export interface HostPorts {
  secretStore: SecretStore;
  printer: Printer;
  fileDialog?: FileDialog;
}

/** What main tells the core at start besides the ports it lends. */
export interface CoreInit<O> {
  /** The core's own options (data dir, versions, paths); opaque to the bridge. */
  options: O;
  secretStoreKind: string;
  hasFileDialog: boolean;
}

type PortName = 'secretStore' | 'printer' | 'fileDialog';

interface WireError {
  kind: 'desk' | 'printer' | 'other';
  message: string;
  rpc?: RpcError;
  failure?: PrinterFailure;
  detail?: string;
}

export type BridgeMessage =
  | { t: 'init'; init: CoreInit<unknown> }
  | { t: 'call'; id: number; method: unknown; input: unknown }
  | { t: 'close' }
  | { t: 'portReply'; id: number; ok: true; value: unknown }
  | { t: 'portReply'; id: number; ok: false; error: WireError }
  | { t: 'ready'; bootError: RpcError | null }
  | { t: 'result'; id: number; result: RpcResult<unknown> }
  | { t: 'event'; event: string; payload: unknown }
  | { t: 'port'; id: number; port: PortName; op: string; args: unknown[] };

/** The part of DeskCore the bridge serves: calls in, events out. */
export interface ServedCore {
  call(method: unknown, input: unknown): Promise<RpcResult<unknown>>;
  onEvent(listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void): () => void;
  readonly bootError: RpcError | null;
  close(): void;
}

function isMessage(value: unknown): value is BridgeMessage {
  return typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'string';
}

function toWire(e: unknown): WireError {
  if (e instanceof DeskError) return { kind: 'desk', message: e.message, rpc: e.rpc };
  if (e instanceof PrinterError) return { kind: 'printer', message: e.message, failure: e.failure, detail: e.detail };
  return { kind: 'other', message: e instanceof Error ? e.message : String(e) };
}

function fromWire(w: WireError): Error {
  if (w.kind === 'desk' && w.rpc && isErrorCode(w.rpc.code)) return new DeskError(w.rpc.code, {}, w.rpc.details);
  if (w.kind === 'printer' && w.failure) return new PrinterError(w.failure, w.detail ?? '');
  return new Error(w.message);
}

const b64 = (b: Buffer) => b.toString('base64');
const unb64 = (s: unknown) => Buffer.from(String(s), 'base64');

// ---------- the core's side (utility process) ----------

/**
 * Serve a core over `endpoint`. Waits for main's `init`, builds the lent ports, opens the core with them (the secret
 * store answers from main while the keys load), says `ready`, then answers calls and forwards events. Calls that
 * arrive before the core is open wait for it. `close` from main closes the core, then `onClosed` runs (the process
 * exits). Resolves with the open core.
 */
export function serveCore<O>(
  endpoint: Endpoint,
  open: (init: CoreInit<O>, lent: HostPorts) => Promise<ServedCore>,
  onClosed: () => void = () => undefined,
): Promise<ServedCore> {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let resolveCore!: (core: ServedCore) => void;
  const core = new Promise<ServedCore>((resolve) => {
    resolveCore = resolve;
  });

  const ask = (port: PortName, op: string, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      endpoint.send({ t: 'port', id, port, op, args });
    });

  const lend = (init: CoreInit<O>): HostPorts => ({
    secretStore: {
      kind: init.secretStoreKind,
      isProtected: async () => (await ask('secretStore', 'isProtected', [])) === true,
      wrap: async (plain) => unb64(await ask('secretStore', 'wrap', [b64(plain)])),
      unwrap: async (wrapped) => unb64(await ask('secretStore', 'unwrap', [b64(wrapped)])),
    },
    printer: {
      list: async () => (await ask('printer', 'list', [])) as Awaited<ReturnType<Printer['list']>>,
      print: async (request) => {
        await ask('printer', 'print', [{ ...request, pdf: b64(request.pdf) }]);
      },
    },
    ...(init.hasFileDialog
      ? {
          fileDialog: {
            chooseFolder: async (title) => (await ask('fileDialog', 'chooseFolder', [title])) as string | null,
            chooseFile: async (title, filters) => (await ask('fileDialog', 'chooseFile', [title, filters])) as string | null,
          },
        }
      : {}),
  });

  endpoint.onMessage((raw) => {
    if (!isMessage(raw)) return;
    const m = raw;
    if (m.t === 'init') {
      const init = m.init as CoreInit<O>;
      void open(init, lend(init)).then((opened) => {
        opened.onEvent((event, payload) => endpoint.send({ t: 'event', event, payload }));
        endpoint.send({ t: 'ready', bootError: opened.bootError });
        resolveCore(opened);
      });
    } else if (m.t === 'call') {
      void core
        .then((c) => c.call(m.method, m.input))
        .catch((): RpcResult<unknown> => ({ ok: false, error: errorOf('INTERNAL') }))
        .then((result) => endpoint.send({ t: 'result', id: m.id, result }));
    } else if (m.t === 'portReply') {
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      if (m.ok) w.resolve(m.value);
      else w.reject(fromWire(m.error));
    } else if (m.t === 'close') {
      void core.then((c) => {
        c.close();
        onClosed();
      });
    }
  });
  return core;
}

// ---------- main's side ----------

export interface CoreConnection {
  /** One call into the core; answers CORE_STOPPED once the core's process is gone (never hangs). */
  call(method: unknown, input: unknown): Promise<RpcResult<unknown>>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /** Resolves when the core has opened its data (with its boot error, if any); rejects if the process ended first. */
  readonly ready: Promise<RpcError | null>;
  /** Tell the transport the process ended: every unanswered and later call answers CORE_STOPPED. */
  stopped(reason: string): void;
  readonly isStopped: boolean;
  /** Ask the core to close its data (the process then ends on its own or is ended by main). */
  close(): void;
}

async function runHostPort(ports: HostPorts, port: PortName, op: string, args: unknown[]): Promise<unknown> {
  if (port === 'secretStore') {
    if (op === 'isProtected') return ports.secretStore.isProtected();
    if (op === 'wrap') return b64(await ports.secretStore.wrap(unb64(args[0])));
    if (op === 'unwrap') return b64(await ports.secretStore.unwrap(unb64(args[0])));
  } else if (port === 'printer') {
    if (op === 'list') return ports.printer.list();
    if (op === 'print') {
      const request = args[0] as Omit<PrintRequest, 'pdf'> & { pdf: string };
      await ports.printer.print({ ...request, pdf: unb64(request.pdf) });
      return null;
    }
  } else if (port === 'fileDialog' && ports.fileDialog) {
    if (op === 'chooseFolder') return ports.fileDialog.chooseFolder(String(args[0]));
    if (op === 'chooseFile') return ports.fileDialog.chooseFile(String(args[0]), args[1] as Array<{ name: string; extensions: string[] }>);
  }
  throw new Error(`unknown port operation ${port}.${op}`);
}

/**
 * Main's end: sends `init`, answers the core's port requests with `ports`, correlates call results by id and
 * forwards events. The caller reports the process's end with `stopped` (Electron: the utility process's `exit`).
 */
export function connectCore<O>(endpoint: Endpoint, ports: HostPorts, options: O): CoreConnection {
  let nextId = 1;
  const pending = new Map<number, (result: RpcResult<unknown>) => void>();
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let stoppedWith: RpcError | null = null;
  let settleReady!: { resolve: (e: RpcError | null) => void; reject: (e: Error) => void };
  const ready = new Promise<RpcError | null>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  // A core that ends before it is ready is reported through `ready`; nobody else need listen for that.
  ready.catch(() => undefined);

  endpoint.onMessage((raw) => {
    if (!isMessage(raw) || stoppedWith) return;
    const m = raw;
    if (m.t === 'ready') settleReady.resolve(m.bootError);
    else if (m.t === 'result') {
      const answer = pending.get(m.id);
      pending.delete(m.id);
      answer?.(m.result);
    } else if (m.t === 'event') {
      for (const l of listeners) l(m.event, m.payload);
    } else if (m.t === 'port') {
      runHostPort(ports, m.port, m.op, m.args).then(
        (value) => !stoppedWith && endpoint.send({ t: 'portReply', id: m.id, ok: true, value }),
        (e: unknown) => !stoppedWith && endpoint.send({ t: 'portReply', id: m.id, ok: false, error: toWire(e) }),
      );
    }
  });
  endpoint.send({ t: 'init', init: { options, secretStoreKind: ports.secretStore.kind, hasFileDialog: ports.fileDialog !== undefined } });

  return {
    ready,
    get isStopped() {
      return stoppedWith !== null;
    },
    call(method, input) {
      if (stoppedWith) return Promise.resolve({ ok: false, error: stoppedWith });
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        try {
          endpoint.send({ t: 'call', id, method, input });
        } catch {
          pending.delete(id);
          resolve({ ok: false, error: errorOf('CORE_STOPPED') });
        }
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stopped(reason) {
      if (stoppedWith) return;
      stoppedWith = errorOf('CORE_STOPPED', {}, { reason });
      settleReady.reject(new Error(`desk core stopped before it was ready: ${reason}`));
      for (const answer of pending.values()) answer({ ok: false, error: stoppedWith });
      pending.clear();
    },
    close() {
      if (!stoppedWith) endpoint.send({ t: 'close' });
    },
  };
}

// ---------- main's supervisor: one core process at a time, restartable ----------

/** A started core process, however it was started (Electron utilityProcess; child_process.fork in tests). */
export interface CoreChild {
  endpoint: Endpoint;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface SupervisorOptions<O> {
  spawn: () => CoreChild;
  ports: HostPorts;
  options: O;
  appVersion: string;
  /** The process ended without main asking (crash, kill): main tells staff and offers a restart. */
  onStopped: (reason: string) => void;
  /** How long `close` waits for the core to close its data before it ends the process. */
  closeTimeoutMs?: number;
}

/**
 * What main's IPC handler calls: the current core process. While it is stopped, `system.getStatus` answers a
 * boot-error status (CORE_STOPPED) so the renderer shows its boot-error screen, and every other call answers
 * CORE_STOPPED; `restart` starts a new process. Event listeners stay subscribed across restarts.
 */
export class CoreSupervisor<O> {
  private connection!: CoreConnection;
  private child!: CoreChild;
  private exited!: Promise<void>;
  private closing = false;
  private readonly listeners = new Set<(event: string, payload: unknown) => void>();

  constructor(private readonly opts: SupervisorOptions<O>) {
    this.start();
  }

  /** The core's boot error once it is open (null: working). Rejects if the process ended first. */
  get ready(): Promise<RpcError | null> {
    return this.connection.ready;
  }

  get isStopped(): boolean {
    return this.connection.isStopped;
  }

  private start(): void {
    const child = this.opts.spawn();
    const connection = connectCore(child.endpoint, this.opts.ports, this.opts.options);
    connection.onEvent((event, payload) => {
      for (const l of this.listeners) l(event, payload);
    });
    this.exited = new Promise((resolve) => {
      child.onExit((code) => {
        const reason = `exit code ${code === null ? 'none' : code}`;
        connection.stopped(reason);
        resolve();
        if (!this.closing && this.connection === connection) this.opts.onStopped(reason);
      });
    });
    this.child = child;
    this.connection = connection;
  }

  async call(method: unknown, input: unknown): Promise<RpcResult<unknown>> {
    // 重新启动 on the boot-error screen: a new core process when this one stopped or could not open its data.
    if (method === 'system.restart' && (this.connection.isStopped || (await this.bootErrorNow()))) {
      await this.restart().catch(() => null);
      return { ok: true, value: { done: true } };
    }
    if (this.connection.isStopped && method === 'system.getStatus') {
      return Promise.resolve({ ok: true, value: bootErrorStatus(errorOf('CORE_STOPPED'), this.opts.appVersion) });
    }
    return this.connection.call(method, input);
  }

  /** Whether the running core reported a boot error when it opened (waits while it is still opening). */
  private async bootErrorNow(): Promise<boolean> {
    return (await this.connection.ready.catch(() => null)) !== null;
  }

  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new core process after the last one stopped; resolves once it is open (with its boot error, if any). */
  async restart(): Promise<RpcError | null> {
    this.closing = true;
    await this.stop();
    this.closing = false;
    this.start();
    return this.connection.ready;
  }

  /** Close the core's data and end its process (the app is quitting). */
  async close(): Promise<void> {
    this.closing = true;
    await this.stop();
  }

  private async stop(): Promise<void> {
    if (this.connection.isStopped) return;
    this.connection.close();
    const timer = setTimeout(() => this.child.kill(), this.opts.closeTimeoutMs ?? 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}
