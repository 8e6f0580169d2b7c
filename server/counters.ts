import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Kysely } from 'kysely';
import { type EnrollRequest, type EnrollResponse } from '../shared/sync/protocol';
import { type Database } from './db/schema';
import { problem } from './problems';

export interface County {
  countyCode: string;
  idHashKey: Buffer;
}

/** The county's identity, made on first start: the code from COUNTY_CODE (default the sample county) and a random ID-hash key. */
export async function loadCounty(db: Kysely<Database>, countyCodeForNew: string): Promise<County> {
  if (!/^\d{6}$/.test(countyCodeForNew)) throw new Error(`COUNTY_CODE must be 6 digits (GB/T 2260), got ${countyCodeForNew}`);
  await db
    .insertInto('settings')
    .values([
      { key: 'county_code', value: countyCodeForNew },
      { key: 'id_hash_key', value: randomBytes(32).toString('base64') },
    ])
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const rows = await db.selectFrom('settings').selectAll().execute();
  const get = (k: string) => rows.find((r) => r.key === k)?.value ?? '';
  return { countyCode: get('county_code'), idHashKey: Buffer.from(get('id_hash_key'), 'base64') };
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read aloud and typed
const CODE_TTL_MS = 7 * 24 * 3600_000;

function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '');
}

function hashCode(code: string): string {
  return createHash('sha256').update(`enroll-code:${normaliseCode(code)}`).digest('hex');
}

export async function createCounter(db: Kysely<Database>, code: string, name: string, now: Date): Promise<{ enrollmentCode: string; expiresAt: string }> {
  if (!/^[A-Z0-9]{2,8}$/.test(code)) throw new Error(`柜台编码应为 2–8 位大写字母或数字（与回执编号中的一致），例如 A01；收到 “${code}”。`);
  if (!name.trim()) throw new Error('请用 --name 填写报名点名称。');
  const bytes = randomBytes(16);
  const enrollmentCode = Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length])
    .join('')
    .replace(/(.{4})(?!$)/g, '$1-');
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS).toISOString();
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('counters').select(['code', 'revoked_at']).where('code', '=', code).executeTakeFirst();
    if (!existing) await trx.insertInto('counters').values({ code, name: name.trim(), created_at: now.toISOString(), revoked_at: null }).execute();
    else if (existing.revoked_at) await trx.updateTable('counters').set({ revoked_at: null, name: name.trim() }).where('code', '=', code).execute();
    await trx
      .insertInto('enrollment_codes')
      .values({ code_hash: hashCode(enrollmentCode), counter_code: code, created_at: now.toISOString(), expires_at: expiresAt, used_at: null, device_id: null })
      .execute();
  });
  return { enrollmentCode, expiresAt };
}

/** Revokes the counter and every device enrolled for it. Returns how many devices were revoked. */
export async function revokeCounter(db: Kysely<Database>, code: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const found = await trx.updateTable('counters').set({ revoked_at: now.toISOString() }).where('code', '=', code).executeTakeFirst();
    if (Number(found.numUpdatedRows) === 0) throw new Error(`没有编码为 ${code} 的报名点，请用 applications list 或 counter create 核对编码。`);
    await trx.updateTable('enrollment_codes').set({ used_at: now.toISOString() }).where('counter_code', '=', code).where('used_at', 'is', null).execute();
    const r = await trx.updateTable('devices').set({ revoked_at: now.toISOString() }).where('counter_code', '=', code).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  });
}

export async function enrollDevice(db: Kysely<Database>, county: County, req: EnrollRequest, now: Date): Promise<EnrollResponse> {
  const nowIso = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('enrollment_codes')
      .innerJoin('counters', 'counters.code', 'enrollment_codes.counter_code')
      .select(['enrollment_codes.code_hash', 'enrollment_codes.expires_at', 'enrollment_codes.used_at', 'counters.code', 'counters.name', 'counters.revoked_at'])
      .where('enrollment_codes.code_hash', '=', hashCode(req.code))
      .executeTakeFirst();
    if (!row || row.used_at || row.revoked_at || row.expires_at < nowIso) {
      throw problem(403, 'enrollment_code_invalid', '注册码无效、已使用或已过期。请向县教育局管理员索取新的一次性注册码后重试。');
    }
    const deviceId = randomUUID();
    const secret = randomBytes(32).toString('base64');
    const used = await trx
      .updateTable('enrollment_codes')
      .set({ used_at: nowIso, device_id: deviceId })
      .where('code_hash', '=', row.code_hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw problem(403, 'enrollment_code_invalid', '注册码已被使用。请向县教育局管理员索取新的一次性注册码。');
    await trx
      .insertInto('devices')
      .values({ id: deviceId, counter_code: row.code, name: req.deviceName, secret, receipt_mac_key: req.receiptMacKey ?? null, enrolled_at: nowIso, revoked_at: null })
      .execute();
    return {
      deviceId,
      deviceSecret: secret,
      countyCode: county.countyCode,
      counterCode: row.code,
      counterName: row.name,
      idHashKey: county.idHashKey.toString('base64'),
      serverTime: nowIso,
    };
  });
}
