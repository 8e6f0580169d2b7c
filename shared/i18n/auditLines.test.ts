import { describe, expect, it } from 'vitest';
import { auditDetailsText, printNamesOf } from './auditLines';

const time = (iso: string) => iso.slice(0, 10);

describe('audit lines on 申请详情 → 操作记录', () => {
  it("name a scanned page's material from the application's plan, and keep the id where no plan names it", () => {
    const details = { materialKey: 'hukou-booklet:2', pageNo: 1, source: 'file' };
    const names = { material: (id: string) => ({ 'hukou-booklet': '户口簿' })[id] };
    const named = auditDetailsText('document.pagesAdded', details, time, names);
    expect(named).toContain('户口簿');
    expect(named).not.toContain('hukou-booklet');
    expect(auditDetailsText('document.pagesAdded', { materialKey: 'no-such-item' }, time, names)).toContain('no-such-item');
    // The 审计日志 page has no plan per entry: the id as recorded.
    expect(auditDetailsText('document.pagesAdded', details, time)).toContain('hukou-booklet');
  });
});

describe('printouts in 操作记录 (issue 10: 文书编号 and 打印任务编号 showed raw ids)', () => {
  const printoutId = '3f2a9c4e-1b7d-4e0a-9f6b-2c8d5e7a1b90';
  const jobId = 'a81c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
  const history = [
    { action: 'printout.generated', at: '2026-12-03T09:00:00Z', details: { printoutId, kind: 'receipt', paper: 'A4', version: 2, sha256: 'ab'.repeat(32), bytes: 100 } },
    { action: 'printout.printFailed', at: '2026-12-03T09:01:00Z', details: { printoutId, kind: 'receipt', version: 2, printer: '柜台打印机', copies: 1, reprintNo: 1, jobId, error: 'PRINTER_OFFLINE' } },
    { action: 'printout.jobCancelled', at: '2026-12-03T09:05:00Z', details: { jobId, printoutId } },
  ];

  it("leave a print's ids out: the entry names the document, version, printer and reprint", () => {
    for (const e of history.slice(0, 2)) {
      const line = auditDetailsText(e.action, e.details, time, printNamesOf(history, time));
      expect(line, e.action).toContain('文书：受理回执');
      expect(line, e.action).toContain('文书版本：2');
      expect(line, e.action).not.toContain(printoutId.slice(0, 8));
      expect(line, e.action).not.toContain(jobId.slice(0, 8));
      expect(line, e.action).not.toMatch(/文书编号|打印任务编号/);
    }
    expect(auditDetailsText('printout.printFailed', history[1]!.details, time)).toContain('重打次数：1');
  });

  it('name a cancelled job by its printer and time, and its document by name and version', () => {
    const line = auditDetailsText('printout.jobCancelled', history[2]!.details, time, printNamesOf(history, time));
    expect(line).toBe('打印任务：柜台打印机，2026-12-03；文书：受理回执（第2版）');
  });

  it('shorten the ids where the history does not name them (审计日志 shows one page at a time)', () => {
    const line = auditDetailsText('printout.jobCancelled', history[2]!.details, time, printNamesOf([], time));
    expect(line).toBe(`打印任务：${jobId.slice(0, 8)}…；文书：${printoutId.slice(0, 8)}…`);
  });
});
