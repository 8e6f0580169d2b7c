// cardReader.* handlers: the reader's configuration (系统设置), reading on F2, and polling while a person
// section is open. The opened reader is kept per desk and reopened after a configuration change or a
// failure that may mean the reader was unplugged.
import type { CardRead, CardReaderConfig, CardReaderStatus, cardReaderMethods } from '../../../../shared/contract/cardReader';
import { DeskError } from '../../../../shared/contract/result';
import { maskId } from '../../../../shared/domain/mask';
import { zhCN } from '../../../../shared/i18n/zhCN';
import { actor, type Ctx, type Handlers } from '../../context';
import type { CardReader } from '../../ports';
import { decodeCard } from './decode';

type CardHandlers = Pick<Handlers, Exclude<keyof typeof cardReaderMethods, 'ocr.suggest' | 'ocr.accepted'>>;

const CONFIG_KEY = 'cardReader.config';
const EMPTY: CardReaderConfig = { libraryPath: null, port: null };

interface ReaderState {
  reader: Promise<CardReader> | null;
  /** ID number of the card polling delivered last, until the reader is seen empty. */
  lastDelivered: string | null;
  /** Reads run one after another: F2 pressed while a poll is reading waits for it. */
  queue: Promise<unknown>;
}

const states = new WeakMap<Ctx, ReaderState>();

function stateOf(ctx: Ctx): ReaderState {
  let s = states.get(ctx);
  if (!s) {
    s = { reader: null, lastDelivered: null, queue: Promise.resolve() };
    states.set(ctx, s);
  }
  return s;
}

export function readConfig(ctx: Ctx): CardReaderConfig {
  return { ...EMPTY, ...(ctx.repos.meta.getJson<Partial<CardReaderConfig>>(CONFIG_KEY) ?? {}) };
}

/** Close the open reader (configuration changed, desk closing). */
export function closeCardReader(ctx: Ctx): void {
  const s = stateOf(ctx);
  const open = s.reader;
  s.reader = null;
  s.lastDelivered = null;
  open?.then((r) => r.close()).catch(() => undefined);
}

function reader(ctx: Ctx): Promise<CardReader> {
  const s = stateOf(ctx);
  if (s.reader) return s.reader;
  const { libraryPath, port } = readConfig(ctx);
  if (!libraryPath) return Promise.reject(new DeskError('CARD_READER_NOT_CONFIGURED'));
  const loader = ctx.ports.cardReaders;
  if (!loader) return Promise.reject(new DeskError('CARD_READER_BAD_LIBRARY', { path: libraryPath, reason: zhCN.cardReader.library.noLoader }));
  const opening = loader.open(libraryPath, port);
  s.reader = opening;
  // A failed open is not kept: the next call tries again (the clerk may have plugged the reader in).
  opening.catch(() => {
    if (s.reader === opening) s.reader = null;
  });
  return opening;
}

function readOnce(ctx: Ctx): Promise<CardRead> {
  const s = stateOf(ctx);
  const next = s.queue.then(
    () => readNow(ctx),
    () => readNow(ctx),
  );
  s.queue = next.catch(() => undefined);
  return next;
}

/** One read. Errors that may mean the reader went away drop it so the next call opens it afresh. */
async function readNow(ctx: Ctx): Promise<CardRead> {
  const r = await reader(ctx);
  let text: Buffer | null;
  try {
    text = await ctx.temp.withDir('card', (dir) => r.readText(dir));
  } catch (e: unknown) {
    if (!(e instanceof DeskError) || e.rpc.code === 'CARD_READER_NOT_FOUND') closeCardReader(ctx);
    throw e;
  }
  if (!text) return { state: 'noCard' };
  const card = decodeCard(text, ctx.nowIso().slice(0, 10));
  text.fill(0);
  return { state: 'card', card, readAt: ctx.nowIso() };
}

function audited(ctx: Ctx, read: CardRead, by: 'key' | 'auto'): CardRead {
  if (read.state !== 'card') return read;
  ctx.audit.append({
    at: ctx.nowIso(),
    ...actor(ctx),
    action: 'cardReader.cardRead',
    target: maskId(read.card.idNumber),
    details: { by, kind: read.card.kind, expired: read.card.expired },
  });
  return read;
}

async function status(ctx: Ctx): Promise<CardReaderStatus> {
  const config = readConfig(ctx);
  if (!config.libraryPath) return { config, state: 'notConfigured', family: null, port: null, error: null };
  try {
    const r = await reader(ctx);
    return { config, state: 'ready', family: r.family, port: r.port, error: null };
  } catch (e: unknown) {
    if (!(e instanceof DeskError)) throw e;
    return { config, state: 'error', family: null, port: null, error: { code: e.rpc.code, message: e.rpc.message } };
  }
}

export const cardReaderHandlers: CardHandlers = {
  'cardReader.status': (_input, ctx) => status(ctx),

  'cardReader.configure': async (input, ctx) => {
    const before = readConfig(ctx);
    ctx.db.transaction(() => {
      ctx.repos.meta.setJson(CONFIG_KEY, input);
      ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'cardReader.configured', target: null, details: { before, after: input } });
    })();
    closeCardReader(ctx);
    return status(ctx);
  },

  'cardReader.read': async (_input, ctx) => {
    const read = await readOnce(ctx);
    if (read.state !== 'card') throw new DeskError('CARD_NO_CARD');
    stateOf(ctx).lastDelivered = read.card.idNumber;
    return audited(ctx, read, 'key');
  },

  'cardReader.poll': async (_input, ctx) => {
    const s = stateOf(ctx);
    const read = await readOnce(ctx);
    if (read.state !== 'card') {
      s.lastDelivered = null;
      return read;
    }
    if (read.card.idNumber === s.lastDelivered) return { state: 'same' };
    s.lastDelivered = read.card.idNumber;
    return audited(ctx, read, 'auto');
  },
};
