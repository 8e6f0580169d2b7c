import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Kysely } from 'kysely';
import { serverText } from '../../shared/i18n/zhCN.server';
import { SIGNATURE_WINDOW_MS, authHeaders, signingString } from '../../shared/sync/protocol';
import { type Database } from '../db/schema';
import { reposOf } from '../db/repos';
import { problem } from '../http/problems';

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** An enrolled desk as a signed request proves it to be. */
export interface Device {
  id: string;
  counterCode: string;
  secret: Buffer;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The device whose signature verified (set by `verify`); null before. */
    device: Device | null;
    /** The device the request claims to come from (set by `identify`), and whether it is revoked. */
    claimed: { device: Device; revoked: boolean } | null;
  }
}

const t = serverText.auth;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
/** Exactly the lower-case hex the protocol specifies: Buffer.from(…, 'hex') would also take upper case and stop at the first non-hex character. */
const SIGNATURE = /^[0-9a-f]{64}$/;

function header(req: FastifyRequest, name: string): string {
  const v = req.headers[name];
  return typeof v === 'string' ? v : '';
}

/**
 * Signed-request check, in two steps: the device (before the body is read: an unknown device costs no parsing)
 * and the signature (after, since it covers the body's hash). Only then is a revoked device told so, and the
 * nonce remembered.
 */
export function deviceAuth(db: Kysely<Database>, now: () => Date) {
  const repos = reposOf(db);
  let lastPrune = 0;
  const unauthenticated = (why: string) => problem(401, 'unauthenticated', `${why}${t.unauthenticatedAdvice}`);

  async function identify(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const deviceId = header(req, authHeaders.deviceId);
    const ts = header(req, authHeaders.timestamp);
    if (!deviceId || !ts || !header(req, authHeaders.nonce) || !header(req, authHeaders.signature)) throw unauthenticated(t.missing);
    if (!/^[0-9a-f-]{36}$/.test(deviceId)) throw unauthenticated(t.badDeviceId);
    const device = await repos.devices.forAuth(deviceId);
    if (!device) throw unauthenticated(t.unknownDevice);
    const at = /^\d{1,15}$/.test(ts) ? Number(ts) : NaN;
    const serverNow = now();
    if (!Number.isFinite(at) || Math.abs(at - serverNow.getTime()) > SIGNATURE_WINDOW_MS) {
      throw problem(401, 'clock_skew', t.clockSkew, undefined, { serverTime: serverNow.toISOString() });
    }
    // Whether it is revoked is told only to a request that proves to be the device (verify), not to anyone who knows its id.
    req.claimed = {
      device: { id: device.id, counterCode: device.counter_code, secret: Buffer.from(device.secret, 'base64') },
      revoked: !!(device.revoked_at || device.counter_revoked_at),
    };
  }

  async function verify(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const claimed = req.claimed;
    if (!claimed) throw unauthenticated(t.missing);
    const { device } = claimed;
    const nonce = header(req, authHeaders.nonce);
    if (!NONCE.test(nonce)) throw unauthenticated(t.badNonce);
    const signature = header(req, authHeaders.signature);
    if (!SIGNATURE.test(signature)) throw unauthenticated(t.badSignatureFormat);
    const expected = createHmac('sha256', device.secret)
      .update(signingString(req.method, req.url, header(req, authHeaders.timestamp), nonce, req.bodySha256 ?? EMPTY_SHA256))
      .digest();
    if (!timingSafeEqual(Buffer.from(signature, 'hex'), expected)) throw unauthenticated(t.badSignature);
    if (claimed.revoked) throw problem(403, 'device_revoked', t.revoked);
    req.device = device;
    const current = now();
    if (!(await repos.nonces.remember(device.id, nonce, new Date(current.getTime() + 2 * SIGNATURE_WINDOW_MS).toISOString()))) {
      throw problem(409, 'replayed_request', t.replayed);
    }
    if (current.getTime() - lastPrune > 60_000) {
      lastPrune = current.getTime();
      await repos.nonces.pruneBefore(current.toISOString());
    }
  }

  return { identify, verify };
}
