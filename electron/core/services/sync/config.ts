import { createHmac } from 'node:crypto';
import type { Ctx } from '../../context';
import type { Credentials } from './countyApi';

// What the desk keeps about its county server, in the meta table. The device secret and the county's ID-hash
// key are wrapped with the SecretStore port (OS keychain in production) before they touch the database.

export interface SyncConfig {
  serverUrl: string | null;
  caPem: string | null;
  paused: boolean;
  /** Per-request timeout; null = the engine's default (30 s). */
  timeoutMs?: number | null;
  device: {
    deviceId: string;
    deviceName: string;
    countyCode: string;
    counterCode: string;
    counterName: string;
    enrolledAt: string;
    /** base64 of SecretStore.wrap(device secret bytes) */
    wrappedSecret: string;
    /** base64 of SecretStore.wrap(county ID-hash key bytes) */
    wrappedIdHashKey: string;
  } | null;
}

const CONFIG_KEY = 'sync.config';
const CURSOR_KEY = 'sync.cursor';
const LAST_SUCCESS_KEY = 'sync.lastSuccessAt';

export function loadConfig(ctx: Ctx): SyncConfig {
  return ctx.repos.meta.getJson<SyncConfig>(CONFIG_KEY) ?? { serverUrl: null, caPem: null, paused: false, device: null };
}

export function saveConfig(ctx: Ctx, config: SyncConfig): void {
  ctx.repos.meta.setJson(CONFIG_KEY, config);
}

export async function credentialsOf(ctx: Ctx, config: SyncConfig): Promise<Credentials | null> {
  if (!config.device) return null;
  return { deviceId: config.device.deviceId, secret: await ctx.ports.secretStore.unwrap(Buffer.from(config.device.wrappedSecret, 'base64')) };
}

export async function idHashKeyOf(ctx: Ctx, config: SyncConfig): Promise<Buffer | null> {
  return config.device ? ctx.ports.secretStore.unwrap(Buffer.from(config.device.wrappedIdHashKey, 'base64')) : null;
}

export async function wrap(ctx: Ctx, plain: Buffer): Promise<string> {
  return (await ctx.ports.secretStore.wrap(plain)).toString('base64');
}

export function loadCursor(ctx: Ctx): string | undefined {
  return ctx.repos.meta.get(CURSOR_KEY);
}
export function saveCursor(ctx: Ctx, cursor: string): void {
  ctx.repos.meta.set(CURSOR_KEY, cursor);
}
export function loadLastSuccess(ctx: Ctx): string | null {
  return ctx.repos.meta.get(LAST_SUCCESS_KEY) ?? null;
}
export function saveLastSuccess(ctx: Ctx, at: string): void {
  ctx.repos.meta.set(LAST_SUCCESS_KEY, at);
}

/** The keyed hash the county files a child under (protocol: enrollResponseSchema.idHashKey). */
export function hashChildId(key: Buffer, idNumber: string): string {
  return createHmac('sha256', key).update(idNumber.toUpperCase().replace(/\s+/g, '')).digest('hex');
}
