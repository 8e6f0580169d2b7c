import { safeStorage as electronSafeStorage, type SafeStorage } from 'electron';
import type { SecretStore } from '../core/ports';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/**
 * Marks a key kept without OS protection. Only written when safeStorage cannot encrypt at all and
 * the admin explicitly allowed insecure storage (the core refuses otherwise and audits the opt-in).
 * safeStorage output starts with "v10"/"v11", so the marker cannot be mistaken for it.
 */
const PLAIN_MARKER = Buffer.from('enroll-desk:plain:v1:', 'utf8');

/** The store safeStorage uses on a platform that has exactly one (Linux reports its own). */
const OS_BACKEND: Partial<Record<NodeJS.Platform, string>> = { win32: 'dpapi', darwin: 'keychain' };

/**
 * The core's SecretStore on Electron safeStorage (DPAPI on Windows, libsecret/kwallet on Linux).
 * Construct after app 'ready': before it, Linux reports no backend.
 * safeStorage answers synchronously in main; the port is asynchronous because the core asks from its utility process.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind: string;
  private readonly storage: SafeStorageLike;
  private readonly platform: NodeJS.Platform;

  constructor(storage: SafeStorageLike = electronSafeStorage, platform: NodeJS.Platform = process.platform) {
    this.storage = storage;
    this.platform = platform;
    this.kind = `safeStorage:${this.backend()}`;
  }

  isProtected(): Promise<boolean> {
    return Promise.resolve(this.protectedNow());
  }

  private protectedNow(): boolean {
    if (!this.storage.isEncryptionAvailable()) return false;
    if (this.platform === 'linux') {
      // basic_text encrypts with a fixed, public password: no protection at all.
      const backend = this.storage.getSelectedStorageBackend();
      return backend !== 'basic_text' && backend !== 'unknown';
    }
    return true;
  }

  wrap(plain: Buffer): Promise<Buffer> {
    return new Promise((resolve) => resolve(this.wrapNow(plain)));
  }

  unwrap(wrapped: Buffer): Promise<Buffer> {
    return new Promise((resolve) => resolve(this.unwrapNow(wrapped)));
  }

  private wrapNow(plain: Buffer): Buffer {
    if (!this.storage.isEncryptionAvailable()) return Buffer.concat([PLAIN_MARKER, plain]);
    return this.storage.encryptString(plain.toString('base64'));
  }

  private unwrapNow(wrapped: Buffer): Buffer {
    if (wrapped.subarray(0, PLAIN_MARKER.length).equals(PLAIN_MARKER)) return Buffer.from(wrapped.subarray(PLAIN_MARKER.length));
    return Buffer.from(this.storage.decryptString(wrapped), 'base64');
  }

  private backend(): string {
    // Only Linux has a choice of stores; elsewhere the OS decides, and an unlisted platform names itself.
    if (this.platform === 'linux') return this.storage.getSelectedStorageBackend();
    return OS_BACKEND[this.platform] ?? this.platform;
  }
}
