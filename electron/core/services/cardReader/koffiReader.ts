// The CardReader port through koffi (FFI): loads the vendor's library and speaks one of the two C interfaces
// that second-generation ID-card readers ship with (docs/adr/0010-card-reader-and-ocr.md):
//   sdtapi — the public-security reference interface (SDT_OpenPort / SDT_StartFindIDCard / SDT_SelectIDCard /
//            SDT_ReadBaseMsg): the 256-byte text block comes back in a buffer.
//   termb  — the InitComm / Authenticate / Read_Content family: the text block is written as wz.txt.
// Every call into the library runs on koffi's worker thread (`.async`), one at a time: a read takes up to a
// second or two on a real reader and must not stall the process that answers the window.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import koffi, { type LibraryHandle } from 'koffi';
import { DeskError } from '../../../../shared/contract/result';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import type { CardReader, CardReaderLoader, CardText } from '../../ports';
import { CARD_TEXT_BYTES } from './decode';

const PHOTO_BYTES = 1024;
/** USB readers answer on 1001–1016, serial ones on COM1–16; the usual ports first. */
export const AUTO_PORTS = [1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1, 2, 3, 4];

type Fn = ReturnType<LibraryHandle['func']>;

/** Calls into the library one after another, on koffi's worker thread. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  call(fn: Fn, ...args: unknown[]): Promise<number> {
    const run = () =>
      new Promise<number>((resolve, reject) => {
        fn.async(...args, (err: unknown, result: number) => (err ? reject(err instanceof Error ? err : new Error('koffi call failed')) : resolve(result)));
      });
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

function optionalFunc(lib: LibraryHandle, signature: string): Fn | null {
  try {
    return lib.func(signature);
  } catch {
    return null;
  }
}

function badLibrary(path: string, reason: string): DeskError {
  return new DeskError('CARD_READER_BAD_LIBRARY', { path, reason });
}

class SdtapiReader implements CardReader {
  readonly family = 'sdtapi' as const;
  constructor(
    private readonly serial: Serial,
    private readonly lib: LibraryHandle,
    private readonly fns: Record<'close' | 'find' | 'select' | 'read', Fn>,
    readonly port: number,
  ) {}

  async readText(): Promise<CardText | null> {
    const found = await this.serial.call(this.fns.find, this.port, Buffer.alloc(8), 1);
    if (found === 0x80) return null;
    if (found !== 0x9f) throw new DeskError('CARD_READER_NOT_FOUND', { ports: String(this.port) });
    if ((await this.serial.call(this.fns.select, this.port, Buffer.alloc(16), 1)) !== 0x90) throw new DeskError('CARD_REMOVED');
    const text = Buffer.alloc(CARD_TEXT_BYTES + 16);
    const photo = Buffer.alloc(PHOTO_BYTES + 16);
    const textLen = [0];
    const photoLen = [0];
    const r = await this.serial.call(this.fns.read, this.port, text, textLen, photo, photoLen, 1);
    // The photo is never used: the plan does not list it, so it is wiped where the library put it.
    photo.fill(0);
    if (r === 0x90 && textLen[0] === CARD_TEXT_BYTES) return text.subarray(0, CARD_TEXT_BYTES);
    text.fill(0);
    throw await this.whyFailed();
  }

  /** After a failed read: a card still there is a bad read, no card means it was lifted mid-read. */
  private async whyFailed(): Promise<DeskError> {
    const again = await this.serial.call(this.fns.find, this.port, Buffer.alloc(8), 1);
    return new DeskError(again === 0x9f ? 'CARD_READ_FAILED' : 'CARD_REMOVED');
  }

  close(): void {
    void this.serial
      .call(this.fns.close, this.port)
      .catch(() => undefined)
      .then(() => this.lib.unload());
  }
}

class TermbReader implements CardReader {
  readonly family = 'termb' as const;
  constructor(
    private readonly serial: Serial,
    private readonly lib: LibraryHandle,
    private readonly libraryPath: string,
    private readonly fns: { close: Fn; authenticate: Fn; read: Fn | null; readPath: Fn | null },
    readonly port: number,
  ) {}

  async readText(dir: string): Promise<CardText | null> {
    if ((await this.serial.call(this.fns.authenticate)) !== 1) return null;
    // Active 2 = text only: the library writes wz.txt and no photo files, into the private folder the core gives
    // each read, so an old wz.txt can never be taken for the new card's.
    let r: number;
    let candidates: string[];
    if (this.fns.readPath) {
      r = await this.serial.call(this.fns.readPath, dir, 2);
      candidates = [join(dir, 'wz.txt')];
    } else {
      // Older libraries write into the working folder or their own folder: clear both first.
      candidates = [join(process.cwd(), 'wz.txt'), join(dirname(this.libraryPath), 'wz.txt')];
      for (const c of candidates) rmSync(c, { force: true });
      r = await this.serial.call(this.fns.read as Fn, 2);
    }
    const file = candidates.find((c) => existsSync(c) && statSync(c).size > 0);
    const text = r === 1 && file ? readFileSync(file) : null;
    for (const c of candidates) rmSync(c, { force: true });
    if (text && text.length >= CARD_TEXT_BYTES) return text.subarray(0, CARD_TEXT_BYTES);
    const still = await this.serial.call(this.fns.authenticate);
    throw new DeskError(still === 1 ? 'CARD_READ_FAILED' : 'CARD_REMOVED');
  }

  close(): void {
    void this.serial
      .call(this.fns.close)
      .catch(() => undefined)
      .then(() => this.lib.unload());
  }
}

async function openSdtapi(path: string, lib: LibraryHandle, open: Fn, port: number | null): Promise<CardReader> {
  const fns = {
    close: optionalFunc(lib, 'int __stdcall SDT_ClosePort(int port)'),
    find: optionalFunc(lib, 'int __stdcall SDT_StartFindIDCard(int port, _Out_ uint8_t *iin, int ifOpen)'),
    select: optionalFunc(lib, 'int __stdcall SDT_SelectIDCard(int port, _Out_ uint8_t *sn, int ifOpen)'),
    read: optionalFunc(
      lib,
      'int __stdcall SDT_ReadBaseMsg(int port, _Out_ uint8_t *text, _Inout_ uint32_t *textLen, _Out_ uint8_t *photo, _Inout_ uint32_t *photoLen, int ifOpen)',
    ),
  };
  const missing = Object.entries(fns).filter(([, f]) => !f);
  if (missing.length) throw badLibrary(path, format(zhCN.cardReader.library.sdtapiMissing, { names: missing.map(([k]) => sdtName[k as keyof typeof sdtName]).join('、') }));
  const serial = new Serial();
  const ports = port === null ? AUTO_PORTS : [port];
  for (const p of ports) {
    if ((await serial.call(open, p)) === 0x90) return new SdtapiReader(serial, lib, fns as Record<keyof typeof fns, Fn>, p);
  }
  lib.unload();
  throw new DeskError('CARD_READER_NOT_FOUND', { ports: portList(ports) });
}

const sdtName = { close: 'SDT_ClosePort', find: 'SDT_StartFindIDCard', select: 'SDT_SelectIDCard', read: 'SDT_ReadBaseMsg' };

async function openTermb(path: string, lib: LibraryHandle, init: Fn, port: number | null): Promise<CardReader> {
  const close = optionalFunc(lib, 'int __stdcall CloseComm()');
  const authenticate = optionalFunc(lib, 'int __stdcall Authenticate()');
  const readPath = optionalFunc(lib, 'int __stdcall Read_Content_Path(const char *dir, int active)');
  const read = optionalFunc(lib, 'int __stdcall Read_Content(int active)');
  if (!close || !authenticate || (!read && !readPath)) {
    throw badLibrary(path, zhCN.cardReader.library.termbMissing);
  }
  const serial = new Serial();
  const ports = port === null ? AUTO_PORTS : [port];
  for (const p of ports) {
    if ((await serial.call(init, p)) === 1) return new TermbReader(serial, lib, path, { close, authenticate, read, readPath }, p);
  }
  lib.unload();
  throw new DeskError('CARD_READER_NOT_FOUND', { ports: portList(ports) });
}

function portList(ports: number[]): string {
  return ports.map((p) => (p >= 1001 ? `USB ${p}` : `COM${p}`)).join('、');
}

/** Loads the library and picks its interface: sdtapi when it exports SDT_OpenPort, else termb's InitComm. */
export const koffiCardReaders: CardReaderLoader = {
  async open(libraryPath, port) {
    if (!existsSync(libraryPath) || !statSync(libraryPath).isFile()) throw new DeskError('CARD_READER_NO_LIBRARY', { path: libraryPath });
    let lib: LibraryHandle;
    try {
      lib = koffi.load(libraryPath);
    } catch (e: unknown) {
      // Wrong architecture (a 32-bit DLL in a 64-bit desk), a missing dependency of the library, not a library.
      throw badLibrary(libraryPath, format(zhCN.cardReader.library.notLoadable, { reason: e instanceof Error ? e.message.slice(0, 160) : String(e) }));
    }
    const sdtOpen = optionalFunc(lib, 'int __stdcall SDT_OpenPort(int port)');
    if (sdtOpen) return openSdtapi(libraryPath, lib, sdtOpen, port);
    const init = optionalFunc(lib, 'int __stdcall InitComm(int port)');
    if (init) return openTermb(libraryPath, lib, init, port);
    lib.unload();
    throw badLibrary(libraryPath, zhCN.cardReader.library.notAReader);
  },
};
