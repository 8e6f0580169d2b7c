import type { Db } from './connection';
import { migrations, type Migration } from './migrations/index';

export function currentVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Apply pending migrations in order, each in its own transaction together with the version bump. */
export function migrate(db: Db, target: number = latestVersion(), list: readonly Migration[] = migrations): number {
  let version = currentVersion(db);
  for (const m of list) {
    if (m.version <= version || m.version > target) continue;
    if (m.version !== version + 1) throw new Error(`migration gap: at ${version}, next is ${m.version}`);
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    version = m.version;
  }
  return version;
}

export function latestVersion(list: readonly Migration[] = migrations): number {
  return list.reduce((max, m) => Math.max(max, m.version), 0);
}
