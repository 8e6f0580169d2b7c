import { afterEach, describe, expect, it } from 'vitest';
import samplePlan from '../../../resources/plans/sample-county-2026.json' with { type: 'json' };
import { countyMismatch, countyMismatchAtSetup } from '../../../shared/domain/county';
import { openTestDesk, setUpDesk, type TestDesk } from '../testing/desk';

// The counter's county (entered at set-up) against the county of the plan in force: said at set-up, on import
// and wherever the plan is shown (the 工作台 reads plans.getActive).

let desk: TestDesk | undefined;
afterEach(() => desk?.cleanup());

describe('county of the counter vs county of the plan', () => {
  it('the rule: silent when they agree, a message naming both codes when not', () => {
    const plan = { code: '379901', name: '示例县（示例）', sample: true };
    expect(countyMismatch('379901', plan)).toBeNull();
    expect(countyMismatch(null, plan)).toBeNull();
    expect(countyMismatch('371102', plan)).toMatch(/本窗口的县级行政区划代码是 371102，而当前招生方案是示例县（示例）（379901）的示例方案.*请导入本县的招生方案/);
    expect(countyMismatchAtSetup('3711', plan)).toBeNull(); // still typing
    expect(countyMismatchAtSetup('379901', plan)).toBeNull();
    expect(countyMismatchAtSetup(' 371102 ', plan)).toMatch(/379901.*371102 不一致/);
  });

  it('set-up sees the plan county before anyone signs in; the active plan and the plan list carry the warning; a plan of this county clears it', async () => {
    const d = await openTestDesk();
    desk = d;
    expect((await d.call('system.getStatus', {})).planCounty).toEqual({ code: '379901', name: '示例县（示例）', sample: true });
    await setUpDesk(d); // county code 371102
    const active = await d.call('plans.getActive', {});
    expect(active.info.countyMismatch).toMatch(/371102.*379901/);
    expect((await d.call('plans.list', {}))[0]?.countyMismatch).toMatch(/371102/);

    const other = { ...samplePlan, planId: 'other-379902-2026', county: { code: '379902', name: '另一示例县（示例）' } };
    const imported = await d.call('plans.import', { json: JSON.stringify(other) });
    expect(imported.countyMismatch).toMatch(/371102.*另一示例县（示例）（379902）/);

    const own = { ...samplePlan, planId: 'dg-371102-2026', sample: false, county: { code: '371102', name: '东港区' } };
    const ok = await d.call('plans.import', { json: JSON.stringify(own) });
    expect(ok.countyMismatch).toBeNull();
    expect((await d.call('plans.getActive', {})).info.countyMismatch).toBeNull();
    expect((await d.call('system.getStatus', {})).planCounty).toEqual({ code: '371102', name: '东港区', sample: false });
  });
});
