import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock, Ids, Ports, SecretStore } from '../core/ports';
import { FakePrinter } from './fakePrinter';
import { SaneScanner, saneTestConfigDir } from '../core/services/documents/sane';

/**
 * Stands in for the OS secret store (which only exists inside Electron): AES-256-GCM under a key
 * derived from a harness secret, so the same data dir reopens across harness restarts.
 */
export class TestSecretStore implements SecretStore {
  readonly kind = 'test';
  private readonly key: Buffer;
  constructor(
    secret: string,
    private readonly protectedStore = true,
  ) {
    this.key = createHash('sha256').update(`enroll-desk-test-store:${secret}`).digest();
  }
  isProtected(): boolean {
    return this.protectedStore;
  }
  wrap(plain: Buffer): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  unwrap(wrapped: Buffer): Buffer {
    const d = createDecipheriv('aes-256-gcm', this.key, wrapped.subarray(0, 12));
    d.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([d.update(wrapped.subarray(28)), d.final()]);
  }
}

/** A clock that tests can move forward; starts at the real time. */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
}

export const randomIds: Ids = { uuid: () => randomUUID() };

export interface TestPortsOptions {
  secret?: string;
  /** Simulate a machine without a protected OS secret store. */
  unprotectedSecretStore?: boolean;
  /** Folder the fake printer writes its PDFs to (a new temp folder when absent). */
  printDir?: string;
}

export function testPorts(options: TestPortsOptions = {}): Ports & { clock: AdjustableClock; printer: FakePrinter } {
  return {
    secretStore: new TestSecretStore(options.secret ?? 'harness', !options.unprotectedSecretStore),
    clock: new AdjustableClock(),
    ids: randomIds,
    printer: new FakePrinter(options.printDir),
    // The real SANE port against SANE's `test` backend (Debian sane-utils).
    scanner: new SaneScanner({ configDir: saneTestConfigDir(), extraArgs: ['--test-picture', 'Color pattern'] }),
  };
}
