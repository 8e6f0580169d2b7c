import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ADMIN, openTestDesk, setUpDesk, tempDataDir, type TestDesk } from '../testing/desk';
import { DB_FILE } from '../desk';
import { KEY_FILE } from '../services/keys';

let desk: TestDesk | undefined;
afterEach(() => desk?.cleanup());

const NAMES = ['王管理', '李受理', '阿依古丽·买买提', 'clerk_li'];

function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function containsAny(buf: Buffer, needles: string[]): string | null {
  for (const n of needles) {
    if (buf.includes(Buffer.from(n, 'utf8')) || buf.includes(Buffer.from(n, 'utf16le'))) return n;
  }
  return null;
}

describe('encryption at rest', () => {
  it('the database file and its WAL contain no readable staff names', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    await desk.call('staff.create', { username: 'clerk_li', displayName: '李受理', role: 'clerk', password: 'Clerk2026a' });
    await desk.call('staff.create', { username: 'clerk_a', displayName: '阿依古丽·买买提', role: 'clerk', password: 'Clerk2026b' });
    const wal = join(desk.dataDir, `${DB_FILE}-wal`);
    // Read while the WAL still holds the latest pages (before any checkpoint on close).
    expect(existsSync(wal)).toBe(true);
    expect(statSync(wal).size).toBeGreaterThan(0);
    expect(containsAny(readFileSync(wal), NAMES)).toBeNull();
    expect(containsAny(readFileSync(join(desk.dataDir, DB_FILE)), NAMES)).toBeNull();
    expect(readFileSync(join(desk.dataDir, DB_FILE)).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    desk.close();
    const main = readFileSync(join(desk.dataDir, DB_FILE));
    expect(main.length).toBeGreaterThan(4096);
    expect(containsAny(main, NAMES)).toBeNull();
    // The key file holds only the wrapped keys (the master key and the audit key).
    const keyFile = JSON.parse(readFileSync(join(desk.dataDir, KEY_FILE), 'utf8')) as Record<string, unknown>;
    expect(keyFile).toMatchObject({ version: 2, store: 'test', protected: true });
    expect(Object.keys(keyFile).sort()).toEqual(['audit', 'check', 'protected', 'store', 'version', 'wrapped']);
  });

  it('a database encrypted with another key is refused with DB_UNREADABLE, nothing written, core still answers', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    desk.close();
    const other = tempDataDir();
    const otherDesk = await openTestDesk(other);
    await setUpDesk(otherDesk);
    otherDesk.close();
    // Put desk A's database beside desk B's key: the classic "copied the wrong folder" mistake.
    writeFileSync(join(other, DB_FILE), readFileSync(join(desk.dataDir, DB_FILE)));
    for (const f of [`${DB_FILE}-wal`, `${DB_FILE}-shm`]) if (existsSync(join(other, f))) writeFileSync(join(other, f), Buffer.alloc(0));
    const before = fileHash(join(other, DB_FILE));
    const broken = await openTestDesk(other);
    expect(broken.core.bootError?.code).toBe('DB_UNREADABLE');
    const status = await broken.call('system.getStatus', {});
    expect(status.phase).toBe('bootError');
    expect(status.bootError?.message).toMatch(/密钥/);
    expect((await broken.fail('auth.login', { username: ADMIN.username, password: ADMIN.password })).code).toBe('DB_UNREADABLE');
    expect(fileHash(join(other, DB_FILE))).toBe(before);
    broken.cleanup();
  });

  it('a corrupted database is refused with a Chinese message and left as it was', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    for (let i = 0; i < 30; i++) {
      await desk.call('staff.create', { username: `clerk${i}`, displayName: `受理员${i}`, role: 'clerk', password: `Pass2026x${i}` });
    }
    desk.close();
    const file = join(desk.dataDir, DB_FILE);
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(4096 * 3);
    // Overwrite part of a page in the middle of the file.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(512, 0xab), 0, 512, 4096 * 2 + 100);
    closeSync(fd);
    const before = fileHash(file);
    const broken = await openTestDesk(desk.dataDir);
    expect(['DB_CORRUPT', 'DB_UNREADABLE']).toContain(broken.core.bootError?.code);
    expect(broken.core.bootError?.message).toMatch(/损坏/);
    expect(fileHash(file)).toBe(before);
    broken.close();
  });

  it('a damaged key file is refused with KEY_UNREADABLE', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    desk.close();
    writeFileSync(join(desk.dataDir, KEY_FILE), '{"version":1,');
    const broken = await openTestDesk(desk.dataDir);
    expect(broken.core.bootError?.code).toBe('KEY_UNREADABLE');
    broken.close();
  });
});

describe('secret store', () => {
  it('refuses to start without a protected OS secret store, and writes no key', async () => {
    const dir = tempDataDir();
    const d = await openTestDesk(dir, { unprotectedSecretStore: true });
    expect(d.core.bootError?.code).toBe('SECRET_STORE_UNAVAILABLE');
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    expect(existsSync(join(dir, DB_FILE))).toBe(false);
    const status = await d.call('system.getStatus', {});
    expect(status.bootError?.message).toMatch(/安全密钥存储/);
    d.cleanup();
  });

  it('starts when the admin explicitly opts in, and records the choice in the audit log', async () => {
    desk = await openTestDesk(tempDataDir(), { unprotectedSecretStore: true, allowInsecureKeyStorage: true });
    expect(desk.core.bootError).toBeNull();
    await setUpDesk(desk);
    expect((await desk.call('system.getStatus', {})).insecureKeyStorage).toBe(true);
    const actions = (await desk.call('audit.list', { limit: 10 })).map((e) => e.action);
    expect(actions).toContain('security.insecureKeyStorage');
    expect((JSON.parse(readFileSync(join(desk.dataDir, KEY_FILE), 'utf8')) as { protected: boolean }).protected).toBe(false);
    // Once opted in, reopening without the opt-in is refused again.
    desk.close();
    const again = await openTestDesk(desk.dataDir, { unprotectedSecretStore: true });
    expect(again.core.bootError?.code).toBe('SECRET_STORE_UNAVAILABLE');
    again.close();
  });
});
