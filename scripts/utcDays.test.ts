// A calendar day cut from `toISOString()` is the UTC day: from 00:00 to 08:00 in China it is yesterday. The county
// treated a report day that had passed in China as still to come (tracing) and cut retention and deadlines on the
// UTC day. Production code takes days from instants only through shared/chinaTime.ts (chinaDay, chinaMonth,
// chinaDayPlus, chinaMinute; calendarDayOf for dates that carry no time zone); this scan refuses the raw cut
// anywhere else in shared/, electron/, server/ and renderer/src.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calendarDayOf, chinaDay, chinaDayPlus, chinaMinute, chinaMonth } from '../shared/chinaTime';

const ROOT = join(import.meta.dirname, '..');
const SCANNED = ['shared', 'electron', 'server', 'renderer/src', 'tools'];
const SKIPPED = /\.test\.tsx?$|\/testing\/|\/migrations\/|\/node_modules\/|\/dist\/|^shared\/chinaTime\.ts$/;
const RAW_CUT = /toISOString\(\)\s*\.\s*(slice|substring|substr|split)\s*\(/;

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(rel);
    return /\.(ts|tsx|mjs)$/.test(e.name) && !SKIPPED.test(rel) ? [rel] : [];
  });
}

describe('calendar days are China days', () => {
  it('no production code cuts a day or month out of toISOString() (use shared/chinaTime.ts)', () => {
    const found = SCANNED.flatMap(files).flatMap((f) =>
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (RAW_CUT.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('the scan sees the pattern it refuses', () => {
    expect(RAW_CUT.test('const today = now.toISOString().slice(0, 10);')).toBe(true);
    expect(RAW_CUT.test("x.toISOString().split('T')[0]")).toBe(true);
    expect(RAW_CUT.test('chinaDay(now)')).toBe(false);
  });

  it('00:00–08:00 in China is already the next day', () => {
    expect(chinaDay('2026-09-01T15:59:59.999Z')).toBe('2026-09-01');
    expect(chinaDay(new Date('2026-09-01T16:00:00Z'))).toBe('2026-09-02');
    expect(chinaDay(Date.parse('2026-12-31T20:00:00Z'))).toBe('2027-01-01');
    expect(chinaMonth('2026-08-31T17:00:00Z')).toBe('2026-09');
    expect(chinaDayPlus('2026-02-27T18:00:00Z', 1)).toBe('2026-03-01');
    expect(chinaMinute('2026-09-01T06:30:00Z')).toBe('2026-09-01 14:30');
    expect(calendarDayOf(new Date(Date.UTC(2024, 4, 1)))).toBe('2024-05-01');
  });
});
