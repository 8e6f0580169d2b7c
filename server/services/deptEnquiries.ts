import ExcelJS from 'exceljs';
import { type DeptEnquiry } from '../../shared/console/dept';
import { type DeptSource, deptSourceSchema } from '../../shared/dept/sources';
import { type Verification } from '../../shared/dept/verify';
import { format } from '../../shared/i18n/zhCN';
import { deptSourceNames } from '../../shared/i18n/zhCN.dept';
import { deptConsoleText } from '../../shared/i18n/zhCN.deptConsole';
import { type Store } from '../db/open';
import { reposOf } from '../db/repos';
import { type DeptEnquiryRow, type EnquiryListRow } from '../db/repos/deptRepo';
import { answerOutdated, currentVerification, enquiryDigest, formOf, latestPlan } from './deptVerify';
import { chinaDay } from '../../shared/chinaTime';

// 函调: where the imported data has no record of a material, the bureau asks the department by letter. The list per
// department is collected from the current verifications (every material 无记录), exported as XLSX to send or print,
// and each answer is recorded by hand with who and when.

const t = deptConsoleText.enquiries;

/**
 * Adds an enquiry for every material that department data has no record of (once per application and material),
 * reading the current verifications `chunk` applications at a time. With `visible`, only for the applications it keeps
 * (a scoped reviewer's): the count then says nothing about the rest of the county.
 */
export async function collectEnquiries(
  store: Pick<Store, 'db'>,
  by: string,
  now: Date,
  chunk = 1000,
  visible?: (applicationIds: string[]) => Promise<ReadonlySet<string>>,
): Promise<number> {
  const repo = reposOf(store.db).dept;
  const at = now.toISOString();
  const version = await repo.dataVersion();
  let added = 0;
  let after = '';
  for (;;) {
    const page = await repo.currentResults(version, chunk, after);
    const keep = visible ? await visible(page.map((a) => a.application_id)) : null;
    const rows: Parameters<typeof repo.addEnquiries>[0][number][] = [];
    for (const app of page) {
      if (keep && !keep.has(app.application_id)) continue;
      const v = JSON.parse(app.result) as Verification;
      for (const m of v.materials) {
        const source = m.sources[0];
        if (m.status !== 'no_record' || !source) continue;
        rows.push({ source, application_id: app.application_id, item_id: m.itemId, created_at: at, created_by: by, exported_at: null, answer: null, answer_note: null, answered_by: null, answered_at: null, answered_revision: null, answered_facts: null });
      }
    }
    added += await repo.addEnquiries(rows);
    if (page.length < chunk) return added;
    after = page[page.length - 1]!.application_id;
  }
}

type EnquiryQuery = { source?: DeptSource | undefined; state: 'open' | 'answered' | 'all'; after?: number | undefined; limit: number };

/** Where an enquiry stands: an answer for data the family changed since no longer counts (待重新函调). */
function stateOf(r: EnquiryListRow): DeptEnquiry['state'] {
  if (r.answer === null) return 'open';
  const pinnedElsewhere = r.answered_revision !== null && r.revision !== null && Number(r.answered_revision) !== r.revision;
  return pinnedElsewhere && answerOutdated(formOf(r.record ?? '{}'), deptSourceSchema.parse(r.source), r.answered_facts) ? 'reenquire' : 'answered';
}

function enquiryOut(r: EnquiryListRow, names: ReadonlyMap<string, string>, state: DeptEnquiry['state']): DeptEnquiry {
  return {
    id: r.id,
    source: deptSourceSchema.parse(r.source),
    applicationId: r.application_id,
    receiptNo: r.receipt_no ?? '',
    childName: r.child_name ?? '',
    idNumber: r.id_number ?? '',
    itemId: r.item_id,
    itemName: names.get(r.item_id) ?? r.item_id,
    createdAt: r.created_at,
    createdBy: r.created_by,
    exportedAt: r.exported_at,
    answer: r.answer === 'confirmed' || r.answer === 'denied' ? r.answer : null,
    answerNote: r.answer_note,
    answeredBy: r.answered_by,
    answeredAt: r.answered_at,
    answeredRevision: r.answered_revision === null ? null : Number(r.answered_revision),
    state,
  };
}

const materialNames = async (store: Pick<Store, 'db'>) => new Map(((await latestPlan(store))?.materials ?? []).map((m) => [m.id, m.name]));

/**
 * One page of enquiries (keyset on the id). `open` lists 待答复 and 待重新函调. `nextCursor` is the last id read when
 * the page was full, so rows of another state passed over never end the listing early.
 */
export async function listEnquiries(store: Pick<Store, 'db'>, q: EnquiryQuery): Promise<{ enquiries: DeptEnquiry[]; nextCursor: number | null }> {
  const names = await materialNames(store);
  const rows = await reposOf(store.db).dept.enquiryRows(q);
  const enquiries: DeptEnquiry[] = [];
  for (const r of rows) {
    const state = stateOf(r);
    if (q.state === 'all' || (q.state === 'answered') === (state === 'answered')) enquiries.push(enquiryOut(r, names, state));
  }
  return { enquiries, nextCursor: rows.length === q.limit ? rows[rows.length - 1]!.id : null };
}

/** One enquiry as the list shows it. */
export async function getEnquiry(store: Pick<Store, 'db'>, id: number): Promise<DeptEnquiry | null> {
  const [row] = await reposOf(store.db).dept.enquiryRows({ state: 'all', limit: 1, id });
  return row ? enquiryOut(row, await materialNames(store), stateOf(row)) : null;
}

/** Every open enquiry of a department (待答复 and 待重新函调), read a page at a time. */
async function allOpen(store: Pick<Store, 'db'>, source: DeptSource): Promise<DeptEnquiry[]> {
  const out: DeptEnquiry[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await listEnquiries(store, { source, state: 'open', after, limit: 500 });
    out.push(...page.enquiries);
    if (page.nextCursor === null) return out;
    after = page.nextCursor;
  }
}

/**
 * The open enquiries of one department as an XLSX letter attachment; marks them exported. `visible`: only the
 * enquiries of the applications it keeps (a scoped caller's), the others are neither exported nor marked.
 */
export async function exportEnquiries(
  store: Pick<Store, 'db'>,
  source: DeptSource,
  now: Date,
  visible?: (applicationIds: string[]) => Promise<ReadonlySet<string>>,
): Promise<{ fileName: string; bytes: Buffer; count: number }> {
  const every = await allOpen(store, source);
  const keep = visible ? await visible(every.map((e) => e.applicationId)) : null;
  const open = keep ? every.filter((e) => keep.has(e.applicationId)) : every;
  const names = deptSourceNames[source];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t.sheet);
  ws.addRow([format(t.sheetTitle, { department: names.department, source: names.name })]).font = { bold: true, size: 14 };
  ws.addRow([t.sheetNote]);
  ws.addRow([...t.columns]).font = { bold: true };
  open.forEach((e, i) => ws.addRow([i + 1, e.receiptNo, e.childName, e.idNumber, e.itemName, '', '']));
  for (const [col, width] of [
    [2, 28],
    [3, 14],
    [4, 22],
    [5, 18],
    [6, 16],
    [7, 30],
  ] as const)
    ws.getColumn(col).width = width;
  await reposOf(store.db).dept.markExported(
    open.map((e) => e.id),
    now.toISOString(),
  );
  const day = chinaDay(now);
  return { fileName: format(t.fileName, { department: names.department, source: names.name, day }), bytes: Buffer.from(await wb.xlsx.writeBuffer()), count: open.length };
}

/**
 * Records a department's answer, pinned to the application's current revision and the digest of the data the
 * enquiry concerns, then makes the application's stored result stale and recomputes it at once (the review view and
 * the 全部材料已核验 lane read the stored result). Order matters: the answer is stored before the generation moves,
 * so a recomputation that read the answers before it can only store a result that is already stale.
 */
export async function recordAnswer(store: Pick<Store, 'db'>, enquiryId: number, answer: 'confirmed' | 'denied', note: string, by: string, now: Date): Promise<DeptEnquiryRow | null> {
  const repo = reposOf(store.db).dept;
  const before = await repo.enquiry(enquiryId);
  if (!before) return null;
  const app = await reposOf(store.db).applications.currentRecord(before.application_id);
  const pin = { revision: Number(app?.revision ?? 0), facts: enquiryDigest(formOf(app?.record ?? '{}'), deptSourceSchema.parse(before.source)) };
  await repo.answerEnquiry(enquiryId, answer, note, by, now.toISOString(), pin);
  await repo.answersChanged(before.application_id, now.toISOString());
  await currentVerification(store, before.application_id, now, { recompute: true });
  return before;
}
