import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeskError } from '../../../shared/contract/result';
import type { SecretStore } from '../ports';
import { writeFileAtomic } from '../fsAtomic';

export const wrappedKeySchema = z.object({
  wrapped: z.string(),
  /** First bytes of SHA-256 of the key: tells a wrong unwrap apart from a wrong database. */
  check: z.string(),
});

export const keyFileSchema = z.object({
  /** 1: the master key only (the audit MAC key was derived from it); 2: plus a random audit key of its own. */
  version: z.union([z.literal(1), z.literal(2)]),
  store: z.string(),
  protected: z.boolean(),
  ...wrappedKeySchema.shape,
  audit: wrappedKeySchema.optional(),
});
export type KeyFile = z.infer<typeof keyFileSchema>;

export interface DeskKeys {
  /** Database encryption key. */
  db: Buffer;
  /**
   * MAC key for the audit chain and its sealed head and checkpoint: random, wrapped by the secret store on its own,
   * so nothing derived from the database key (or the master key) can forge the log's tail.
   */
  audit: Buffer;
  /** The audit MAC key of key files before version 2 (HKDF of the master key): verifies rows written then. */
  legacyAudit: Buffer;
  /**
   * `existing`: the audit key was in the key file. `created`: made now (a new desk, or a version 1 key file upgraded).
   * `replaced`: a version 2 key file had lost its audit key, or it no longer unwraps — the log's seals were made with
   * a key that is gone, which the audit log reports as tampering.
   */
  auditKeyState: 'existing' | 'created' | 'replaced';
  /** Keyed hash for child ID numbers (cross-counter duplicate check). */
  idHash: Buffer;
  /** Key for blob encryption (scanned pages). */
  blob: Buffer;
  /** MAC key for verification codes on receipts and notices (shared with the county at enrollment). */
  receipt: Buffer;
  /** True when the key is stored without OS protection because the admin opted in. */
  insecure: boolean;
}

export const KEY_FILE = 'desk.key.json';

/**
 * Load the desk's master key, or create one on first run. The key file holds only the key as wrapped
 * by the OS secret store; without a protected store the desk refuses to start unless the admin has
 * explicitly allowed unprotected storage.
 */
export async function loadOrCreateKeys(dataDir: string, store: SecretStore, allowInsecure: boolean): Promise<DeskKeys> {
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    const isProtected = await store.isProtected();
    if (!isProtected && !allowInsecure) throw new DeskError('SECRET_STORE_UNAVAILABLE');
    const master = randomBytes(32);
    const audit = randomBytes(32);
    const content: KeyFile = {
      version: 2,
      store: store.kind,
      protected: isProtected,
      ...(await wrapKey(store, master)),
      audit: await wrapKey(store, audit),
    };
    writeFileAtomic(file, JSON.stringify(content, null, 2));
    return derive(master, audit, 'created', !isProtected);
  }
  let parsed: KeyFile;
  try {
    parsed = keyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new DeskError('KEY_UNREADABLE');
  }
  if (!parsed.protected && !allowInsecure) throw new DeskError('SECRET_STORE_UNAVAILABLE');
  let master: Buffer;
  try {
    master = await store.unwrap(Buffer.from(parsed.wrapped, 'base64'));
  } catch {
    throw new DeskError('KEY_UNREADABLE');
  }
  if (master.length !== 32 || fingerprint(master) !== parsed.check) throw new DeskError('KEY_UNREADABLE');
  const existing = parsed.audit ? await unwrapKey(store, parsed.audit) : null;
  if (existing) return derive(master, existing, 'existing', !parsed.protected);
  // A version 1 file gets its audit key now; a version 2 file that lost it gets a new one, and the log says so.
  const audit = randomBytes(32);
  writeFileAtomic(file, JSON.stringify({ ...parsed, version: 2, audit: await wrapKey(store, audit) } satisfies KeyFile, null, 2));
  return derive(master, audit, parsed.version === 1 ? 'created' : 'replaced', !parsed.protected);
}

export async function wrapKey(store: SecretStore, key: Buffer): Promise<z.infer<typeof wrappedKeySchema>> {
  return { wrapped: (await store.wrap(key)).toString('base64'), check: fingerprint(key) };
}

export async function unwrapKey(store: SecretStore, entry: z.infer<typeof wrappedKeySchema>): Promise<Buffer | null> {
  try {
    const key = await store.unwrap(Buffer.from(entry.wrapped, 'base64'));
    return key.length === 32 && fingerprint(key) === entry.check ? key : null;
  } catch {
    return null;
  }
}

export function fingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function derive(master: Buffer, audit: Buffer, auditKeyState: DeskKeys['auditKeyState'], insecure: boolean): DeskKeys {
  const sub = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return {
    db: sub('enroll-desk/db'),
    audit,
    legacyAudit: sub('enroll-desk/audit'),
    auditKeyState,
    idHash: sub('enroll-desk/id-hash'),
    blob: sub('enroll-desk/blob'),
    receipt: sub('enroll-desk/receipt'),
    insecure,
  };
}
