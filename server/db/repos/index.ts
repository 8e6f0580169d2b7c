import { ApplicationRepo } from './applicationRepo';
import { AuditAnchorRepo } from './auditAnchorRepo';
import { BatchRepo } from './batchRepo';
import { BlobRepo } from './blobRepo';
import { ChangeRepo } from './changeRepo';
import { ConsoleAuditRepo } from './consoleAuditRepo';
import { CounterRepo } from './counterRepo';
import { type Db } from './db';
import { DeptRepo } from './deptRepo';
import { DeviceRepo } from './deviceRepo';
import { LockRepo } from './lockRepo';
import { LotteryRepo } from './lotteryRepo';
import { DuplicateRepo } from './duplicateRepo';
import { LookupRepo } from './lookupRepo';
import { NonceRepo } from './nonceRepo';
import { PlacementRepo } from './placementRepo';
import { PlanRepo } from './planRepo';
import { ReviewRepo } from './reviewRepo';
import { ReviewResultRepo } from './reviewResultRepo';
import { SettingsRepo } from './settingsRepo';
import { SmsRepo } from './smsRepo';
import { SnapshotRepo } from './snapshotRepo';
import { StaffRepo } from './staffRepo';
import { TracingRepo } from './tracingRepo';

export { type Db } from './db';

/**
 * Every repository, bound to the database or to a transaction: `reposOf(trx)` inside `transaction().execute`.
 * The only place the server writes SQL.
 */
export function reposOf(db: Db) {
  return {
    applications: new ApplicationRepo(db),
    auditAnchors: new AuditAnchorRepo(db),
    batches: new BatchRepo(db),
    blobs: new BlobRepo(db),
    changes: new ChangeRepo(db),
    consoleAudit: new ConsoleAuditRepo(db),
    counters: new CounterRepo(db),
    dept: new DeptRepo(db),
    devices: new DeviceRepo(db),
    locks: new LockRepo(db),
    lotteries: new LotteryRepo(db),
    duplicates: new DuplicateRepo(db),
    lookups: new LookupRepo(db),
    nonces: new NonceRepo(db),
    placement: new PlacementRepo(db),
    plans: new PlanRepo(db),
    review: new ReviewRepo(db),
    reviewResults: new ReviewResultRepo(db),
    settings: new SettingsRepo(db),
    sms: new SmsRepo(db),
    snapshot: new SnapshotRepo(db),
    staff: new StaffRepo(db),
    tracing: new TracingRepo(db),
  };
}

export type Repos = ReturnType<typeof reposOf>;
