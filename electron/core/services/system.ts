import { DeskError } from '../../../shared/contract/result';
import type { Counter, DeskSettings, DeskStatus } from '../../../shared/contract';
import { actor, publicSession, type Ctx, type Handlers } from '../context';
import type { StaffRow } from '../db/repos/staffRepo';
import { syncSummary } from './sync';
import { assertStrong, startSession } from './auth';
import { planOf } from './plans';
import { restoreNotice } from './backup';

export const DEFAULT_SETTINGS: DeskSettings = { idleLockMinutes: 10 };

export function readCounter(ctx: Ctx): Counter | null {
  return ctx.repos.meta.getJson<Counter>('counter') ?? null;
}

export function readSettings(ctx: Ctx): DeskSettings {
  return { ...DEFAULT_SETTINGS, ...(ctx.repos.meta.getJson<Partial<DeskSettings>>('settings') ?? {}) };
}

function planCountyOf(ctx: Ctx): DeskStatus['planCounty'] {
  const row = ctx.repos.plans.active();
  if (!row) return null;
  return { code: row.county_code, name: planOf(row).county.name, sample: row.sample === 1 };
}

export function statusOf(ctx: Ctx): DeskStatus {
  const counter = readCounter(ctx);
  return {
    phase: counter ? 'ready' : 'needsSetup',
    planCounty: planCountyOf(ctx),
    bootError: null,
    counter,
    session: ctx.session ? publicSession(ctx.session, ctx.ports.clock.now().getTime()) : null,
    idleLockMinutes: readSettings(ctx).idleLockMinutes,
    appVersion: ctx.appVersion,
    sync: syncSummary(ctx),
    insecureKeyStorage: ctx.keys.insecure,
    auditAlert: ctx.audit.alert(ctx.nowIso()),
    restored: restoreNotice(ctx),
  };
}

export const systemHandlers: Pick<Handlers, 'system.getStatus' | 'system.restart' | 'setup.initialize' | 'settings.get' | 'settings.update' | 'audit.list' | 'audit.verify' | 'audit.acknowledgeAlert'> = {
  'system.getStatus': (_input, ctx) => statusOf(ctx),

  // The desk opened its data: nothing to restart (a desk in boot error is reopened by openDesk or by main).
  'system.restart': () => ({ done: true as const }),

  'setup.initialize': async (input, ctx) => {
    if (readCounter(ctx)) throw new DeskError('ALREADY_SET_UP');
    const hash = await assertStrong(input.admin.password, input.admin.username);
    const now = ctx.nowIso();
    const counter: Counter = { counterName: input.counterName, counterCode: input.counterCode, countyCode: input.countyCode };
    const row: StaffRow = {
      id: ctx.ports.ids.uuid(),
      username: input.admin.username,
      display_name: input.admin.displayName,
      role: 'admin',
      password_hash: hash,
      disabled: 0,
      failed_attempts: 0,
      locked_until: null,
      must_change_password: 0,
      created_at: now,
      updated_at: now,
      last_login_at: now,
    };
    ctx.db.transaction(() => {
      // Checked again inside the transaction: two setup calls racing must not both succeed.
      if (readCounter(ctx)) throw new DeskError('ALREADY_SET_UP');
      ctx.repos.meta.setJson('counter', counter);
      ctx.repos.staff.insert(row);
      ctx.audit.append({ at: now, actorId: row.id, actorName: row.username, action: 'setup.initialized', target: counter.counterCode, details: { ...counter, adminUsername: row.username } });
      if (ctx.keys.insecure) {
        ctx.audit.append({ at: now, actorId: row.id, actorName: row.username, action: 'security.insecureKeyStorage', target: null, details: { note: 'database key stored without OS protection by explicit opt-in' } });
      }
    }).immediate();
    const session = startSession(ctx, row);
    ctx.emit('session.changed', { reason: 'setup' });
    return publicSession(session, ctx.ports.clock.now().getTime());
  },

  'settings.get': (_input, ctx) => readSettings(ctx),

  'settings.update': (input, ctx) => {
    const before = readSettings(ctx);
    ctx.db.transaction(() => {
      ctx.repos.meta.setJson('settings', input);
      ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'settings.updated', target: null, details: { before, after: input } });
    })();
    return readSettings(ctx);
  },

  'audit.list': (input, ctx) => ctx.audit.list(input.beforeSeq, input.limit),
  'audit.verify': (_input, ctx) => ctx.audit.verify(),
  'audit.acknowledgeAlert': (input, ctx) => {
    ctx.audit.acknowledge(actor(ctx), ctx.nowIso(), input.note);
    ctx.emit('session.changed', { reason: 'auditAcknowledged' });
    return { done: true as const };
  },
};
