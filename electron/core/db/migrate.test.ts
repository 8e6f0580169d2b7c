import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationPinProblems } from '../../../nodelib/testing/migrationPins';
import { zhCN } from '../../../shared/i18n/zhCN';
import { DB_FILE } from '../desk';
import { loadOrCreateKeys } from '../services/keys';
import { openTestDesk, setUpDesk, type TestDesk } from '../testing/desk';
import { openEncrypted } from './connection';
import { APPLIED_TABLE, currentVersion, latestVersion, migrate } from './migrate';
import { migrations } from './migrations/index';

const fileOf = (m: { version: number; name: string }) => `${String(m.version).padStart(4, '0')}-${m.name}.ts`;

function memoryDb(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}

const applied = (db: Database.Database) => db.prepare(`SELECT version, name, checksum FROM ${APPLIED_TABLE} ORDER BY version`).all();
const everyPin = migrations.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum }));

describe('desk migrations: released files', () => {
  it('are each the file their checksum in migrations/index.ts pins (edit none: add the next one)', () => {
    const pins = Object.fromEntries(migrations.map((m) => [fileOf(m), m.checksum]));
    expect(migrationPinProblems(join(import.meta.dirname, 'migrations'), pins, 'electron/core/db/migrations/index.ts')).toEqual([]);
  });
});

describe('migrate: the checksums each database ran', () => {
  it('a new database records every migration with its checksum', () => {
    const db = memoryDb();
    expect(migrate(db)).toBe(latestVersion());
    expect(applied(db)).toEqual(everyPin);
  });

  it('a database migrated before checksums were kept gets them once and keeps all its rows', () => {
    // As the desk did until now: each migration and user_version, nothing else.
    const db = memoryDb();
    for (const m of migrations.slice(0, 5)) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
    db.prepare("INSERT INTO meta (key, value) VALUES ('counter', '{\"code\":\"A01\"}')").run();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = ?").get(APPLIED_TABLE)).toBeUndefined();

    migrate(db, 5);
    expect(applied(db)).toEqual(everyPin.slice(0, 5));
    migrate(db);
    expect(applied(db)).toEqual(everyPin);
    expect(currentVersion(db)).toBe(latestVersion());
    expect(db.prepare('SELECT value FROM meta').all()).toEqual([{ value: '{"code":"A01"}' }]);
  });

  it('a database that ran a migration with another checksum is refused before anything more runs', () => {
    const db = memoryDb();
    migrate(db, 3);
    db.prepare(`UPDATE ${APPLIED_TABLE} SET checksum = ? WHERE version = 2`).run('0'.repeat(64));
    let error: unknown;
    try {
      migrate(db);
    } catch (e: unknown) {
      error = e;
    }
    expect(error).toMatchObject({ rpc: { code: 'DB_MIGRATION_CHANGED', details: { recorded: '0'.repeat(64), expected: migrations[1]!.checksum } } });
    expect((error as Error).message).toBe(zhCN.errors.DB_MIGRATION_CHANGED.replace('{version}', '2').replace('{name}', migrations[1]!.name));
    expect(currentVersion(db)).toBe(3);
    expect(applied(db)).toHaveLength(3);
  });

  it('a migration this desk does not know (a newer desk ran it) is not held against it', () => {
    const db = memoryDb();
    migrate(db);
    db.prepare(`INSERT INTO ${APPLIED_TABLE} (version, name, checksum) VALUES (?, 'from-a-newer-desk', 'x')`).run(latestVersion() + 1);
    expect(() => migrate(db)).not.toThrow();
  });
});

describe('opening a desk whose database ran a different migration', () => {
  let desk: TestDesk | undefined;
  afterEach(() => desk?.cleanup());

  it('refuses it with a Chinese message that says what to do, and leaves it as it was', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    desk.close();
    const keys = await loadOrCreateKeys(desk.dataDir, desk.ports.secretStore, false);
    const edit = (fn: (db: Database.Database) => void) => {
      const db = openEncrypted(join(desk!.dataDir, DB_FILE), keys.db);
      try {
        fn(db);
      } finally {
        db.close();
      }
    };
    edit((db) => db.prepare(`UPDATE ${APPLIED_TABLE} SET checksum = 'edited' WHERE version = 4`).run());

    const refused = await openTestDesk(desk.dataDir);
    expect(refused.core.bootError?.code).toBe('DB_MIGRATION_CHANGED');
    expect(refused.core.bootError?.message).toMatch(/第 4 步结构升级（create-printouts）.*换回先前使用的程序版本/);
    const status = await refused.call('system.getStatus', {});
    expect(status.phase).toBe('bootError');
    refused.close();
    edit((db) => expect(db.prepare(`SELECT checksum FROM ${APPLIED_TABLE} WHERE version = 4`).get()).toEqual({ checksum: 'edited' }));
  });
});
