import { type Kysely } from 'kysely';
import { type CounterInfo } from '../../../shared/console/counters';
import { reposOf } from '../../db/repos';
import { type Database } from '../../db/schema';
import { createCounter, revokeCounter } from '../counters';
import { type OpsActor, type OpsAudit } from './audit';

// Counters in the console: the same services as `counter create` / `counter revoke`, audited with the operator,
// and the overview (desks, last seen, applications waiting, plan versions).

/** What a desk scans to enroll: the server's address and the one-time code (the desk parses this prefix). */
export const ENROLL_QR_PREFIX = 'ED-ENROLL1';

export interface EnrollmentCodeOut {
  code: string;
  name: string;
  enrollmentCode: string;
  expiresAt: string;
  qrText: string;
}

/** Creates (or reinstates) a counter and a one-time code; audited without the code itself. */
export async function createCounterAudited(
  db: Kysely<Database>,
  input: { code: string; name: string; serverUrl: string },
  actor: OpsActor,
  audit: OpsAudit,
  now: Date,
  action: 'counters.create' | 'counters.issueCode' = 'counters.create',
): Promise<EnrollmentCodeOut> {
  const { enrollmentCode, expiresAt } = await createCounter(db, input.code, input.name, now);
  await audit.record(actor, action, input.code, { name: input.name, expiresAt }, now);
  return { code: input.code, name: input.name, enrollmentCode, expiresAt, qrText: `${ENROLL_QR_PREFIX}|${input.serverUrl}|${enrollmentCode}` };
}

/** A further code for an existing counter (keeps its name); null when there is no such counter. */
export async function issueCode(db: Kysely<Database>, input: { code: string; serverUrl: string }, actor: OpsActor, audit: OpsAudit, now: Date): Promise<EnrollmentCodeOut | null> {
  const counter = await reposOf(db).counters.find(input.code);
  if (!counter) return null;
  return createCounterAudited(db, { code: input.code, name: counter.name, serverUrl: input.serverUrl }, actor, audit, now, 'counters.issueCode');
}

/** Revokes a counter and its desks, audited; throws (Chinese) when there is no such counter. */
export async function revokeCounterAudited(db: Kysely<Database>, code: string, actor: OpsActor, audit: OpsAudit, now: Date): Promise<{ code: string; devicesRevoked: number }> {
  const devicesRevoked = await revokeCounter(db, code, now);
  await audit.record(actor, 'counters.revoke', code, { devicesRevoked }, now);
  return { code, devicesRevoked };
}

/** Every counter with its desks, when they were last seen, applications (waiting for review) and open codes. */
export async function listCounters(db: Kysely<Database>, now: Date): Promise<CounterInfo[]> {
  const repos = reposOf(db);
  const [counters, devices, counts, openCodes, planKeys] = await Promise.all([
    repos.counters.all(),
    repos.devices.all(),
    repos.applications.countsPerCounter(),
    repos.counters.openCodes(now.toISOString()),
    repos.applications.planKeysInUse(),
  ]);
  return counters.map((c) => {
    const desks = devices
      .filter((d) => d.counter_code === c.code)
      .map((d) => ({
        deviceId: d.id,
        name: d.name,
        enrolledAt: d.enrolled_at,
        revokedAt: d.revoked_at,
        lastSeenAt: d.last_seen_at,
        planVersion: d.plan_version === null ? null : Number(d.plan_version),
        planKeyInUse: planKeys.get(d.id) ?? null,
      }));
    const seen = desks.map((d) => d.lastSeenAt).filter((s): s is string => s !== null);
    return {
      code: c.code,
      name: c.name,
      createdAt: c.created_at,
      revokedAt: c.revoked_at,
      devices: desks,
      lastSeenAt: seen.length ? seen.reduce((a, b) => (a > b ? a : b)) : null,
      applications: counts.get(c.code)?.applications ?? 0,
      pending: counts.get(c.code)?.pending ?? 0,
      openCodes: openCodes.get(c.code) ?? 0,
    };
  });
}

/**
 * What desks do, for the overview: when each was last seen (to the minute) and which plan it has pulled. Kept in
 * memory per process what was written last, so a busy desk costs one write a minute, not one per request.
 */
export class DeskActivity {
  private readonly seen = new Map<string, string>();
  private readonly plans = new Map<string, number>();

  constructor(private readonly db: Kysely<Database>) {}

  async sawRequest(deviceId: string, now: Date): Promise<void> {
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
    if (this.seen.get(deviceId) === minute) return;
    this.seen.set(deviceId, minute);
    await reposOf(this.db).devices.touch(deviceId, minute);
  }

  /** The desk asked for changes after `cursor`: it has applied everything up to it (cursor saved with what it applied). */
  async pulledUpTo(deviceId: string, cursor: number): Promise<void> {
    const repos = reposOf(this.db);
    const version = await repos.changes.planVersionAt(cursor);
    if (version === null || this.plans.get(deviceId) === version) return;
    this.plans.set(deviceId, version);
    await repos.devices.setPlanVersion(deviceId, version);
  }
}
