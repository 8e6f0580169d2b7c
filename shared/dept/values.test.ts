import { describe, expect, it } from 'vitest';
import { headerKey, resolveColumns, suggestMapping } from './mapping';
import { SOURCES } from './sources';
import { checkCell, parseDate, parseMonth } from './values';
import { monthsBetween, unbrokenMonths } from './verify';

const spec = (key: string) => SOURCES.hukou.fields.find((f) => f.key === key)!;
const TODAY = '2026-09-15';
const fails = (r: ReturnType<typeof checkCell>, text: string) => {
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.message).toContain(text);
};

describe('department cells', () => {
  it('reads the date forms government systems write, and refuses impossible ones', () => {
    for (const raw of ['2024-05-01', '2024/5/1', '2024.05.01', '20240501', '2024年5月1日', '２０２４-05-01', '2024-05-01 00:00:00']) expect(parseDate(raw), raw).toBe('2024-05-01');
    for (const raw of ['2023-02-29', '2024-13-01', '01/05/2024', '2024-5', '']) expect(parseDate(raw), raw).toBeNull();
    expect(checkCell(spec('moveInDate'), new Date(Date.UTC(2020, 2, 1)), TODAY)).toEqual({ ok: true, value: '2020-03-01' });
    expect(checkCell(spec('moveInDate'), '2026-12-01', TODAY)).toMatchObject({ ok: false });
  });

  it('reads months', () => {
    expect(['2024-05', '202405', '2024年5月', '2024/5'].map(parseMonth)).toEqual(['2024-05', '2024-05', '2024-05', '2024-05']);
    expect(['202413', '20245', '2024-00'].map(parseMonth)).toEqual([null, null, null]);
  });

  it('checks ID numbers with the shared rules and refuses numbers Excel rounded', () => {
    expect(checkCell(spec('idNumber'), ' 379901201910050014 ', TODAY)).toEqual({ ok: true, value: '379901201910050014' });
    fails(checkCell(spec('idNumber'), '379901201910050018', TODAY), '校验位');
    fails(checkCell(spec('idNumber'), 379901201910050000, TODAY), '数字格式');
    expect(checkCell(spec('fatherId'), '', TODAY)).toEqual({ ok: true, value: '' });
    fails(checkCell(spec('idNumber'), '', TODAY), '必填');
  });

  it('keeps names exactly: rare characters the printing fonts lack, the middle dot; refuses radicals and private-use code points', () => {
    expect(checkCell(spec('name'), '𠮷思远', TODAY)).toEqual({ ok: true, value: '𠮷思远' });
    expect(checkCell(spec('name'), '阿依古丽•买买提', TODAY)).toEqual({ ok: true, value: '阿依古丽·买买提' });
    expect(checkCell(spec('name'), '\u{2B81D}\u{30000}', TODAY)).toMatchObject({ ok: true });
    expect(checkCell(spec('name'), '⼈民', TODAY)).toMatchObject({ ok: false });
    fails(checkCell(spec('name'), '张\uE000', TODAY), 'U+E000');
  });
});

describe('column mapping', () => {
  it('suggests from usual headers, prefers the saved mapping, and names what is missing', () => {
    const headers = ['公民身份号码 ', '姓名', '户编号', '落户时间'];
    expect(headerKey('乡镇(街道)')).toBe(headerKey('乡镇（街道）'));
    const suggested = suggestMapping('hukou', headers, null);
    expect(suggested).toMatchObject({ idNumber: '公民身份号码 ', name: '姓名', householdNo: '户编号' });
    expect(suggested.moveInDate).toBeUndefined();
    const missing = resolveColumns('hukou', headers, suggested);
    expect('problems' in missing && missing.problems[0]!.message).toContain('迁入日期');
    const saved = suggestMapping('hukou', headers, { moveInDate: '落户时间' });
    expect('columns' in resolveColumns('hukou', headers, saved)).toBe(true);
    const twice = resolveColumns('hukou', ['姓名', '姓名'], {});
    expect('problems' in twice && twice.problems[0]!.message).toContain('出现了两次');
  });
});

describe('months for verification', () => {
  it('counts unbroken months back from the plan day and reports the gap', () => {
    const paid = ['2024-12', '2025-01', '2025-02', '2025-06', '2025-07', '2025-08'];
    expect(unbrokenMonths(paid, '2025-08-31')).toEqual({ months: 3, gap: { from: '2025-03', to: '2025-05' } });
    expect(unbrokenMonths(['2025-06', '2025-07'], '2025-08-31')).toEqual({ months: 2, gap: null });
    expect(unbrokenMonths([], '2025-08-31')).toEqual({ months: 0, gap: null });
    expect(monthsBetween('2021-03-01', '2026-08-31')).toBe(65);
    expect(monthsBetween('2021-03-31', '2021-04-30')).toBe(0);
  });
});
