import { stmt, type Db } from '../connection';
import type { Role, Staff } from '../../../../shared/contract';

export interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  must_change_password: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export function toStaff(row: StaffRow): Staff {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    lockedUntil: row.locked_until,
    mustChangePassword: row.must_change_password === 1,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

export class StaffRepo {
  constructor(private readonly db: Db) {}

  byId(id: string): StaffRow | undefined {
    return stmt<[string], StaffRow>(this.db, 'SELECT * FROM staff WHERE id = ?').get(id);
  }
  byUsername(username: string): StaffRow | undefined {
    return stmt<[string], StaffRow>(this.db, 'SELECT * FROM staff WHERE username = ?').get(username);
  }
  list(): StaffRow[] {
    return stmt<[], StaffRow>(this.db, 'SELECT * FROM staff ORDER BY created_at, username').all();
  }
  count(): number {
    return (stmt(this.db, 'SELECT count(*) AS n FROM staff').get() as { n: number }).n;
  }
  countActiveAdmins(): number {
    return (
      stmt(this.db, "SELECT count(*) AS n FROM staff WHERE role = 'admin' AND disabled = 0").get() as { n: number }
    ).n;
  }
  insert(row: StaffRow): void {
    stmt(this.db, 
        `INSERT INTO staff (id, username, display_name, role, password_hash, disabled, failed_attempts,
           locked_until, must_change_password, created_at, updated_at, last_login_at)
         VALUES (@id, @username, @display_name, @role, @password_hash, @disabled, @failed_attempts,
           @locked_until, @must_change_password, @created_at, @updated_at, @last_login_at)`,
      )
      .run(row);
  }
  recordFailure(id: string, attempts: number, lockedUntil: string | null, now: string): void {
    stmt(this.db, 'UPDATE staff SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?')
      .run(attempts, lockedUntil, now, id);
  }
  recordLogin(id: string, now: string): void {
    stmt(this.db, 'UPDATE staff SET failed_attempts = 0, locked_until = NULL, last_login_at = ?, updated_at = ? WHERE id = ?')
      .run(now, now, id);
  }
  setPassword(id: string, hash: string, mustChange: boolean, now: string): void {
    stmt(this.db, 
        'UPDATE staff SET password_hash = ?, must_change_password = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?',
      )
      .run(hash, mustChange ? 1 : 0, now, id);
  }
  setDisabled(id: string, disabled: boolean, now: string): void {
    stmt(this.db, 'UPDATE staff SET disabled = ?, updated_at = ? WHERE id = ?').run(disabled ? 1 : 0, now, id);
  }
  setRole(id: string, role: Role, now: string): void {
    stmt(this.db, 'UPDATE staff SET role = ?, updated_at = ? WHERE id = ?').run(role, now, id);
  }
  clearLock(id: string, now: string): void {
    stmt(this.db, 'UPDATE staff SET failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?').run(now, id);
  }
}
