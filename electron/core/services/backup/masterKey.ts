// The desk's keys as backup and restore need them: the master key and the audit key (keys.ts), read from the key
// file, wrapped for a secret store, and wrapped with the supervisor's recovery passphrase (scrypt). keys.ts stays the
// one place that derives subkeys.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeskError } from '../../../../shared/contract/result';
import type { SecretStore } from '../../ports';
import { fingerprint, KEY_FILE, keyFileSchema, unwrapKey, wrapKey, type KeyFile } from '../keys';

export type { KeyFile };

/** What a key file holds: the master key, and (key file version 2) the audit log's own random key. */
export interface DeskSecrets {
  master: Buffer;
  audit: Buffer | null;
}

/**
 * scrypt with N = 2^17, r = 8, p = 1: 128 MiB of memory and about half a second per try on a counter PC, so
 * guessing a passphrase from a stolen archive costs an attacker the same per guess. The parameters are stored with
 * every wrap, so they can be raised later without breaking older archives.
 */
export const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const SCRYPT_MAXMEM = 256 * 1024 * 1024;

export const recoveryWrapSchema = z.object({
  kdf: z.literal('scrypt'),
  N: z.number().int().min(2 ** 14).max(2 ** 22),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string(),
  nonce: z.string(),
  tag: z.string(),
  /** The master key, followed by the audit key when the desk has one (32 or 64 bytes before encryption). */
  wrapped: z.string(),
  /** Fingerprint of the master key: a right passphrase is told apart from a wrong one only by the GCM tag; this names the key. */
  check: z.string(),
});
export type RecoveryWrap = z.infer<typeof recoveryWrapSchema>;

export function readKeyFile(dataDir: string): KeyFile {
  try {
    return keyFileSchema.parse(JSON.parse(readFileSync(join(dataDir, KEY_FILE), 'utf8')));
  } catch {
    throw new DeskError('KEY_UNREADABLE');
  }
}

/** The keys in a key file, if this machine's secret store can open them; null when it cannot (another PC). */
export async function unwrapWithStore(file: KeyFile, store: SecretStore): Promise<DeskSecrets | null> {
  const master = await unwrapKey(store, file);
  if (!master) return null;
  return { master, audit: file.audit ? await unwrapKey(store, file.audit) : null };
}

/** The key file content that keeps the keys wrapped by `store` (what loadOrCreateKeys writes on first run). */
export async function keyFileFor(secrets: DeskSecrets, store: SecretStore): Promise<KeyFile> {
  return {
    version: secrets.audit ? 2 : 1,
    store: store.kind,
    protected: await store.isProtected(),
    ...(await wrapKey(store, secrets.master)),
    ...(secrets.audit ? { audit: await wrapKey(store, secrets.audit) } : {}),
  };
}

/** Unicode NFKC and trimmed: a full-width passphrase typed on another PC's input method is the same passphrase. */
export function normalizePassphrase(passphrase: string): Buffer {
  return Buffer.from(passphrase.normalize('NFKC').trim(), 'utf8');
}

function scrypt(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: SCRYPT_MAXMEM };
  return new Promise((resolve, reject) => scryptCb(normalizePassphrase(passphrase), salt, 32, options, (err, key) => (err ? reject(err) : resolve(key))));
}

const WRAP_AAD = Buffer.from('enroll-desk/recovery-wrap/v1', 'ascii');

export async function wrapWithPassphrase(secrets: DeskSecrets, passphrase: string): Promise<RecoveryWrap> {
  const { master } = secrets;
  const salt = randomBytes(16);
  const kek = await scrypt(passphrase, salt, SCRYPT);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce);
  cipher.setAAD(WRAP_AAD);
  const wrapped = Buffer.concat([cipher.update(secrets.audit ? Buffer.concat([master, secrets.audit]) : master), cipher.final()]);
  return {
    kdf: 'scrypt',
    ...SCRYPT,
    salt: salt.toString('base64'),
    nonce: nonce.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    wrapped: wrapped.toString('base64'),
    check: fingerprint(master),
  };
}

/** The keys, or null for a wrong passphrase. */
export async function unwrapWithPassphrase(wrap: RecoveryWrap, passphrase: string): Promise<DeskSecrets | null> {
  const kek = await scrypt(passphrase, Buffer.from(wrap.salt, 'base64'), wrap);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrap.nonce, 'base64'));
    decipher.setAAD(WRAP_AAD);
    decipher.setAuthTag(Buffer.from(wrap.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(wrap.wrapped, 'base64')), decipher.final()]);
    if (plain.length !== 32 && plain.length !== 64) return null;
    const master = plain.subarray(0, 32);
    if (fingerprint(master) !== wrap.check) return null;
    return { master: Buffer.from(master), audit: plain.length === 64 ? Buffer.from(plain.subarray(32)) : null };
  } catch {
    return null;
  }
}

/** The key of one archive's encrypted parts (manifest, extra files), bound to the archive's id. */
export function archiveKey(master: Buffer, archiveId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.from(archiveId, 'utf8'), 'enroll-desk/backup-archive', 32));
}
