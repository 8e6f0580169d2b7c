// What the core needs from the outside world. Production implementations live in electron/main;
// test implementations in electron/harness. The core never imports either.

/** Wraps the database key with the operating system's secret store (Electron safeStorage in production). */
export interface SecretStore {
  /** Short name recorded with the wrapped key, e.g. `safeStorage:gnome_libsecret` or `test`. */
  readonly kind: string;
  /** False when the OS offers no real protected store (e.g. Linux `basic_text`). */
  isProtected(): boolean;
  wrap(plain: Buffer): Buffer;
  unwrap(wrapped: Buffer): Buffer;
}

export interface Clock {
  now(): Date;
}

export interface Ids {
  uuid(): string;
}

export interface Ports {
  secretStore: SecretStore;
  clock: Clock;
  ids: Ids;
}

export const systemClock: Clock = { now: () => new Date() };
