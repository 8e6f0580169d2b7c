// How an audit entry reads to staff, on 审计日志 and on 申请详情 → 操作记录 alike (issue 10: the history showed
// `printout.generated` and `kind：receipt；paper：A4；sha256：…`): the action's Chinese name, and each detail as
// `中文名：值` — roles, documents, papers, statuses and types by their Chinese names, times in local time, yes/no as 是/否.
import { format, zhCN } from './zhCN';
import { labelOfPath } from './pathLabels';

const t = zhCN.ui.audit;
const labels = zhCN.apps.labels;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ROLE_KEYS = new Set(['role', 'from', 'to']);

const own = <T extends object>(o: T, key: string): key is Extract<keyof T, string> => Object.prototype.hasOwnProperty.call(o, key);

/** The action's Chinese name; an action of another version is shown as recorded. */
export function auditActionLabel(action: string): string {
  return t.actions[action] ?? action;
}

/** The Chinese name of a detail field of `action`, or undefined where the catalogue has none. */
export function auditDetailKey(action: string, key: string): string | undefined {
  return t.actionDetailKeys[action]?.[key] ?? t.detailKeys[key];
}

/** What the formatter may name from the entry's own context (the application's plan on 申请详情). */
export interface AuditNames {
  /** A material item's name from its id (a page's `materialKey` is `<itemId>` or `<itemId>:<part>`). */
  material?: (itemId: string) => string | undefined;
  /** A printout (文书) from its id: its document and version, e.g. 回执（第1版）. */
  printout?: (printoutId: string) => string | undefined;
  /** A print job from its id: its printer and when it was tried. */
  printJob?: (jobId: string) => string | undefined;
}

const PRINT_ACTIONS = new Set(['printout.printed', 'printout.reprinted', 'printout.printFailed']);
/** Entries whose details name the document themselves (kind, version; printer for a print): their ids are left out. */
const SELF_NAMED = new Set([...PRINT_ACTIONS, 'printout.generated']);
const ID_KEYS = new Set(['printoutId', 'jobId']);

/** An audit entry as the formatter reads it. */
interface EntryLike {
  action: string;
  at: string;
  details: Record<string, unknown>;
}

/**
 * Names of the printouts and print jobs an application's history records (操作记录 showed `文书编号：<uuid>`): a
 * printout by the document and version its `printout.generated` entry recorded, a job by its printer and the time of
 * its last attempt. The entries themselves are not changed.
 */
export function printNamesOf(entries: readonly EntryLike[], time: (iso: string) => string): Required<Pick<AuditNames, 'printout' | 'printJob'>> {
  const printouts = new Map<string, string>();
  const jobs = new Map<string, string>();
  const ordered = [...entries].sort((a, b) => a.at.localeCompare(b.at));
  for (const { action, at, details: d } of ordered) {
    const kind = typeof d.kind === 'string' && own(zhCN.printing.kinds, d.kind) ? zhCN.printing.kinds[d.kind] : undefined;
    if (typeof d.printoutId === 'string' && kind && typeof d.version === 'number') printouts.set(d.printoutId, format(t.printoutName, { kind, version: d.version }));
    if (PRINT_ACTIONS.has(action) && typeof d.jobId === 'string' && typeof d.printer === 'string') jobs.set(d.jobId, format(t.printJobName, { printer: d.printer, at: time(at) }));
  }
  return { printout: (id) => printouts.get(id), printJob: (id) => jobs.get(id) };
}

function valueText(action: string, key: string, value: unknown, time: (iso: string) => string, names: AuditNames): string {
  if (typeof value === 'boolean') return value ? t.yes : t.no;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (ISO_TIME.test(value)) return time(value);
    if (ROLE_KEYS.has(key) && own(zhCN.roles, value)) return zhCN.roles[value];
    // Printouts: the document and paper by their Chinese names; a file hash shortened to what a person compares.
    if (key === 'kind' && own(zhCN.printing.kinds, value)) return zhCN.printing.kinds[value];
    if (key === 'paper' && own(zhCN.printing.papers, value)) return zhCN.printing.papers[value];
    if (key === 'sha256') return `${value.slice(0, 12)}…`;
    if (key === 'printoutId') return names.printout?.(value) ?? format(t.shortId, { id: value.slice(0, 8) });
    if (key === 'jobId') return names.printJob?.(value) ?? format(t.shortId, { id: value.slice(0, 8) });
    if (key === 'source' && own(zhCN.documents.sources, value)) return zhCN.documents.sources[value];
    // A correction's changed fields by their names on the form (child.name → 儿童姓名).
    if (key === 'changed') return labelOfPath(value);
    // A scanned page's material by its name in the plan (hukou-booklet → 户口簿).
    if ((key === 'materialKey' || key === 'itemId') && names.material) return names.material(value.split(':')[0] ?? value) ?? value;
    if (own(labels.status, value)) return labels.status[value];
    if (own(labels.type, value)) return labels.type[value];
    return t.detailValues[value] ?? value;
  }
  if (Array.isArray(value)) return value.map((v) => valueText(action, key, v, time, names)).join('、');
  if (value !== null && typeof value === 'object') return `{${auditDetailsText(action, value as Record<string, unknown>, time, names)}}`;
  return JSON.stringify(value);
}

/**
 * An entry's details as `中文名：值；…`; empty fields are left out, and so are the printout and job ids of a
 * printout's generation or print: the entry itself names the document, version, printer and time.
 */
export function auditDetailsText(action: string, details: Record<string, unknown>, time: (iso: string) => string, names: AuditNames = {}): string {
  const printNamed = SELF_NAMED.has(action) && typeof details.kind === 'string';
  return Object.entries(details)
    .filter(([k, v]) => v !== null && v !== undefined && !(printNamed && ID_KEYS.has(k)))
    .map(([key, value]) => format(t.detailPair, { key: auditDetailKey(action, key) ?? key, value: valueText(action, key, value, time, names) }))
    .join(t.detailSeparator);
}
