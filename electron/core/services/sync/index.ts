import { X509Certificate } from 'node:crypto';
import type { Ctx, Handlers } from '../../context';
import { actor } from '../../context';
import type { syncMethods, SyncAttentionItem } from '../../../../shared/contract/sync';
import type { DeskStatus } from '../../../../shared/contract/system';
import type { SyncState } from '../../../../shared/contract/application';
import { DeskError } from '../../../../shared/contract';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { credentialsOf, loadConfig, loadLastSuccess, saveConfig, wrap } from './config';
import { SyncEngine, type EngineOptions } from './engine';
import { applyOutcome } from './pull';
import { CountyError, type CountyDriver } from './countyApi';

import { deptVerified } from './deptVerified';
import { httpCounty, isLoopbackUrl } from './http';

export { SyncEngine } from './engine';

const engines = new WeakMap<Ctx, SyncEngine>();

export interface SyncOptions extends EngineOptions {
  /** How the desk reaches the county server: the HTTP driver unless a test gives the in-process one. */
  county?: CountyDriver;
}

/** The desk's engine (one per opened desk). */
export function engineOf(ctx: Ctx, options?: SyncOptions): SyncEngine {
  let e = engines.get(ctx);
  if (!e) {
    e = new SyncEngine(ctx, options?.county ?? httpCounty, options);
    engines.set(ctx, e);
  }
  return e;
}

/** Called by openDesk: start syncing if set up; returns the hooks the desk wires to its events and close. */
export function startSync(ctx: Ctx, options?: SyncOptions): { onApplicationsChanged(): void; close(): void } {
  const engine = engineOf(ctx, options);
  engine.start();
  return { onApplicationsChanged: () => engine.poke(), close: () => engine.close() };
}

/** The status bar's summary (system.getStatus). */
export function syncSummary(ctx: Ctx): DeskStatus['sync'] {
  const config = loadConfig(ctx);
  const engine = engines.get(ctx);
  const counts = engine ? engine.counts() : ctx.repos.outbox.counts();
  return {
    configured: config.serverUrl !== null && config.device !== null,
    online: engine ? engine.status().online : false,
    pendingUploads: counts.unsynced + counts.uploading,
    lastSuccessAt: loadLastSuccess(ctx),
  };
}

function checkedUrl(raw: string): string {
  const url = new URL(raw);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) throw new DeskError('SYNC_TLS_REQUIRED');
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.username) throw new DeskError('SYNC_URL_PATH');
  return url.origin;
}

function checkedCa(pem: string | null): string | null {
  if (pem === null) return null;
  try {
    const cert = new X509Certificate(pem);
    if (!cert.ca) throw new Error(zhCN.sync.reasons.notCa);
    return pem.trim();
  } catch (e: unknown) {
    throw new DeskError('SYNC_BAD_CA', { reason: e instanceof Error ? e.message : String(e) });
  }
}

function adviceFor(state: SyncState, held: boolean, duplicates: boolean): string {
  if (held) return zhCN.sync.advice.heldResult;
  if (state === 'quarantined') return zhCN.sync.advice.quarantined;
  if (state === 'returned') return zhCN.sync.advice.returned;
  if (state === 'conflict') return zhCN.sync.advice.conflict;
  return duplicates ? zhCN.sync.advice.duplicate : '';
}

function parseReasons(s: string | null): string[] {
  if (!s) return [];
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.map(String) : [String(v)];
  } catch {
    return [s];
  }
}

function attention(ctx: Ctx): SyncAttentionItem[] {
  const out = new Map<string, SyncAttentionItem>();
  const dupOf = (id: string) =>
    (ctx.repos.outbox.duplicatesOf(id) as Array<{ receiptNo: string; counterCode: string; source: 'counter' | 'online' }>).map((d) => ({
      receiptNo: d.receiptNo,
      counterCode: d.counterCode,
      source: d.source,
    }));
  for (const r of ctx.repos.outbox.attention(500)) {
    const held = ctx.repos.reviewResults.latestApplied(r.application_id) === false ? ctx.repos.reviewResults.latest(r.application_id) : null;
    const duplicates = dupOf(r.application_id);
    const reasons = parseReasons(r.reason);
    if (held) reasons.push(...held.reasons);
    else if (r.app_sync_state === 'returned') {
      // 退回: the county's own words (reasons, materials still needed) from the result that returned it.
      const latest = ctx.repos.reviewResults.latest(r.application_id);
      if (latest) reasons.push(...latest.reasons, ...latest.missingMaterials.map((material) => format(zhCN.sync.reasons.missingMaterial, { material })));
    }
    out.set(r.application_id, {
      applicationId: r.application_id,
      receiptNo: r.receipt_no,
      childName: r.child_name,
      revision: r.revision,
      state: r.app_sync_state,
      reasons,
      advice: adviceFor(r.app_sync_state, held !== null, duplicates.length > 0),
      heldResult: held,
      duplicates,
    });
  }
  for (const id of ctx.repos.outbox.duplicateIds()) {
    if (out.has(id)) continue;
    const app = ctx.repos.applications.byId(id);
    if (!app) continue;
    out.set(id, {
      applicationId: id,
      receiptNo: app.receipt_no,
      childName: app.child_name,
      revision: app.revision,
      state: app.sync_state as SyncState,
      reasons: [],
      advice: zhCN.sync.advice.duplicate,
      heldResult: null,
      duplicates: dupOf(id),
    });
  }
  return [...out.values()];
}

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function setPaused(ctx: Ctx, paused: boolean) {
  ctx.db.transaction(() => {
    saveConfig(ctx, { ...loadConfig(ctx), paused });
    ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: paused ? 'sync.paused' : 'sync.resumed', target: null, details: {} });
  })();
  const engine = engineOf(ctx);
  engine.reconfigured();
  return engine.status();
}

export const syncHandlers: Pick<Handlers, keyof typeof syncMethods> = {
  'sync.getStatus': (_input, ctx) => engineOf(ctx).status(),

  'sync.configure': (input, ctx) => {
    const serverUrl = checkedUrl(input.serverUrl);
    const caPem = checkedCa(input.caPem);
    const before = loadConfig(ctx);
    // Another server means another enrollment: the old device credentials belong to the old server.
    const device = before.serverUrl === serverUrl ? before.device : null;
    ctx.db.transaction(() => {
      saveConfig(ctx, { ...before, serverUrl, caPem, device, timeoutMs: input.timeoutSeconds ? input.timeoutSeconds * 1000 : null });
      ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'sync.configured', target: serverUrl, details: { customCa: caPem !== null, keptEnrollment: device !== null } });
    })();
    const engine = engineOf(ctx);
    engine.reconfigured();
    return engine.status();
  },

  'sync.enroll': async (input, ctx) => {
    const config = loadConfig(ctx);
    if (!config.serverUrl) throw new DeskError('SYNC_NOT_CONFIGURED');
    const engine = engineOf(ctx);
    const api = engine.apiFor(config);
    const counter = ctx.repos.meta.getJson<{ counterName: string; counterCode: string }>('counter');
    // The receipt MAC key (keys.receipt, printing's verification codes) lets the county verify printed receipts.
    const macKey = ctx.keys.receipt.toString('base64');
    let res;
    try {
      res = await api.enroll({
        code: input.code,
        deviceName: input.deviceName,
        ...(counter ? { counterInfo: { name: counter.counterName.slice(0, 100), code: counter.counterCode.slice(0, 8) } } : {}),
        receiptMacKey: macKey,
      });
    } catch (e: unknown) {
      if (e instanceof CountyError && e.failure.kind === 'problem') throw new DeskError('SYNC_ENROLL_REFUSED', { reason: e.failure.problem.detail });
      if (e instanceof CountyError && e.failure.kind === 'transient' && e.failure.notAServer) throw new DeskError('SYNC_NOT_A_SERVER');
      throw new DeskError('SYNC_UNREACHABLE', { reason: e instanceof Error ? e.message : String(e) });
    }
    const now = ctx.nowIso();
    const wrappedSecret = await wrap(ctx, Buffer.from(res.deviceSecret, 'base64'));
    const wrappedIdHashKey = await wrap(ctx, Buffer.from(res.idHashKey, 'base64'));
    ctx.db.transaction(() => {
      saveConfig(ctx, {
        ...loadConfig(ctx),
        device: {
          deviceId: res.deviceId,
          deviceName: input.deviceName,
          countyCode: res.countyCode,
          counterCode: res.counterCode,
          counterName: res.counterName,
          enrolledAt: now,
          wrappedSecret,
          wrappedIdHashKey,
        },
      });
      ctx.audit.append({
        at: now,
        ...actor(ctx),
        action: 'sync.enrolled',
        target: res.deviceId,
        details: { counterCode: res.counterCode, countyCode: res.countyCode, receiptMacKeySent: true },
      });
    }).immediate();
    engine.reconfigured();
    return engine.status();
  },

  'sync.testConnection': async (_input, ctx) => {
    const config = loadConfig(ctx);
    if (!config.serverUrl) throw new DeskError('SYNC_NOT_CONFIGURED');
    const creds = await credentialsOf(ctx, config);
    if (!creds) throw new DeskError('SYNC_NOT_ENROLLED');
    const api = engineOf(ctx).connect(config, 10_000);
    const started = Date.now();
    try {
      const me = await api.me(creds);
      const ms = Date.now() - started;
      return { ok: true, latencyMs: ms, message: zhCN.sync.settings.testOk.replace('{ms}', String(ms)).replace('{counter}', `${me.counterName}（${me.counterCode}）`) };
    } catch (e: unknown) {
      let message: string;
      if (e instanceof CountyError && e.failure.kind === 'problem') {
        message = e.failure.problem.code === 'device_revoked' ? zhCN.errors.SYNC_REVOKED : e.failure.problem.detail;
      } else if (e instanceof CountyError && e.failure.kind === 'transient' && e.failure.notAServer) {
        message = zhCN.errors.SYNC_NOT_A_SERVER;
      } else {
        message = zhCN.errors.SYNC_UNREACHABLE.replace('{reason}', e instanceof Error ? e.message : String(e));
      }
      return { ok: false, latencyMs: null, message };
    } finally {
      api.close();
    }
  },

  'sync.syncNow': async (input, ctx) => {
    const config = loadConfig(ctx);
    if (!config.serverUrl) throw new DeskError('SYNC_NOT_CONFIGURED');
    if (!config.device) throw new DeskError('SYNC_NOT_ENROLLED');
    const engine = engineOf(ctx);
    // By default not awaited: the round runs in the background; progress arrives as sync.progress events.
    const round = engine.syncNow();
    if (input.wait) await round;
    else round.catch(() => undefined);
    return engine.status();
  },

  'sync.pause': (_input, ctx) => setPaused(ctx, true),
  'sync.resume': (_input, ctx) => setPaused(ctx, false),

  'sync.listAttention': (_input, ctx) => attention(ctx),

  'sync.acceptHeldResult': (input, ctx) => {
    const held = ctx.repos.reviewResults.latestApplied(input.applicationId) === false ? ctx.repos.reviewResults.latest(input.applicationId) : null;
    if (!held) throw new DeskError('SYNC_NO_HELD_RESULT');
    const now = ctx.nowIso();
    ctx.db.transaction(() => {
      ctx.repos.reviewResults.markApplied(held.applicationId, held.resultVersion);
      applyOutcome(ctx, held.applicationId, held, now);
    })();
    ctx.emit('applications.changed', { ids: [held.applicationId] });
    return { done: true as const };
  },

  'sync.deptVerified': (input, ctx) => deptVerified(ctx, engineOf(ctx), input.idNumber),

  'sync.exportLog': (_input, ctx) => {
    const rows = ctx.repos.outbox.logEntries(5000);
    const header: string[] = [...zhCN.sync.logColumns];
    const lines = [header, ...rows.map((r) => [r.at, r.level, r.code, r.application_id, r.message, r.details])].map((l) => l.map(csvCell).join(','));
    const stamp = ctx.nowIso().replace(/[:.]/g, '-');
    // BOM so spreadsheet programs read the Chinese text as UTF-8.
    return { fileName: `sync-log-${stamp}.csv`, content: `\ufeff${lines.join('\r\n')}\r\n`, entries: rows.length };
  },
};
