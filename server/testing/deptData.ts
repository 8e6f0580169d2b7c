import { checkDigit } from '../../shared/domain/idNumber';
import { type Rng, rng } from './random';

// Synthetic department extracts of the sample county (379901, 示例县): the files in resources/dept-samples/
// (scripts/dept-samples.ts writes them), the tests' and the bench's. Every person here is made up.

export const SAMPLE_AREA = '379901';

export function makeId(area: string, birth: string, seq: number): string {
  const first17 = `${area}${birth.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

export interface Person {
  id: string;
  name: string;
  sex: 'M' | 'F';
  birth: string;
}
const person = (name: string, sex: 'M' | 'F', birth: string, seq: number): Person => ({ id: makeId(SAMPLE_AREA, birth, sex === 'M' ? seq * 2 + 1 : seq * 2), name, sex, birth });

/** The families of the walkthrough (README "Department data"): each shows one outcome. */
export const sampleFamilies = {
  // 房户一致, everything verified.
  zhang: { child: person('张小明', 'M', '2019-10-05', 1), father: person('张伟', 'M', '1988-03-12', 2), mother: person('李娜', 'F', '1990-07-21', 3) },
  // Hukou moved in after the plan's cut-off (2026-05-31): 户口簿 不一致.
  wang: { child: person('王芳芳', 'F', '2020-01-15', 4), father: person('王强', 'M', '1987-09-30', 5), mother: person('赵敏', 'F', '1989-02-14', 6) },
  // The property is the grandfather's: 不动产 不一致 when the application names the father as owner.
  liu: { child: person('刘洋', 'M', '2019-11-20', 7), father: person('刘军', 'M', '1986-12-01', 8), mother: person('陈静', 'F', '1988-05-05', 9), grandfather: person('刘建国', 'M', '1958-04-18', 10) },
  // Migrant family: residence permit, social insurance broken 2025-03 to 2025-05, a business licence, a rental record.
  aygl: { child: person('阿依古丽·买买提', 'F', '2019-09-09', 11), father: person('买买提·吐尔逊', 'M', '1985-08-08', 12), mother: person('古丽娜尔·艾力', 'F', '1987-10-10', 13) },
  // A rare character (U+20BB7) kept exactly; home bought by contract (网签).
  ji: { child: person('𠮷思远', 'M', '2019-12-01', 14), father: person('𠮷国华', 'M', '1989-01-20', 15), mother: person('孙丽', 'F', '1990-03-03', 16) },
};

const TOWNSHIPS = ['城关街道', '东城街道', '西湖街道', '南苑街道', '北山镇'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['子涵', '浩然', '欣怡', '梓萱', '宇轩', '一诺', '思雨', '俊杰', '雨桐', '明轩', '佳怡', '晨阳', '诗涵', '博文', '可馨', '天佑'];

function date(r: Rng, fromYear: number, toYear: number): string {
  const y = fromYear + r.int(toYear - fromYear + 1);
  const m = 1 + r.int(12);
  const d = 1 + r.int(28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const HUKOU_HEADER = ['公民身份号码', '姓名', '性别', '出生日期', '户号', '与户主关系', '迁入日期', '户籍地行政区划', '乡镇（街道）', '户籍地址', '父亲公民身份号码', '母亲公民身份号码'];

/** Households of three (two parents, a child of 0–15), like a 户籍 extract: `rows` lines after the header. */
export function* hukouLines(rows: number, seed = 1): Generator<string> {
  const r = rng(seed);
  yield csvLine(HUKOU_HEADER);
  let n = 0;
  let household = 100000;
  while (n < rows) {
    household++;
    const surname = r.pick(SURNAMES);
    const township = r.pick(TOWNSHIPS);
    const address = `示例县${township}示例路 ${1 + r.int(300)} 号`;
    const father = { id: makeId(SAMPLE_AREA, date(r, 1975, 1995), r.int(500) * 2 + 1), name: surname + r.pick(GIVEN) };
    const mother = { id: makeId(SAMPLE_AREA, date(r, 1977, 1997), r.int(500) * 2), name: r.pick(SURNAMES) + r.pick(GIVEN) };
    const childBirth = date(r, 2011, 2025);
    const child = { id: makeId(SAMPLE_AREA, childBirth, r.int(1000)), name: surname + r.pick(GIVEN) };
    const moveIn = date(r, 2005, 2025);
    const hh = `H${household}`;
    const line = (p: { id: string; name: string }, rel: string, f = '', m = '') =>
      csvLine([p.id, p.name, Number(p.id[16]) % 2 === 1 ? '男' : '女', `${p.id.slice(6, 10)}-${p.id.slice(10, 12)}-${p.id.slice(12, 14)}`, hh, rel, moveIn, SAMPLE_AREA, township, address, f, m]);
    yield line(father, '户主');
    if (++n >= rows) return;
    yield line(mother, '配偶');
    if (++n >= rows) return;
    yield line(child, Number(child.id[16]) % 2 === 1 ? '子' : '女', father.id, mother.id);
    n++;
  }
}

export interface SampleFile {
  name: string;
  /** CSV text (written as UTF-8 unless `gbk`) or rows for an XLSX sheet. */
  csv?: string;
  gbk?: boolean;
  xlsx?: (string | Date)[][];
}

const hukouRow = (p: Person, hh: string, rel: string, moveIn: string, township: string, address: string, father?: Person, mother?: Person) => [
  p.id,
  p.name,
  p.sex === 'M' ? '男' : '女',
  p.birth,
  hh,
  rel,
  moveIn,
  SAMPLE_AREA,
  township,
  address,
  father?.id ?? '',
  mother?.id ?? '',
];

/** The sample county's extracts (示例): one file per source, the 户籍 one GBK-encoded as old systems write it. */
export function sampleExtracts(): SampleFile[] {
  const { zhang, wang, liu, aygl, ji } = sampleFamilies;
  const r = rng(2026);
  const hukou: string[][] = [
    hukouRow(zhang.father, 'H200001', '户主', '2015-06-01', '城关街道', '示例县城关街道书香苑 3 号楼 501'),
    hukouRow(zhang.mother, 'H200001', '配偶', '2015-06-01', '城关街道', '示例县城关街道书香苑 3 号楼 501'),
    hukouRow(zhang.child, 'H200001', '子', '2019-10-20', '城关街道', '示例县城关街道书香苑 3 号楼 501', zhang.father, zhang.mother),
    hukouRow(wang.father, 'H200002', '户主', '2026-08-02', '东城街道', '示例县东城街道阳光小区 8 号楼 202'),
    hukouRow(wang.mother, 'H200002', '配偶', '2026-08-02', '东城街道', '示例县东城街道阳光小区 8 号楼 202'),
    hukouRow(wang.child, 'H200002', '女', '2026-08-02', '东城街道', '示例县东城街道阳光小区 8 号楼 202', wang.father, wang.mother),
    hukouRow(liu.grandfather, 'H200003', '户主', '1990-01-01', '西湖街道', '示例县西湖街道棉纺厂宿舍 2 号楼 101'),
    hukouRow(liu.father, 'H200003', '子', '1990-01-01', '西湖街道', '示例县西湖街道棉纺厂宿舍 2 号楼 101'),
    hukouRow(liu.mother, 'H200003', '儿媳', '2016-05-01', '西湖街道', '示例县西湖街道棉纺厂宿舍 2 号楼 101'),
    hukouRow(liu.child, 'H200003', '孙子', '2019-12-05', '西湖街道', '示例县西湖街道棉纺厂宿舍 2 号楼 101', liu.father, liu.mother),
    hukouRow(ji.father, 'H200004', '户主', '2017-03-01', '南苑街道', '示例县南苑街道翰林苑 6 号楼 1203'),
    hukouRow(ji.mother, 'H200004', '配偶', '2017-03-01', '南苑街道', '示例县南苑街道翰林苑 6 号楼 1203'),
    hukouRow(ji.child, 'H200004', '子', '2019-12-20', '南苑街道', '示例县南苑街道翰林苑 6 号楼 1203', ji.father, ji.mother),
  ];
  // School-age children of other households, some of whom never apply (the tracing worklist).
  const cohort: string[][] = [];
  for (let i = 0; i < 24; i++) {
    const township = TOWNSHIPS[i % TOWNSHIPS.length]!;
    const surname = SURNAMES[i % SURNAMES.length]!;
    const f = person(surname + GIVEN[i % GIVEN.length]!, 'M', date(r, 1984, 1992), 40 + i);
    const m = person(SURNAMES[(i + 7) % SURNAMES.length]! + GIVEN[(i + 3) % GIVEN.length]!, 'F', date(r, 1986, 1994), 40 + i);
    const c = person(surname + GIVEN[(i + 5) % GIVEN.length]!, i % 2 === 0 ? 'M' : 'F', date(r, 2019, 2019).replace(/^2019-0[1-8]/, '2019-09'), 80 + i);
    const hh = `H3${String(i).padStart(5, '0')}`;
    const address = `示例县${township}示例路 ${10 + i} 号`;
    hukou.push(hukouRow(f, hh, '户主', '2012-01-01', township, address), hukouRow(m, hh, '配偶', '2012-01-01', township, address), hukouRow(c, hh, c.sex === 'M' ? '子' : '女', c.birth, township, address, f, m));
    cohort.push([c.id, c.name, c.sex === 'M' ? '男' : '女', c.birth, township, address, f.name, `1390633${String(1000 + i)}`]);
  }
  for (const [fam, township, address] of [
    [zhang, '城关街道', '示例县城关街道书香苑 3 号楼 501'],
    [wang, '东城街道', '示例县东城街道阳光小区 8 号楼 202'],
    [liu, '西湖街道', '示例县西湖街道棉纺厂宿舍 2 号楼 101'],
    [ji, '南苑街道', '示例县南苑街道翰林苑 6 号楼 1203'],
  ] as const) {
    const c = fam.child;
    cohort.push([c.id, c.name, c.sex === 'M' ? '男' : '女', c.birth, township, address, fam.father.name, '13906330001']);
  }
  const months = (from: string, to: string, skip: readonly string[] = []) => {
    const out: string[] = [];
    for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5)); `${y}-${String(m).padStart(2, '0')}` <= to; m === 12 ? ((m = 1), y++) : m++) {
      const ym = `${y}-${String(m).padStart(2, '0')}`;
      if (!skip.includes(ym)) out.push(ym);
    }
    return out;
  };
  const insurance = months('2022-01', '2026-08', ['2025-03', '2025-04', '2025-05']).map((ym) => [aygl.father.id, aygl.father.name, ym.replace('-', ''), '示例县某建筑公司（示例）']);
  const csv = (header: string[], rows: string[][]) => [csvLine(header), ...rows.map(csvLine)].join('\r\n') + '\r\n';
  return [
    { name: '示例-公安-常住人口.csv', gbk: true, csv: csv(HUKOU_HEADER, hukou) },
    {
      name: '示例-公安-居住证.csv',
      csv: csv(['公民身份号码', '姓名', '居住证编号', '签发日期', '有效期至', '居住地址'], [
        [aygl.father.id, aygl.father.name, 'JZZ3799012021000123', '2021-03-01', '2027-02-28', '示例县南苑街道南关社区'],
        [aygl.mother.id, aygl.mother.name, 'JZZ3799012021000124', '2021-03-01', '2027-02-28', '示例县南苑街道南关社区'],
      ]),
    },
    {
      name: '示例-自然资源-不动产登记.xlsx',
      xlsx: [
        ['不动产权证号', '权利人', '权利人证件号', '登记日期', '坐落', '共有情况'],
        ['示例县不动产权第0001001号', zhang.father.name, zhang.father.id, new Date(Date.UTC(2018, 5, 1)), '示例县城关街道书香苑 3 号楼 501', '共同共有'],
        ['示例县不动产权第0001001号', zhang.mother.name, zhang.mother.id, new Date(Date.UTC(2018, 5, 1)), '示例县城关街道书香苑 3 号楼 501', '共同共有'],
        ['示例县不动产权第0002002号', wang.father.name, wang.father.id, '2019/4/18', '示例县东城街道阳光小区 8 号楼 202', '单独所有'],
        ['示例县不动产权第0003003号', liu.grandfather.name, liu.grandfather.id, '1998年7月1日', '示例县西湖街道棉纺厂宿舍 2 号楼 101', '单独所有'],
      ],
    },
    { name: '示例-住建-网签合同.csv', csv: csv(['合同编号', '买受人', '买受人证件号', '网签日期', '房屋坐落'], [['WQ2021-000451', ji.father.name, ji.father.id, '2021-04-01', '示例县南苑街道翰林苑 6 号楼 1203']]) },
    { name: '示例-住建-租赁备案.csv', csv: csv(['备案编号', '承租人', '承租人证件号', '租赁起始日期', '租赁截止日期', '房屋坐落'], [['ZL2024-00077', aygl.father.name, aygl.father.id, '2024-03-01', '2027-02-28', '示例县南苑街道南关社区 5 号']]) },
    { name: '示例-人社-社保缴纳.csv', csv: csv(['公民身份号码', '姓名', '费款所属期', '参保单位'], insurance) },
    { name: '示例-市场监管-营业执照.csv', csv: csv(['统一社会信用代码', '经营者', '经营者身份证号', '成立日期', '登记状态', '经营场所'], [['92379901MA3C0001X5', aygl.mother.name, aygl.mother.id, '2023-05-10', '存续', '示例县南苑街道南环路 18 号']]) },
    {
      name: '示例-卫健-出生医学证明.csv',
      csv: csv(['出生医学证明编号', '新生儿姓名', '性别', '出生日期', '母亲姓名', '母亲身份证号', '父亲姓名', '父亲身份证号'], [
        ['P370000001', zhang.child.name, '男', zhang.child.birth, zhang.mother.name, zhang.mother.id, zhang.father.name, zhang.father.id],
        ['P370000002', wang.child.name, '女', wang.child.birth, wang.mother.name, wang.mother.id, wang.father.name, wang.father.id],
        ['P370000003', liu.child.name, '男', liu.child.birth, liu.mother.name, liu.mother.id, liu.father.name, liu.father.id],
        ['P370000004', ji.child.name, '男', ji.child.birth, ji.mother.name, ji.mother.id, ji.father.name, ji.father.id],
        ['Q650000005', aygl.child.name, '女', aygl.child.birth, aygl.mother.name, aygl.mother.id, aygl.father.name, aygl.father.id],
      ]),
    },
    { name: '示例-民政-婚姻登记.csv', csv: csv(['男方姓名', '男方身份证号', '女方姓名', '女方身份证号', '登记类型', '登记日期'], [[zhang.father.name, zhang.father.id, zhang.mother.name, zhang.mother.id, '结婚', '2014-10-01']]) },
    { name: '示例-公安-适龄儿童名单.csv', csv: csv(['公民身份号码', '姓名', '性别', '出生日期', '乡镇（街道）', '户籍地址', '监护人姓名', '监护人电话'], cohort) },
  ];
}
