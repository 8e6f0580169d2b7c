import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDesk, openPlannedDesk } from '../testing/desk';
import type { CountyPlan } from '../../../shared/plan/schema';
import { pdfText } from '../testing/pdfTools';

// 一次性告知 on a real desk: the active sample plan, pdfmake, the fake printer, the audit log.

let desk: TestDesk;
let plan: CountyPlan;

beforeEach(async () => {
  ({ desk, plan } = await openPlannedDesk());
});
afterEach(() => desk.cleanup());

const squash = (s: string) => s.replace(/\s+/g, '');
const answers = { hukouHere: true, ownHome: true, residencePermit: false, proxy: false };
const where = { idleLockMinutes: 10, counterAddress: '示例县政务服务中心二楼 12 号窗口', counterHours: '工作日 8:30-12:00，14:00-17:30' };

describe('一次性告知', () => {
  it('refuses to print until the counter address and hours are set', async () => {
    const e = await desk.fail('onceNotice.render', answers);
    expect(e.code).toBe('COUNTER_ADDRESS_MISSING');
    expect(e.message).toMatch(/系统设置/);
  });

  it('lists exactly the likely type’s materials with the necessity notes, the counter and the window', async () => {
    await desk.call('settings.update', where);
    const r = await desk.call('onceNotice.render', answers);
    expect(r.type).toBe('house_hukou');
    const expected = plan.materials.filter((m) => m.appliesTo.includes('house_hukou') && m.condition === undefined);
    expect(r.materials.map((m) => m.name)).toEqual(expected.map((m) => m.name));
    const text = squash(pdfText(Buffer.from(r.pdfBase64, 'base64')));
    for (const m of expected) {
      expect(text).toContain(squash(m.name));
      expect(text).toContain(squash(m.reason).slice(0, 12));
    }
    const others = plan.materials.filter((m) => !m.appliesTo.includes('house_hukou'));
    expect(others.length).toBeGreaterThan(0);
    for (const m of others) if (!expected.some((e) => e.name === m.name)) expect(text).not.toContain(`${squash(m.name)}（`);
    expect(text).toContain(squash(where.counterAddress));
    expect(text).toContain(squash(where.counterHours));
    const [y, mo, d] = plan.registrationWindow.end.split('-').map(Number);
    expect(text).toContain(`${y}年${mo}月${d}日`);

    // A migrant family gets the migrant list instead.
    const migrant = await desk.call('onceNotice.render', { hukouHere: false, ownHome: false, residencePermit: true, proxy: false });
    expect(migrant.type).toBe('migrant');
    expect(migrant.materials.map((m) => m.name)).toEqual(plan.materials.filter((m) => m.appliesTo.includes('migrant') && m.condition === undefined).map((m) => m.name));
    expect(migrant.materials).not.toEqual(r.materials);
  });

  it('prints to the default printer and audits the answers and the type', async () => {
    await desk.call('settings.update', where);
    const p = await desk.call('onceNotice.print', answers);
    const files = desk.ports.printer.files();
    expect(files).toHaveLength(1);
    expect(squash(pdfText(readFileSync(files[0]!)))).toContain('一次性告知');
    const audit = await desk.call('audit.list', {});
    const entry = audit.find((a) => a.action === 'onceNotice.printed');
    expect(entry?.details).toMatchObject({ type: 'house_hukou', printer: p.printer, hukouHere: true });
  });
});
