import { describe, expect, it } from 'vitest';
import { auditDetailsText } from './auditLines';

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
