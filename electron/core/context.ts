import type { Db } from './db/connection';
import type { Ports } from './ports';
import type { DeskKeys } from './services/keys';
import type { AuditLog } from './services/audit';
import type { MetaRepo } from './db/repos/metaRepo';
import type { StaffRepo } from './db/repos/staffRepo';
import type { PlanRepo } from './db/repos/planRepo';
import type { ApplicationRepo } from './db/repos/applicationRepo';
import type { PageRepo } from './db/repos/pageRepo';
import type { BlobStore } from './services/documents/blobStore';
import type { OutboxRepo } from './db/repos/outboxRepo';
import type { ReviewResultRepo } from './db/repos/reviewResultRepo';
import type { DeskSession, EventName, EventPayload, MethodName, MethodOutput, MethodParsedInput, Role } from '../../shared/contract';

export interface SessionState {
  staffId: string;
  username: string;
  displayName: string;
  role: Role;
  mustChangePassword: boolean;
  locked: boolean;
  startedAt: string;
  lastActivityMs: number;
}

export interface Repos {
  meta: MetaRepo;
  staff: StaffRepo;
  plans: PlanRepo;
  applications: ApplicationRepo;
  pages: PageRepo;
  outbox: OutboxRepo;
  reviewResults: ReviewResultRepo;
}

/** What every handler receives. Built once per opened desk; `session` changes with sign-in. */
export interface Ctx {
  readonly db: Db;
  readonly ports: Ports;
  readonly keys: DeskKeys;
  readonly audit: AuditLog;
  readonly repos: Repos;
  /** Encrypted content-addressed store of scanned pages (dataDir/blobs). */
  readonly blobs: BlobStore;
  readonly dataDir: string;
  readonly appVersion: string;
  session: SessionState | null;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  nowIso(): string;
}

export type Handler<M extends MethodName> = (
  input: MethodParsedInput<M>,
  ctx: Ctx,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

export type Handlers = { [M in MethodName]: Handler<M> };

export function publicSession(s: SessionState): DeskSession {
  return {
    staffId: s.staffId,
    username: s.username,
    displayName: s.displayName,
    role: s.role,
    mustChangePassword: s.mustChangePassword,
    locked: s.locked,
    startedAt: s.startedAt,
  };
}

/** The signed-in staff member as an audit actor. */
export function actor(ctx: Ctx): { actorId: string | null; actorName: string | null } {
  return ctx.session
    ? { actorId: ctx.session.staffId, actorName: `${ctx.session.displayName}(${ctx.session.username})` }
    : { actorId: null, actorName: null };
}
