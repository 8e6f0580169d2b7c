import { methods, isMethodName, type MethodName, type MethodDef } from '../../shared/contract';
import { DeskError, errorOf, fieldIssues, type RpcResult } from '../../shared/contract';
import type { Ctx, Handlers } from './context';
import { readSettings } from './services/system';

export interface Logger {
  error(message: string, err: unknown): void;
}

/**
 * The one way into the core. Treats the caller as untrusted: the method must exist, the session
 * must allow it, the input must parse; handler errors come back as values, never as throws.
 */
export async function dispatch(ctx: Ctx, handlers: Handlers, name: unknown, rawInput: unknown, log: Logger): Promise<RpcResult<unknown>> {
  if (!isMethodName(name)) return { ok: false, error: errorOf('UNKNOWN_METHOD', {}, { method: String(name).slice(0, 100) }) };
  const def: MethodDef = methods[name];

  const denied = checkAccess(ctx, name, def);
  if (denied) return { ok: false, error: denied.rpc };

  const parsed = def.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, error: errorOf('VALIDATION_FAILED', {}, { issues: fieldIssues(parsed.error, rawInput ?? {}) }) };
  }
  try {
    const handler = handlers[name] as (input: unknown, ctx: Ctx) => unknown;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value: def.output.parse(value) };
  } catch (e: unknown) {
    if (e instanceof DeskError) return { ok: false, error: e.rpc };
    log.error(`method ${name} failed`, e);
    return { ok: false, error: errorOf('INTERNAL') };
  }
}

export const IDLE_REPORT_SLACK_MS = 60_000;

function checkAccess(ctx: Ctx, name: MethodName, def: MethodDef): DeskError | null {
  if (def.access === 'public') return null;
  const s = ctx.session;
  if (!s) return new DeskError('NOT_AUTHENTICATED');
  const now = ctx.ports.clock.now().getTime();
  // The renderer locks the screen when staff go idle; this is the backstop if it does not. The
  // renderer reports activity at most once a minute, so the backstop allows that minute on top.
  if (!s.locked && !def.background && now - s.lastActivityMs > readSettings(ctx).idleLockMinutes * 60_000 + IDLE_REPORT_SLACK_MS) {
    s.locked = true;
    ctx.audit.append({ at: ctx.nowIso(), actorId: s.staffId, actorName: s.username, action: 'auth.sessionLocked', target: s.staffId, details: { by: 'idle' } });
    ctx.emit('session.changed', { reason: 'locked' });
  }
  if (s.locked && !def.whileLocked) return new DeskError('SESSION_LOCKED');
  if (s.mustChangePassword && !def.whileLocked && name !== 'auth.changePassword') return new DeskError('PASSWORD_CHANGE_REQUIRED');
  if (def.access !== 'session' && !def.access.includes(s.role)) {
    ctx.audit.append({ at: ctx.nowIso(), actorId: s.staffId, actorName: s.username, action: 'auth.forbidden', target: name, details: { role: s.role } });
    return new DeskError('FORBIDDEN');
  }
  if (!def.background && !s.locked) s.lastActivityMs = now;
  return null;
}
