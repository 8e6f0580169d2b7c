import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorker } from '../testing/bundleWorker';
import { type KillAt, killOnProgress, randomKillAt, runLineWorker } from '../testing/lineWorker';
import { openTestDesk, setUpDesk, tempDataDir, ADMIN } from '../testing/desk';
import { loadOrCreateKeys } from './keys';
import { checkIntegrity, openEncrypted } from '../db/connection';
import { DB_FILE } from '../desk';
import { testPorts } from '../../harness/testPorts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const WORKER = join(ROOT, '.tmp', 'kill-worker.mjs');
const TRIALS = Number(process.env.CRASH_TRIALS ?? 100);

interface Acks {
  drafts: Map<string, string>;
  submitted: Map<string, string>;
}

/** Per trial, for the test's timeout: a loaded two-core machine takes a few seconds to start a worker and sign in. */
const TRIAL_BUDGET_MS = 20_000;

/** Run the worker and SIGKILL it at `killAt` (a worker prints DRAFT, DRAFT2 and ACK per application; null: let it finish, it must exit 0); collect what it acknowledged. */
async function runAndKill(dataDir: string, salt: number, killAt: KillAt | null, max?: number): Promise<Acks> {
  const acks: Acks = { drafts: new Map(), submitted: new Map() };
  const kill = killAt && killOnProgress(killAt, 20);
  const exit = await runLineWorker(WORKER, [dataDir, String(salt), ...(max !== undefined ? [String(max)] : [])], (line, child) => {
    const [kind, id, rest] = line.split(' ');
    if (kind === 'DRAFT' && id && rest) acks.drafts.set(id, rest);
    if (kind === 'ACK' && id && rest) acks.submitted.set(id, rest);
    kill?.(line, child);
  });
  if (exit.signal === 'SIGKILL' || (killAt === null && exit.code === 0)) return acks;
  throw new Error(`worker exited on its own (${exit.code}): ${exit.stderr}`);
}

beforeAll(async () => {
  await bundleWorker(join(ROOT, 'electron', 'core', 'testing', 'killWorker.ts'), WORKER);
}, 180_000);

describe('killing the core during draft save and submit', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDataDir();
    const desk = await openTestDesk(dataDir);
    await setUpDesk(desk);
    desk.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`loses no acknowledged submission and leaves no half-written application (${TRIALS} kills)`, async () => {
    const allSubmitted = new Map<string, string>();
    const allDrafts = new Map<string, string>();
    for (let trial = 0; trial < TRIALS; trial++) {
      // Random moments from inside the first save to a few submissions in, chosen by the worker's progress rather
      // than the clock (a loaded machine would otherwise see fewer steps before each kill). A worker that cannot
      // reopen the database after the previous kill fails the test by exiting on its own.
      const acks = await runAndKill(dataDir, trial, randomKillAt(11));
      for (const [id, receipt] of acks.submitted) allSubmitted.set(id, receipt);
      for (const [id, name] of acks.drafts) allDrafts.set(id, name);
    }
    // Final check over everything acknowledged across all trials.
    const desk = await openTestDesk(dataDir);
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    for (const [id, name] of allDrafts) {
      expect((await desk.call('applications.get', { id })).childName).toBe(name);
    }
    for (const [id, receipt] of allSubmitted) {
      const rec = await desk.call('applications.get', { id });
      expect(rec.status).toBe('accepted');
      expect(rec.receiptNo).toBe(receipt);
      expect(rec.revisions).toHaveLength(1);
    }
    expect((await desk.call('audit.verify', {})).ok).toBe(true);
    desk.close();

    const keys = await loadOrCreateKeys(dataDir, testPorts().secretStore, false);
    const db = openEncrypted(join(dataDir, DB_FILE), keys.db);
    expect(checkIntegrity(db)).toEqual({ ok: true, problems: [] });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    // No half-written application: every accepted one has its receipt, revision, search entry and audit row.
    expect(count("SELECT count(*) AS n FROM applications WHERE status = 'accepted' AND (receipt_no IS NULL OR revision <> 1)")).toBe(0);
    expect(count("SELECT count(*) AS n FROM applications a WHERE status = 'accepted' AND NOT EXISTS (SELECT 1 FROM application_revisions r WHERE r.application_id = a.id)")).toBe(0);
    expect(count("SELECT count(*) AS n FROM applications a WHERE status = 'accepted' AND NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.target = a.id AND l.action = 'application.submitted')")).toBe(0);
    expect(count('SELECT count(*) AS n FROM applications_fts')).toBe(count('SELECT count(*) AS n FROM applications'));
    expect(count('SELECT count(DISTINCT receipt_no) AS n FROM applications WHERE receipt_no IS NOT NULL')).toBe(
      count('SELECT count(*) AS n FROM applications WHERE receipt_no IS NOT NULL'),
    );
    db.close();
    console.log(`crash test: ${TRIALS} kills, ${allSubmitted.size} acknowledged submissions, ${allDrafts.size} acknowledged drafts, all present`);
    // The kills must land among real work, not only before it.
    expect(allSubmitted.size).toBeGreaterThan(TRIALS);
    expect(allDrafts.size).toBeGreaterThan(allSubmitted.size);
  }, TRIALS * TRIAL_BUDGET_MS);
});

describe('receipt numbers under concurrency', () => {
  it('three desk processes submitting to one database at once never share a receipt number', async () => {
    const dir = tempDataDir();
    const desk = await openTestDesk(dir);
    await setUpDesk(desk);
    desk.close();
    const results = await Promise.all([1001, 1002, 1003].map((salt) => runAndKill(dir, salt, null, 40)));
    const receipts = results.flatMap((r) => [...r.submitted.values()]);
    expect(receipts).toHaveLength(120);
    expect(new Set(receipts).size).toBe(120);
    const seqs = receipts.map((r) => Number(r.split('-')[3])).sort((a, b) => a - b);
    // One sequence per counter and day: 1..120 with no gaps or repeats.
    expect(seqs).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});
