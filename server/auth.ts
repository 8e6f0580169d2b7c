import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Kysely } from 'kysely';
import { SIGNATURE_WINDOW_MS, authHeaders, signingString } from '../shared/sync/protocol';
import { type Database } from './db/schema';
import { type Device } from './ingest';
import { problem } from './problems';

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

declare module 'fastify' {
  interface FastifyRequest {
    device: Device | null;
    bodySha256: string | null;
  }
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

function header(req: FastifyRequest, name: string): string {
  const v = req.headers[name];
  return typeof v === 'string' ? v : '';
}

/**
 * Signed-request check, in two steps: the device (before the body is read: an unknown or revoked device costs
 * no parsing) and the signature (after, since it covers the body's hash). Then the nonce is remembered.
 */
export function deviceAuth(db: Kysely<Database>, now: () => Date) {
  let lastPrune = 0;
  const unauthenticated = (why: string) => problem(401, 'unauthenticated', `${why}请在报名台“县级服务器”设置中测试连接；如仍失败，请重新注册本设备。`);

  async function identify(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const deviceId = header(req, authHeaders.deviceId);
    const ts = header(req, authHeaders.timestamp);
    if (!deviceId || !ts || !header(req, authHeaders.nonce) || !header(req, authHeaders.signature)) throw unauthenticated('请求缺少设备签名。');
    if (!/^[0-9a-f-]{36}$/.test(deviceId)) throw unauthenticated('设备编号格式不对。');
    const device = await db
      .selectFrom('devices')
      .innerJoin('counters', 'counters.code', 'devices.counter_code')
      .select(['devices.id', 'devices.counter_code', 'devices.secret', 'devices.revoked_at', 'counters.revoked_at as counter_revoked_at'])
      .where('devices.id', '=', deviceId)
      .executeTakeFirst();
    if (!device) throw unauthenticated('服务器不认识这台设备。');
    if (device.revoked_at || device.counter_revoked_at) {
      throw problem(403, 'device_revoked', '本设备（或所属报名点）已被县教育局停用，不能再同步。请联系县教育局管理员，获取新的注册码后重新注册。');
    }
    const t = /^\d{1,15}$/.test(ts) ? Number(ts) : NaN;
    const serverNow = now();
    if (!Number.isFinite(t) || Math.abs(t - serverNow.getTime()) > SIGNATURE_WINDOW_MS) {
      throw problem(401, 'clock_skew', '本机时间与服务器相差超过 5 分钟。请校准电脑时间后重试。', undefined, { serverTime: serverNow.toISOString() });
    }
    req.device = { id: device.id, counterCode: device.counter_code, secret: Buffer.from(device.secret, 'base64') };
  }

  async function verify(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const device = req.device;
    if (!device) throw unauthenticated('请求缺少设备签名。');
    const nonce = header(req, authHeaders.nonce);
    if (!NONCE.test(nonce)) throw unauthenticated('请求随机数格式不对。');
    const expected = createHmac('sha256', device.secret)
      .update(signingString(req.method, req.url, header(req, authHeaders.timestamp), nonce, req.bodySha256 ?? EMPTY_SHA256))
      .digest();
    const given = Buffer.from(header(req, authHeaders.signature), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthenticated('请求签名不正确（内容可能在传输中被改动）。');
    const current = now();
    const inserted = await db
      .insertInto('nonces')
      .values({ device_id: device.id, nonce, expires_at: new Date(current.getTime() + 2 * SIGNATURE_WINDOW_MS).toISOString() })
      .onConflict((oc) => oc.columns(['device_id', 'nonce']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) {
      throw problem(409, 'replayed_request', '这个请求已经处理过（重复发送）。如需再次执行，请重新发起请求。');
    }
    if (current.getTime() - lastPrune > 60_000) {
      lastPrune = current.getTime();
      await db.deleteFrom('nonces').where('expires_at', '<', current.toISOString()).execute();
    }
  }

  return { identify, verify };
}
