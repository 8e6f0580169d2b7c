import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeskError } from '../../../shared/contract/result';
import type { SecretStore } from '../ports';
import { writeFileAtomic } from '../fsAtomic';

const keyFileSchema = z.object({
  version: z.literal(1),
  store: z.string(),
  protected: z.boolean(),
  wrapped: z.string(),
  /** First bytes of SHA-256 of the key: tells a wrong unwrap apart from a wrong database. */
  check: z.string(),
});

export interface DeskKeys {
  /** Database encryption key. */
  db: Buffer;
  /** MAC key for the audit chain. */
  audit: Buffer;
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
export function loadOrCreateKeys(dataDir: string, store: SecretStore, allowInsecure: boolean): DeskKeys {
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    const isProtected = store.isProtected();
    if (!isProtected && !allowInsecure) throw new DeskError('SECRET_STORE_UNAVAILABLE');
    const master = randomBytes(32);
    const content = {
      version: 1 as const,
      store: store.kind,
      protected: isProtected,
      wrapped: store.wrap(master).toString('base64'),
      check: fingerprint(master),
    };
    writeFileAtomic(file, JSON.stringify(content, null, 2));
    return derive(master, !isProtected);
  }
  let parsed: z.infer<typeof keyFileSchema>;
  try {
    parsed = keyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new DeskError('KEY_UNREADABLE');
  }
  if (!parsed.protected && !allowInsecure) throw new DeskError('SECRET_STORE_UNAVAILABLE');
  let master: Buffer;
  try {
    master = store.unwrap(Buffer.from(parsed.wrapped, 'base64'));
  } catch {
    throw new DeskError('KEY_UNREADABLE');
  }
  if (master.length !== 32 || fingerprint(master) !== parsed.check) throw new DeskError('KEY_UNREADABLE');
  return derive(master, !parsed.protected);
}

function fingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function derive(master: Buffer, insecure: boolean): DeskKeys {
  const sub = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { db: sub('enroll-desk/db'), audit: sub('enroll-desk/audit'), idHash: sub('enroll-desk/id-hash'), blob: sub('enroll-desk/blob'), receipt: sub('enroll-desk/receipt'), insecure };
}
