import type { Db } from '../connection';

/** Small key/value settings that belong to this desk (counter identity, settings, audit head). */
export class MetaRepo {
  private readonly getStmt;
  private readonly setStmt;
  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.setStmt = db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }
  get(key: string): string | undefined {
    return this.getStmt.get(key)?.value;
  }
  getJson<T>(key: string): T | undefined {
    const v = this.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }
  setJson(key: string, value: unknown): void {
    this.set(key, JSON.stringify(value));
  }
}
