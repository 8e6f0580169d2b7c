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
import type { PrivateTemp } from './privateTemp';
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
  /**
   * Until when (ms) the password typed at this session's sign-in counts as proof for the forced
   * change, so the change screen does not ask again for the temporary password typed seconds before.
   * Null when there is no forced change or the proof was used or withdrawn (locking clears it).
   */
  passwordProofUntilMs: number | null;
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
  /** Scratch folders for files that hold personal data in the clear (scans, card text): see PrivateTemp. */
  readonly temp: PrivateTemp;
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

/** How long the sign-in password counts as proof for the forced change (see SessionState). */
export const PASSWORD_PROOF_MS = 10 * 60_000;

export function passwordProven(s: SessionState, nowMs: number): boolean {
  return s.mustChangePassword && !s.locked && s.passwordProofUntilMs !== null && nowMs < s.passwordProofUntilMs;
}

export function publicSession(s: SessionState, nowMs: number): DeskSession {
  return {
    staffId: s.staffId,
    username: s.username,
    displayName: s.displayName,
    role: s.role,
    mustChangePassword: s.mustChangePassword,
    locked: s.locked,
    startedAt: s.startedAt,
    passwordProven: passwordProven(s, nowMs),
  };
}

/** The signed-in staff member as an audit actor. */
export function actor(ctx: Ctx): { actorId: string | null; actorName: string | null } {
  return ctx.session
    ? { actorId: ctx.session.staffId, actorName: `${ctx.session.displayName}(${ctx.session.username})` }
    : { actorId: null, actorName: null };
}
