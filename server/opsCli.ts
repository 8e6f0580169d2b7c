import { readFileSync } from 'node:fs';
import { format } from '../shared/i18n/zhCN';
import { consoleOpsText } from '../shared/i18n/zhCN.consoleOps';
import { serverText } from '../shared/i18n/zhCN.server';
import { type Store } from './db/open';
import { reposOf } from './db/repos';
import { ProblemError } from './http/problems';
import { listApplications, listDuplicates, simulateOnlineApplication } from './services/applications';
import { type OpsActor, type OpsAudit, actorLabel } from './services/console/audit';
import { createCounterAudited, revokeCounterAudited } from './services/console/counters';
import { resolveDuplicateGroup } from './services/console/duplicates';
import { publishPlanText } from './services/console/plans';
import { type SmsConfig } from './services/console/sms';
import { type County } from './services/counters';
import { recordResult } from './services/results';
import { verifyPrintedCode } from './services/verify';

// The admin commands that the console also offers (counters, plans, results, applications, duplicates, the online
// stand-in, checking a printed code): the same services, audited in the console's log with the operator — the
// staff account named with --as, or the operating-system user, labelled as such.

const t = serverText.cli;
const o = consoleOpsText.cli;

export const OPS_COMMANDS = ['counter create', 'counter revoke', 'plan load', 'result record', 'applications list', 'duplicates list', 'duplicates resolve', 'online apply', 'receipt verify'] as const;
export type OpsCommand = (typeof OPS_COMMANDS)[number];

export interface OpsCliContext {
  store: Store;
  county: County;
  now: Date;
  actor: OpsActor;
  audit: OpsAudit;
  sms: SmsConfig;
  /** The server's address for the enrollment QR text (PUBLIC_URL, else the listening address). */
  serverUrl: string;
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface OpsCliValues {
  code?: string | undefined;
  name?: string | undefined;
  status?: string | undefined;
  reason?: string[] | undefined;
  missing?: string[] | undefined;
  'school-code'?: string | undefined;
  school?: string | undefined;
  'report-date'?: string | undefined;
  'report-place'?: string | undefined;
  id?: string | undefined;
  keep?: string | undefined;
  json?: boolean | undefined;
}

/** Runs one command; returns the exit code. */
export async function runOpsCommand(command: OpsCommand, values: OpsCliValues, positionals: string[], c: OpsCliContext): Promise<number> {
  const { store, county, now, actor, audit, out, err } = c;
  const db = store.db;
  switch (command) {
    case 'counter create': {
      const r = await createCounterAudited(db, { code: values.code ?? '', name: values.name ?? '', serverUrl: c.serverUrl }, actor, audit, now);
      out(format(t.counterCreated, { code: r.code, name: r.name, enrollmentCode: r.enrollmentCode, expiresAt: r.expiresAt }));
      out(format(o.qrText, { qr: r.qrText }));
      return 0;
    }
    case 'counter revoke': {
      const code = positionals[0] ?? values.code ?? '';
      const r = await revokeCounterAudited(db, code, actor, audit, now);
      out(format(t.counterRevoked, { code, devices: r.devicesRevoked }));
      return 0;
    }
    case 'plan load': {
      const file = positionals[0];
      if (!file) throw new Error(t.planFileMissing);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e: unknown) {
        throw new Error(format(t.planUnreadable, { file, reason: e instanceof Error ? e.message : String(e) }));
      }
      const r = await publishPlanText(db, county, text, actor, audit, now);
      if (!r.ok) {
        const lines = r.problems.map((p) => `  - ${p.line === null ? '' : `${file}:${p.line}:${p.column ?? 1} `}${p.path ? `${p.path}: ` : ''}${p.message}`);
        err(`${format(t.planProblems, { count: r.problems.length })}\n${lines.join('\n')}`);
        return 1;
      }
      out(format(t.planPublished, { version: r.plan.serverVersion }));
      return 0;
    }
    case 'result record': {
      const ref = positionals[0];
      if (!ref || !values.status) throw new Error(t.resultUsage);
      const result = await recordResult(
        db,
        {
          ref,
          outcome: values.status,
          reasons: values.reason ?? [],
          missingMaterials: values.missing ?? [],
          schoolCode: values['school-code'] ?? null,
          schoolName: values.school ?? null,
          reportDate: values['report-date'] ?? null,
          reportPlace: values['report-place'] ?? null,
          decidedBy: actorLabel(actor).slice(0, 60),
        },
        now,
        { config: c.sms, audit, actor },
      );
      out(format(t.resultRecorded, { applicationId: result.applicationId, version: result.resultVersion, outcome: result.outcome }));
      return 0;
    }
    case 'applications list': {
      const rows = await listApplications(db);
      await audit.record(actor, 'applications.listed', null, { count: rows.length }, now);
      if (values.json) out(JSON.stringify(rows, null, 2));
      else {
        out(format(t.applicationsCount, { count: rows.length }));
        for (const r of rows) {
          const flags = `${r.duplicate ? t.duplicateFlag : ''}${r.voided ? format(t.voidedFlag, { reason: r.voided }) : ''}`;
          out(format(t.applicationLine, { receiptNo: r.receiptNo, id: r.id, counter: r.counterCode, revision: r.revision, pages: r.pages, flags, outcome: r.latestOutcome ?? t.notReviewed }));
        }
      }
      return 0;
    }
    case 'duplicates list': {
      const groups = await listDuplicates(db);
      await audit.record(actor, 'duplicates.listed', null, { count: groups.length }, now);
      if (values.json) out(JSON.stringify(groups, null, 2));
      else {
        out(format(t.duplicatesCount, { count: groups.length }));
        for (const g of groups) {
          const applications = g.applications.map((a) => format(t.duplicateEntry, { receiptNo: a.receiptNo, counter: a.counterCode })).join(t.listSeparator);
          out(format(t.duplicateLine, { child: g.childIdHash.slice(0, 12), applications }));
        }
      }
      return 0;
    }
    case 'duplicates resolve': {
      const keep = values.keep ?? positionals[0];
      const reason = (values.reason ?? []).join('；');
      if (!keep || reason.length < 2) throw new Error(o.resolveUsage);
      const app = await reposOf(db).applications.findByRef(keep);
      if (!app?.child_id_hash) throw new Error(format(serverText.admin.noSuchApplication, { ref: keep }));
      const g = await resolveDuplicateGroup(db, { groupId: app.child_id_hash, keepApplicationId: app.id, reason }, actor, audit, now);
      out(format(o.resolved, { kept: keep, withdrawn: g.applications.filter((a) => a.withdrawn).map((a) => a.receiptNo).join(t.listSeparator) }));
      return 0;
    }
    case 'online apply': {
      if (!values.id) throw new Error(t.onlineIdMissing);
      const r = await simulateOnlineApplication(db, county, values.id, values.name ?? serverText.admin.onlineChildName, now);
      await audit.record(actor, 'online.apply', r.applicationId, { receiptNo: r.receiptNo, duplicates: r.duplicates.length }, now);
      const duplicates = r.duplicates.length ? format(t.onlineDuplicates, { receipts: r.duplicates.map((d) => d.receiptNo).join(t.listSeparator) }) : t.onlineNoDuplicates;
      out(format(t.onlineApplied, { receiptNo: r.receiptNo, applicationId: r.applicationId, duplicates }));
      return 0;
    }
    case 'receipt verify': {
      const [receiptNo, code] = positionals;
      if (!receiptNo || !code) throw new Error(t.verifyUsage);
      const v = await verifyPrintedCode(db, receiptNo, code);
      await audit.record(actor, 'receipts.verified', v.applicationId, { receiptNo, genuine: v.ok }, now);
      if (!v.ok) {
        err(format(t.verifyFailed, { reason: v.reason }));
        return 1;
      }
      out(v.document === 'receipt' ? format(t.verifyReceipt, { counter: v.counterCode }) : format(t.verifyNotice, { counter: v.counterCode, version: v.resultVersion ?? '?' }));
      return 0;
    }
  }
}

/** A problem a service raised (Chinese detail) or any other error, as the command's message. */
export function commandError(e: unknown): string {
  return e instanceof ProblemError || e instanceof Error ? e.message : String(e);
}
