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

/** An entry's details as `中文名：值；…`; empty fields are left out. */
export function auditDetailsText(action: string, details: Record<string, unknown>, time: (iso: string) => string, names: AuditNames = {}): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([key, value]) => format(t.detailPair, { key: auditDetailKey(action, key) ?? key, value: valueText(action, key, value, time, names) }))
    .join(t.detailSeparator);
}
