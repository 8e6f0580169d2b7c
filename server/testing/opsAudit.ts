import { type OpsActor, type OpsAudit } from '../services/console/audit';

// For service tests before the console's audit log is wired: records what would be appended.

export interface AuditedEntry {
  actor: OpsActor;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export function recordingAudit(): OpsAudit & { entries: AuditedEntry[] } {
  const entries: AuditedEntry[] = [];
  return {
    entries,
    record(actor, action, target, details) {
      entries.push({ actor, action, target, details });
      return Promise.resolve(entries.length);
    },
  };
}

export const TEST_ADMIN: OpsActor = { id: 's1', name: 'wang.admin', role: 'admin', via: 'console', ip: '127.0.0.1' };
export const TEST_CLI: OpsActor = { id: null, name: 'root', role: null, via: 'cli', ip: null };
