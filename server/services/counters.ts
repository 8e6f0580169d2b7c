import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Kysely } from 'kysely';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { type EnrollRequest, type EnrollResponse } from '../../shared/sync/protocol';
import { reposOf } from '../db/repos';
import { type Database } from '../db/schema';
import { problem } from '../http/problems';

const t = serverText;

export interface County {
  countyCode: string;
  idHashKey: Buffer;
}

/**
 * The county's identity. Made on first start from COUNTY_CODE (there is no default: a county server for the wrong
 * county would print receipts nobody can check) with a random ID-hash key, and fixed from then on: a later start
 * with another code is refused. `countyCode` undefined takes the stored one (admin commands), and is refused on a
 * database that has none yet. Replicas starting at once agree: both values go in with one statement, first wins.
 */
export async function loadCounty(db: Kysely<Database>, countyCode: string | undefined): Promise<County> {
  if (countyCode !== undefined && !/^\d{6}$/.test(countyCode)) throw new Error(format(t.admin.countyCode, { code: countyCode }));
  const settings = reposOf(db).settings;
  let values = await settings.all();
  if (values.county_code === undefined) {
    if (countyCode === undefined) throw new Error(t.admin.countyCodeMissing);
    await settings.initialise({ county_code: countyCode, id_hash_key: randomBytes(32).toString('base64') });
    values = await settings.all();
  }
  const stored = values.county_code ?? '';
  if (countyCode !== undefined && countyCode !== stored) throw new Error(format(t.admin.countyCodeChanged, { stored, given: countyCode }));
  return { countyCode: stored, idHashKey: Buffer.from(values.id_hash_key ?? '', 'base64') };
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read aloud and typed
const CODE_TTL_MS = 7 * 24 * 3600_000;

function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '');
}

function hashCode(code: string): string {
  return createHash('sha256').update(`enroll-code:${normaliseCode(code)}`).digest('hex');
}

/** Creates (or reinstates) a counter and a one-time enrollment code for one of its desks. */
export async function createCounter(db: Kysely<Database>, code: string, name: string, now: Date): Promise<{ enrollmentCode: string; expiresAt: string }> {
  if (!/^[A-Z0-9]{2,8}$/.test(code)) throw new Error(format(t.admin.counterCode, { code }));
  if (!name.trim()) throw new Error(t.admin.counterName);
  const bytes = randomBytes(16);
  const enrollmentCode = Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length])
    .join('')
    .replace(/(.{4})(?!$)/g, '$1-');
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS).toISOString();
  await db.transaction().execute(async (trx) => {
    const { counters } = reposOf(trx);
    const existing = await counters.find(code);
    if (!existing) await counters.insert(code, name.trim(), now.toISOString());
    else if (existing.revoked_at) await counters.reinstate(code, name.trim());
    await counters.addEnrollmentCode(hashCode(enrollmentCode), code, now.toISOString(), expiresAt);
  });
  return { enrollmentCode, expiresAt };
}

/** Revokes the counter and every device enrolled for it. Returns how many devices were revoked. */
export async function revokeCounter(db: Kysely<Database>, code: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { counters, devices } = reposOf(trx);
    const at = now.toISOString();
    if (!(await counters.revoke(code, at))) throw new Error(format(t.admin.noSuchCounter, { code }));
    await counters.spendAllCodes(code, at);
    return devices.revokeCounter(code, at);
  });
}

/** Spends a one-time code and enrolls the desk for its counter: the device's secret and the county's ID-hash key. */
export async function enrollDevice(db: Kysely<Database>, county: County, req: EnrollRequest, now: Date): Promise<EnrollResponse> {
  const nowIso = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const { counters, devices } = reposOf(trx);
    const row = await counters.findEnrollmentCode(hashCode(req.code));
    if (!row || row.used_at || row.revoked_at || row.expires_at < nowIso) throw problem(403, 'enrollment_code_invalid', t.enroll.codeInvalid);
    const deviceId = randomUUID();
    const secret = randomBytes(32).toString('base64');
    if (!(await counters.spendEnrollmentCode(row.code_hash, deviceId, nowIso))) throw problem(403, 'enrollment_code_invalid', t.enroll.codeSpent);
    await devices.insert({ id: deviceId, counter_code: row.code, name: req.deviceName, secret, receipt_mac_key: req.receiptMacKey ?? null, enrolled_at: nowIso, revoked_at: null });
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
