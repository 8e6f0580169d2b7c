import ExcelJS from 'exceljs';
import { type Kysely } from 'kysely';
import { maskId, maskName } from '../../../shared/domain/mask';
import { format } from '../../../shared/i18n/zhCN';
import { placementExportText as X, placementServerText as T } from '../../../shared/i18n/zhCN.placementConsole';
import { type Database } from '../../db/schema';
import { reposOf } from '../../db/repos';
import { childRows, currentPlacement, schoolNames } from './current';
import { PlacementError } from './errors';

// One school's list as the bureau hands it to the school: everyone who applied there or was placed there, in
// placement order (admitted by rank, then the rest), ID numbers and names masked, the explanation of each line.

export async function exportSchool(db: Kysely<Database>, schoolId: string): Promise<{ fileName: string; contentBase64: string }> {
  const c = await currentPlacement(db);
  const names = schoolNames(c.plan);
  const school = names.get(schoolId);
  if (!school) throw new PlacementError('not_found', format(T.noSuchSchool, { school: schoolId }));
  const order = { admitted: 0, reassigned: 1, awaiting_lottery: 2, awaiting_reassignment: 3 } as const;
  const rows = childRows(c)
    .filter((r) => r.appliedSchoolId === schoolId || r.schoolId === schoolId)
    .sort((a, b) => order[a.status] - order[b.status] || (a.rank ?? 1e9) - (b.rank ?? 1e9) || (a.receiptNo < b.receiptNo ? -1 : 1));
  const pub = c.lottery ? c.lottery.status === 'published' : (await reposOf(db).placement.latestPublication()) !== undefined;
  const stage = pub ? X.stage.published : c.bundle ? X.stage.after : X.stage.before;

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(X.sheet);
  ws.addRow([format(X.title, { school, year: c.plan.year, stage })]).font = { bold: true, size: 14 };
  ws.addRow([X.note]);
  const head = ws.addRow([...X.columns]);
  head.font = { bold: true };
  rows.forEach((r, i) => {
    const app = c.data.byReceipt.get(r.receiptNo);
    ws.addRow([
      i + 1,
      r.receiptNo,
      app ? maskName(app.name) : r.name,
      app ? maskId(app.idNumber) : '',
      r.appliedSchoolName,
      X.statuses[r.status],
      r.schoolName ?? '',
      r.batch ?? '',
      r.lottery ? `${r.lottery.rank}/${r.lottery.of} ${r.lottery.won ? X.won : X.lost}` : '',
      r.explanation,
    ]);
  });
  ws.columns.forEach((col, i) => {
    col.width = [6, 30, 10, 22, 26, 10, 26, 6, 16, 60][i] ?? 12;
  });
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `${c.plan.year}-${schoolId}-${school}.xlsx`, contentBase64: buffer.toString('base64') };
}
