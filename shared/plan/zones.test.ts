import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePlan, type CountyPlan, type ZoneEntry } from './schema';
import { otherDivisionIn, zoneFromAddress, zonesNamedIn } from './zones';

const SAMPLE_PATH = '../../resources/plans/sample-county-2026.json';
const raw = ((await import(/* @vite-ignore */ SAMPLE_PATH)) as { default: unknown }).default;
const checked = validatePlan(raw);
if (!checked.ok) throw new Error('sample plan invalid');
/** 示例县（示例） of 示例市, 示例省. */
const sample = checked.plan;

const zone = (id: string, name: string, schoolId = 'p-chengguan'): ZoneEntry => ({ id, kind: 'street', name, street: '城关街道', schoolIds: [schoolId], level: 'primary' });
/** The sample's zones in a real-looking county, 山东省日照市东港区, with streets named after places. */
const donggang: CountyPlan = {
  ...sample,
  county: { code: '371102', name: '东港区', city: '日照市', province: '山东省' },
  zones: [...sample.zones, zone('zx1', '北京路'), zone('zx2', '杭州路'), zone('zx3', '福州南路')],
};
/** The same county in a plan that does not name its city and province (a migrated version-3 file). */
const { city: _c, province: _p, ...bareCounty } = donggang.county;
const unnamedParents: CountyPlan = { ...donggang, county: bareCounty };

const named = (p: CountyPlan, address: string) => zonesNamedIn(p, 'primary', address).map((z) => z.id);

describe('an address in another county is not matched to a zone of the plan', () => {
  it.each([
    // The defect: a street the county also has, in another province, city or county.
    ['河北省石家庄市长安区建设路12号', '河北省'],
    ['河北省石家庄市长安区胜利路 12 号', '河北省'],
    ['石家庄市长安区建设路12号', '石家庄市'],
    ['石家庄市建设路12号', '石家庄市'],
    ['长安区建设路12号', '长安区'],
    ['邻县城关镇建设路 5 号', '邻县'],
    ['莒县城关镇文化路 5 号', '莒县'],
    ['山东省日照市岚山区建设路 1 号', '岚山区'],
    ['日照市岚山区建设路 1 号', '岚山区'],
    ['山东省青岛市胶州市建设路 1 号', '青岛市'],
    ['胶州市建设路 1 号', '胶州市'],
    ['北京市朝阳区北京路 3 号', '北京市'],
    ['浙江省杭州市西湖区文三路 8 号', '浙江省'],
    ['杭州市西湖区文三路 8 号', '杭州市'],
    ['广西壮族自治区南宁市青秀区建设路 1 号', '广西壮族自治区'],
    ['内蒙古自治区锡林郭勒盟正蓝旗建设路 1 号', '内蒙古自治区'],
    ['锡林郭勒盟正蓝旗建设路 1 号', '锡林郭勒盟'],
    ['湖北省恩施土家族苗族自治州来凤县建设路', '湖北省'],
    ['恩施土家族苗族自治州来凤县建设路', '恩施土家族苗族自治州'],
    ['河北石家庄长安区建设路 12 号', '河北石家庄长安区'],
    ['河北省　石家庄市　长安区　建设路 12 号', '河北省'],
    ['青岛市市南区建设路 1 号', '青岛市'],
    ['市南区建设路 1 号', '市南区'],
    ['河东区建设路 1 号', '河东区'],
    ['哈尔滨市道里区建设路 1 号', '哈尔滨市'],
    ['镇江市京口区建设路 1 号', '镇江市'],
  ])('%s names %s: no zone', (address, division) => {
    expect(otherDivisionIn(donggang, address)).toBe(division);
    expect(named(donggang, address)).toEqual([]);
    expect(zoneFromAddress(donggang, 'primary1', address)).toBeUndefined();
  });

  it.each([
    ['山东省日照市东港区建设路 1 号', ['zp18', 'zp38']],
    ['山东日照东港区建设路 1 号', ['zp18', 'zp38']],
    ['山东省日照市建设路 1 号', ['zp18', 'zp38']],
    ['日照市建设路 1 号', ['zp18', 'zp38']],
    ['日照市东港区胜利路 1 号', ['zp37']],
    ['东港区胜利路 1 号', ['zp37']],
    ['本县胜利路 1 号', ['zp37']],
    ['本市东港区胜利路 1 号', ['zp37']],
    ['胜利路 1 号', ['zp37']],
    ['　山东省　日照市　东港区　胜利路　1 号', ['zp37']],
    ['东港区城区胜利路 1 号', ['zp37']],
    ['东港区经济开发区胜利路 1 号', ['zp37']],
    ['城区胜利路 1 号', ['zp37']],
    ['县城胜利路 1 号', ['zp37']],
    ['东港区县城胜利路 1 号', ['zp37']],
    ['老干部中心北区胜利路 1 号', ['zp37']],
    ['市场街胜利路 1 号', ['zp37']],
    // A street named after a place is the county's street.
    ['北京路 3 号', ['zx1']],
    ['东港区北京路 3 号', ['zx1']],
    ['杭州路 3 号', ['zx2']],
    ['福州南路 3 号', ['zx3']],
    // The plan's own places, whatever they end with.
    ['老县委宿舍 2 排', ['zp11']],
    ['县委家属院 2 排', ['zp11']],
    ['鼓楼居委会', ['zp04']],
  ])('%s: the county’s own, matched', (address, ids) => {
    expect(otherDivisionIn(donggang, address)).toBeUndefined();
    expect(named(donggang, address)).toEqual(ids);
  });

  it('the sample plan: its own county (with or without the annotation), city and province are its own', () => {
    for (const address of ['示例县文化路 12 号', '示例县（示例）文化路 12 号', '示例省示例市示例县文化路 12 号', '示例市文化路 12 号', '示例省文化路 12 号', '文化路 12 号']) {
      expect(zoneFromAddress(sample, 'primary1', address)?.id, address).toBe('zp05');
    }
    for (const address of ['河南省郑州市中原区文化路 1 号', '郑州市文化路 1 号', '中原区文化路 1 号', '河南省文化路 1 号']) {
      expect(zoneFromAddress(sample, 'primary1', address), address).toBeUndefined();
    }
  });

  it('a plan that does not name its city and province still refuses another county-level division; another city alone is undecided', () => {
    expect(named(unnamedParents, '河北省石家庄市长安区建设路12号')).toEqual([]);
    expect(named(unnamedParents, '山东省青岛市黄岛区建设路12号')).toEqual([]);
    expect(named(unnamedParents, '山东省日照市东港区建设路 1 号')).toEqual(['zp18', 'zp38']);
    expect(named(unnamedParents, '日照市建设路 1 号')).toEqual(['zp18', 'zp38']);
    // Without the plan's city, 石家庄市 could be it: matched as before.
    expect(named(unnamedParents, '石家庄市建设路 1 号')).toEqual(['zp18', 'zp38']);
  });
});

describe('the plan’s own places', () => {
  it('every zone name, alias and street, and every school address, is the county’s own, alone or behind the county', () => {
    for (const p of [sample, donggang, unnamedParents]) {
      // The school addresses are the sample's (示例县…), so only the sample's own.
      const schools = p === sample ? p.schools.map((s) => s.address) : [];
      const places = [...p.zones.flatMap((z) => [z.name, ...(z.aliases ?? []), ...(z.street ? [z.street] : [])]), ...schools];
      for (const place of places) {
        expect(otherDivisionIn(p, place), place).toBeUndefined();
        expect(otherDivisionIn(p, `${p.county.name}${place}`), place).toBeUndefined();
      }
    }
  });
});

// Generated addresses: every name and alias of the plan, behind divisions of the plan's own or another county.
const OWN_PREFIXES = ['', '东港区', '日照市东港区', '山东省日照市东港区', '山东日照东港区', '日照市', '山东省', '山东省日照市', '本县', '本区'];
const OTHER_PREFIXES = [
  '河北省石家庄市长安区', '石家庄市长安区', '长安区', '莒县', '邻县', '岚山区', '日照市岚山区', '山东省青岛市', '青岛市黄岛区', '胶州市', '北京市朝阳区',
  '浙江省杭州市西湖区', '河南省', '广西壮族自治区', '新疆维吾尔自治区乌鲁木齐市天山区', '锡林郭勒盟', '延边朝鲜族自治州', '河北石家庄长安区', '通州区', '杭州市',
];
const SPACES = ['', ' ', '　', '  '];
const zoneNames = donggang.zones.filter((z) => z.level === 'primary').flatMap((z) => [z.name, ...(z.aliases ?? [])]);
const spaced = (parts: string[], gaps: string[]) => parts.map((p, i) => `${gaps[i % gaps.length] ?? ''}${p}`).join('');

describe('generated addresses (property)', () => {
  it('a plan zone named after the plan’s own divisions (or none) is matched as if named alone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OWN_PREFIXES), fc.constantFrom(...zoneNames), fc.array(fc.constantFrom(...SPACES), { minLength: 1, maxLength: 3 }), (prefix, name, gaps) => {
        const address = spaced([prefix, name, '12 号'], gaps);
        expect(otherDivisionIn(donggang, address)).toBeUndefined();
        expect(named(donggang, address)).toEqual(named(donggang, `${name}12号`));
        expect(named(donggang, address).length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('no plan zone is matched behind another county’s divisions', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OTHER_PREFIXES), fc.constantFrom(...zoneNames), fc.array(fc.constantFrom(...SPACES), { minLength: 1, maxLength: 3 }), (prefix, name, gaps) => {
        const address = spaced([prefix, name, '12 号'], gaps);
        expect(otherDivisionIn(donggang, address)).toBeDefined();
        expect(named(donggang, address)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});
