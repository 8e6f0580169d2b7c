import { describe, expect, it } from 'vitest';
import { datesIn, keepPromises, passedPromises, stillAhead } from './promises';

describe('promised dates', () => {
  it('finds the dates a county writes, with and without the year', () => {
    expect(datesIn('审核和录取结果将于 2026 年 8 月 10 日前通过电话告知，9月1日开学，2026-08-28 报到。', 2026)).toEqual(['2026-08-10', '2026-08-28', '2026-09-01']);
    expect(datesIn('鲁教基函〔2021〕9号第 7 条；保存 1 年。', 2026)).toEqual([]);
  });

  it('a date is kept on its own day and after, not the day after it', () => {
    expect(stillAhead('2026-08-10', '2026-08-10')).toBe(true);
    expect(stillAhead('2026-08-10', '2026-08-11')).toBe(false);
  });

  it('only the sentence with a passed date gives way to the fallback', () => {
    const text = '审核和录取结果将于 2026 年 8 月 10 日前通过电话告知监护人。录取学校将另行通知报到时间和地点。';
    expect(keepPromises(text, '2026-08-10', 2026, 'X。')).toBe(text);
    expect(keepPromises(text, '2026-12-02', 2026, '具体日期以招生平台公布为准。')).toBe('具体日期以招生平台公布为准。录取学校将另行通知报到时间和地点。');
    expect(keepPromises('8月1日报名；8月10日公布。其他。', '2026-09-01', 2026, 'F。')).toBe('F。其他。');
  });

  it('lists the passed promises, which is all the day of printing changes', () => {
    const county = { year: 2026, nextSteps: '', resultsAnnouncement: '于 2026 年 8 月 10 日前公布。', supplementPlace: '', appealRoute: '', admissionBring: '', proxyAuthorization: '', privacy: { a: '' } };
    const data = { county, printedOn: '2026-09-01' } as never;
    expect(passedPromises(data, ['2026-06-06', '2026-09-01'])).toEqual(['2026-06-06', '2026-08-10']);
  });
});
