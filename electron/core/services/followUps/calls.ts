// Telling counter families their county result by phone (seed 001 §5): who to call, on which numbers, what to say,
// every attempt recorded (接通 / 未接 / 空号 / 已告知, note, who, when) and audited; the open ones form the retry list.
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { ApplicationDraft } from '../../../../shared/contract';
import { reviewResultSchema, type ReviewResult } from '../../../../shared/contract/reviewResult';
import type { CallRow, CallState } from '../../../../shared/contract/followUps';
import { DeskError } from '../../../../shared/contract/result';
import { maskPhone } from '../../../../shared/domain/mask';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { labels, statusLabel } from '../../../../shared/i18n/zhCN.labels';
import type { CountyPlan } from '../../../../shared/plan/schema';
import { calendarDate, chinaDateTime, chinaDay } from '../../../../shared/print/layout';
import { actor, type Ctx, type Handlers } from '../../context';
import type { CallRowDb } from '../../db/repos/followUpRepo';
import { renderPdf } from '../printing/render';
import { frame } from '../reports/pdf';
import { bytes, newBook, sheet, XLSX_FONT, XLSX_MIME } from '../reports/xlsx';
import { readCounter } from '../system';
import { staffName } from '../staff';
import { followUpRepo, planLookup } from './supplement';

const t = zhCN.followUps.calls;
type Outcome = ReviewResult['outcome'];


const STATE_ORDER: Record<CallState, number> = { todo: 0, retry: 1, unreachable: 2, informed: 3 };

interface Contact {
  name: string;
  relation: string;
  phone: string;
}

function contactsOf(draft: ApplicationDraft): Contact[] {
  const out: Contact[] = [];
  for (const g of draft.guardians ?? []) {
    if (!g.mobile?.trim()) continue;
    const relation = g.relation ? (g.relation === 'other_guardian' && g.relationNote ? g.relationNote : labels.relation[g.relation]) : '';
    out.push({ name: g.name ?? '', relation, phone: g.mobile.trim() });
  }
  if (draft.proxy?.mobile?.trim()) out.push({ name: draft.proxy.name ?? '', relation: draft.proxy.relation ?? '', phone: draft.proxy.mobile.trim() });
  // One number once, under its first holder.
  return out.filter((c, i) => out.findIndex((x) => x.phone === c.phone) === i);
}

/** What to say: the result in the catalogue's words, with the county's school, dates, reasons and items. */
function scriptOf(result: ReviewResult, draft: ApplicationDraft, plan: CountyPlan | null, receiptNo: string, counterName: string): string {
  const template = t.scripts[result.outcome];
  const items = result.missingMaterials.map((k) => plan?.materials.find((m) => m.id === k)?.name ?? k);
  return format(template, {
    counter: counterName,
    child: draft.child?.name ?? '',
    tail: receiptNo.slice(-6),
    school: result.schoolName ?? plan?.schools.find((s) => s.id === draft.school?.schoolId)?.name ?? t.none,
    reportDate: result.reportDate ? calendarDate(result.reportDate) : t.later,
    reportPlace: result.reportPlace ?? result.schoolName ?? t.none,
    reasons: result.reasons.length ? result.reasons.join('；') : t.none,
    items: items.length ? items.join('、') : result.reasons.join('；') || t.none,
    deadline: result.reportDate ? calendarDate(result.reportDate) : t.later,
  });
}

function stateOf(contacts: Contact[], attempts: CallRowDb[], wrong: Set<string>): CallState {
  if (attempts.some((a) => a.outcome === 'informed')) return 'informed';
  if (contacts.every((c) => wrong.has(c.phone))) return 'unreachable';
  return attempts.length ? 'retry' : 'todo';
}

interface Built {
  row: CallRow;
  draft: ApplicationDraft;
}

function buildRows(ctx: Ctx, only: string | null = null): Built[] {
  const repo = followUpRepo(ctx);
  const counter = readCounter(ctx)?.counterName ?? '';
  const calls = new Map<string, CallRowDb[]>();
  for (const c of repo.calls(only)) calls.set(c.application_id, [...(calls.get(c.application_id) ?? []), c]);
  const plan = planLookup(ctx);
  const staff = new Map<string, string>();
  const name = (u: string) => {
    if (!staff.has(u)) staff.set(u, staffName(ctx, u));
    return staff.get(u) ?? u;
  };
  const out: Built[] = [];
  for (const c of repo.withResults()) {
    if (only && c.id !== only) continue;
    const result = reviewResultSchema.parse(JSON.parse(c.result));
    // 审核中 tells a family nothing new: no call for it.
    if (result.outcome === 'under_review') continue;
    const draft = JSON.parse(c.data) as ApplicationDraft;
    const contacts = contactsOf(draft);
    const all = calls.get(c.id) ?? [];
    // A number found empty stays marked for every later result; the attempts shown are this result's.
    const wrong = new Set(all.filter((a) => a.outcome === 'wrong_number').map((a) => a.phone));
    const attempts = all.filter((a) => a.result_version === result.resultVersion);
    out.push({
      draft,
      row: {
        applicationId: c.id,
        receiptNo: c.receipt_no,
        childName: c.child_name ?? '',
        resultVersion: result.resultVersion,
        outcome: result.outcome,
        outcomeLabel: statusLabel(result.outcome),
        decidedAt: result.decidedAt,
        script: scriptOf(result, draft, plan(c.plan_key), c.receipt_no, counter),
        contacts: contacts.map((x) => ({ ...x, wrongNumber: wrong.has(x.phone) })),
        attempts: attempts.map((a) => ({ phone: a.phone, outcome: a.outcome, note: a.note, at: a.at, by: name(a.by) })),
        state: stateOf(contacts, attempts, wrong),
      },
    });
  }
  return out;
}

function listed(ctx: Ctx, filter: { outcome?: Outcome | undefined; view: 'open' | 'informed' | 'all' }): CallRow[] {
  return buildRows(ctx)
    .map((b) => b.row)
    .filter((r) => (filter.outcome ? r.outcome === filter.outcome : true))
    .filter((r) => (filter.view === 'all' ? true : filter.view === 'informed' ? r.state === 'informed' : r.state !== 'informed'))
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.decidedAt.localeCompare(b.decidedAt) || a.receiptNo.localeCompare(b.receiptNo));
}

function callsPdf(title: string, generatedAt: string, rows: CallRow[]): TDocumentDefinitions {
  const c = t.columns;
  const body = rows.map((r) => [
    `${r.childName}\n${r.receiptNo}`,
    r.outcomeLabel,
    r.contacts.map((x) => `${x.relation} ${x.name} ${x.phone}${x.wrongNumber ? `（${t.wrong}）` : ''}`).join('\n'),
    r.script,
    [t.state[r.state], ...r.attempts.map((a) => `${chinaDateTime(a.at)} ${t.outcome[a.outcome]}`)].join('\n'),
  ]);
  return frame(title, generatedAt, [
    { text: t.note, color: '#b00000', margin: [0, 0, 0, 6] },
    rows.length
      ? {
          table: { headerRows: 1, widths: [70, 44, 120, '*', 90], body: [[c.child, c.result, c.contacts, c.script, c.state].map((text) => ({ text, fillColor: '#eeeeee' })), ...body] },
          layout: 'lightHorizontalLines',
        }
      : { text: t.empty },
  ], true);
}

/** The workbook's columns (catalogue key = row key) and their widths. */
const XLSX_COLUMNS: ReadonlyArray<[keyof typeof t.columns, number]> = [
  ['receiptNo', 28],
  ['child', 12],
  ['result', 12],
  ['state', 12],
  ['contact', 16],
  ['phone', 15],
  ['wrongNumber', 8],
  ['script', 60],
  ['attempts', 40],
  ['decidedAt', 20],
];

/** The call list for Excel/WPS: one row per number to dial (a family's columns repeated), numbers kept as text. */
async function callsWorkbook(title: string, rows: CallRow[]): Promise<Buffer> {
  const wb = newBook();
  wb.title = title;
  const ws = sheet(wb, t.sheet, XLSX_COLUMNS.map(([key, width]) => ({ header: t.columns[key], key, width })));
  for (const r of rows) {
    const family = {
      receiptNo: r.receiptNo,
      child: r.childName,
      result: r.outcomeLabel,
      state: t.state[r.state],
      script: r.script,
      attempts: r.attempts.map((a) => format(t.attempt, { at: chinaDateTime(a.at), by: a.by, phone: a.phone, outcome: t.outcome[a.outcome], note: a.note ? `（${a.note}）` : '' })).join('\n'),
      decidedAt: chinaDateTime(r.decidedAt),
    };
    const contacts = r.contacts.length ? r.contacts : [null];
    for (const x of contacts) ws.addRow({ ...family, contact: x ? `${x.relation} ${x.name}`.trim() : '', phone: x?.phone ?? '', wrongNumber: x?.wrongNumber ? t.wrong : undefined });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: XLSX_COLUMNS.length } };
  ws.addRow({});
  ws.addRow({ receiptNo: t.note }).font = { ...XLSX_FONT, bold: true, color: { argb: 'FFB00000' } };
  return bytes(wb);
}

export const callHandlers: Pick<Handlers, 'calls.list' | 'calls.record' | 'calls.export'> = {
  'calls.list': (input, ctx) => listed(ctx, input),

  'calls.record': (input, ctx) => {
    const app = ctx.repos.applications.byId(input.applicationId);
    if (!app || !app.receipt_no) throw new DeskError('APPLICATION_NOT_FOUND');
    const built = buildRows(ctx, app.id)[0];
    if (!built) throw new DeskError('CALL_NO_RESULT');
    if (built.row.resultVersion !== input.resultVersion) throw new DeskError('CALL_RESULT_CHANGED', { current: built.row.resultVersion, given: input.resultVersion });
    if (!built.row.contacts.some((x) => x.phone === input.phone)) throw new DeskError('CALL_PHONE_UNKNOWN', { phone: maskPhone(input.phone) });
    const at = ctx.nowIso();
    const note = input.note?.trim() || null;
    ctx.db.transaction(() => {
      followUpRepo(ctx).insertCall({ id: ctx.ports.ids.uuid(), application_id: app.id, result_version: input.resultVersion, phone: input.phone, outcome: input.outcome, note, at, by: ctx.session?.username ?? '' });
      ctx.audit.append({
        at,
        ...actor(ctx),
        action: 'call.recorded',
        target: app.id,
        details: { receiptNo: app.receipt_no, resultVersion: input.resultVersion, result: built.row.outcome, phone: maskPhone(input.phone), outcome: input.outcome, note },
      });
    }).immediate();
    return buildRows(ctx, app.id)[0]!.row;
  },

  'calls.export': async (input, ctx) => {
    const rows = listed(ctx, input);
    const counter = readCounter(ctx);
    const day = chinaDay(ctx.nowIso());
    const title = format(t.title, { counter: counter?.counterName ?? '', day: calendarDate(day) });
    const file = input.format === 'xlsx' ? { data: await callsWorkbook(title, rows), mime: XLSX_MIME } : { data: (await renderPdf(callsPdf(title, ctx.nowIso(), rows))).pdf, mime: 'application/pdf' };
    ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'calls.exported', target: null, details: { outcome: input.outcome ?? null, view: input.view, format: input.format, rows: rows.length } });
    return { fileName: `${format(t.fileName, { code: counter?.counterCode ?? '', day })}.${input.format}`, mime: file.mime, dataBase64: file.data.toString('base64'), rows: rows.length };
  },
};
