// Synthetic scanned pages for measuring recognition honestly (tests use a few, the bench many): invented people
// with valid ID numbers, laid out like the printed forms (户口簿 户主页 and 常住人口登记卡, 不动产权证书 as an open
// spread, 居住证), rendered to PDF with the desk's fonts, rasterised by pdftoppm and then photographed badly:
// rotation, blur, noise, uneven light and JPEG artefacts. Every page carries the values a reader should find.
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import sharp from 'sharp';
import type { OcrDocumentKind, SuggestionField } from '../../../shared/contract/cardReader';
import { checkDigit } from '../../../shared/domain/idNumber';
import { pdfPngs } from './pdfTools';
import { renderPdf } from '../services/printing/render';

export interface TestPage {
  kind: OcrDocumentKind;
  layout: 'hukou_card' | 'hukou_head' | 'hukou_spread' | 'property' | 'residence_permit';
  /** JPEG as a camera or scanner would deliver it. */
  image: Buffer;
  truth: Partial<Record<SuggestionField, string>>;
  /** A page holding several people's cards: each person's values, left to right (page-wide values stay in truth). */
  persons?: Array<Partial<Record<SuggestionField, string>>>;
  seed: number;
}

/** Small deterministic PRNG (mulberry32): the same seed gives the same page. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志强海波俊峰子涵浩然宇轩欣怡梓萱一诺思源雨桐佳琪晨阳博文嘉怡诗涵子墨若汐';
const REGIONS = [
  ['371102', '山东省日照市东港区'], ['371103', '山东省日照市岚山区'], ['371121', '山东省日照市五莲县'], ['370102', '山东省济南市历下区'],
  ['370203', '山东省青岛市市北区'], ['110105', '北京市朝阳区'], ['310115', '上海市浦东新区'], ['440106', '广东省广州市天河区'],
  ['510107', '四川省成都市武侯区'], ['320106', '江苏省南京市鼓楼区'], ['330106', '浙江省杭州市西湖区'], ['420106', '湖北省武汉市武昌区'],
] as const;
const ROADS = ['海曲东路', '日照北路', '泰安路', '烟台路', '威海路', '兴业路', '迎宾路', '望海路', '北京路', '正阳路', '学苑路', '青岛路'];
const COMPOUNDS = ['锦绣小区', '阳光花园', '金海岸小区', '书香苑', '春晖家园', '碧海名居', '东方明珠小区', '城市花园'];
const RELATIONS = ['户主', '妻', '夫', '长子', '长女', '次子', '次女', '子', '女', '孙子', '孙女', '母亲', '父亲'];

interface Person {
  name: string;
  sex: '男' | '女';
  birth: [number, number, number];
  id: string;
  region: (typeof REGIONS)[number];
  address: string;
}

function person(r: () => number, minYear = 1975, maxYear = 2020): Person {
  const given = Array.from({ length: int(r, 1, 2) }, () => pick(r, [...GIVEN])).join('');
  const name = pick(r, [...SURNAMES]) + given;
  const birth: [number, number, number] = [int(r, minYear, maxYear), int(r, 1, 12), int(r, 1, 28)];
  const region = pick(r, REGIONS);
  const seq = int(r, 0, 999);
  const first17 = `${region[0]}${birth[0]}${pad(birth[1])}${pad(birth[2])}${pad(seq, 3)}`;
  return {
    name,
    sex: seq % 2 === 1 ? '男' : '女',
    birth,
    id: first17 + checkDigit(first17),
    region,
    address: `${region[1]}${pick(r, ROADS)}${int(r, 1, 399)}号${pick(r, COMPOUNDS)}${int(r, 1, 30)}号楼${int(r, 1, 4)}单元${int(r, 1, 18)}0${int(r, 1, 4)}室`,
  };
}

const iso = ([y, m, d]: [number, number, number]) => `${y}-${pad(m)}-${pad(d)}`;
const cn = ([y, m, d]: [number, number, number]) => `${y}年${pad(m)}月${pad(d)}日`;
const dotted = ([y, m, d]: [number, number, number]) => `${y}.${pad(m)}.${pad(d)}`;
const date = (r: () => number, y0: number, y1: number): [number, number, number] => [int(r, y0, y1), int(r, 1, 12), int(r, 1, 28)];

const MM = 72 / 25.4;
const cell = (text: string, opts: Record<string, unknown> = {}): Content => ({ text, margin: [2, 4, 2, 4], ...opts });
const label = (text: string): Content => cell(text, { fontSize: 7.5, alignment: 'center' });
const value = (text: string): Content => cell(text, { fontSize: 9 });
const span = (text: string, n: number): Content => ({ ...(value(text) as object), colSpan: n }) as unknown as Content;

/** What a test may fix on a page instead of drawing it: a name with a rare character, say. */
export interface PageOptions {
  name?: string;
}

/** One person's 常住人口登记卡 as printed (a page of the booklet). */
export interface CardPerson {
  name: string;
  sex: '男' | '女';
  /** YYYY-MM-DD. */
  birthDate: string;
  idNumber: string;
  /** 户主 or the relation to the householder (长子, 妻…). */
  relation: string;
  /** YYYY-MM-DD, printed in 何时由何地迁来本址. */
  moveIn: string;
  /** Where the person moved in from, and the birthplace (a county's full name). */
  from: string;
  birthPlace: string;
  /** YYYY-MM-DD, the card's 登记日期. */
  registered: string;
}

const ymd = (isoDate: string): [number, number, number] => isoDate.split('-').map(Number) as [number, number, number];

function cardContent(p: CardPerson): Content[] {
  return [
    { text: '常住人口登记卡', fontSize: 15, alignment: 'center', margin: [0, 0, 0, 8], characterSpacing: 3 },
    {
      table: {
        widths: [40, '*', 40, 66],
        body: [
          [label('姓名'), value(p.name), label('户主或与户主关系'), value(p.relation)],
          [label('曾用名'), value(''), label('性别'), value(p.sex)],
          [label('出生地'), value(p.birthPlace), label('民族'), value('汉')],
          [label('籍贯'), value(p.birthPlace.slice(0, 3)), label('出生日期'), value(cn(ymd(p.birthDate)))],
          [label('本市（县）其他住址'), span('', 3), '', ''],
          [label('宗教信仰'), value(''), label('身高'), value('')],
          [label('公民身份证件编号'), value(p.idNumber), label('血型'), value('')],
          [label('文化程度'), value(''), label('婚姻状况'), value(p.relation === '户主' || p.relation === '妻' || p.relation === '夫' ? '已婚' : '未婚')],
          [label('服务处所'), value(''), label('职业'), value('')],
          [label('何时由何地迁来本市（县）'), span('', 3), '', ''],
          [label('何时由何地迁来本址'), span(`${cn(ymd(p.moveIn))} 由${p.from}迁来`, 3), '', ''],
        ],
      },
      layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6 },
    },
    { columns: [{ text: '承办人签章：', fontSize: 9 }, { text: `登记日期：${cn(ymd(p.registered))}`, fontSize: 9, alignment: 'right' }], margin: [0, 10, 0, 0] },
  ];
}

const truthOf = (p: CardPerson): TestPage['truth'] => ({ name: p.name, idNumber: p.idNumber, birthDate: p.birthDate, relation: p.relation, moveInDate: p.moveIn });

function cardPerson(r: () => number, relation: string | null, years: [number, number], o: PageOptions = {}): CardPerson {
  const p = { ...person(r, years[0], years[1]), ...(o.name ? { name: o.name } : {}) };
  const rel = relation ?? pick(r, RELATIONS.slice(3, 11));
  const moveIn = date(r, p.birth[0], 2025);
  const from = pick(r, REGIONS)[1];
  return { name: p.name, sex: p.sex, birthDate: iso(p.birth), idNumber: p.id, relation: rel, moveIn: iso(moveIn), from, birthPlace: p.region[1], registered: iso(date(r, 2015, 2025)) };
}

function hukouCard(r: () => number, o: PageOptions = {}): { doc: TDocumentDefinitions; truth: TestPage['truth'] } {
  const p = cardPerson(r, null, [2012, 2021], o);
  const doc: TDocumentDefinitions = {
    pageSize: { width: 105 * MM, height: 150 * MM },
    pageMargins: [6 * MM, 8 * MM, 6 * MM, 6 * MM],
    defaultStyle: { font: 'DeskSans', fontSize: 9 },
    content: cardContent(p),
  };
  return { doc, truth: truthOf(p) };
}

/** The booklet opened flat on the scanner: two 登记卡 side by side, one person each. */
function spreadDoc(people: readonly CardPerson[]): TDocumentDefinitions {
  return {
    pageSize: { width: 210 * MM, height: 150 * MM },
    pageMargins: [6 * MM, 8 * MM, 6 * MM, 6 * MM],
    defaultStyle: { font: 'DeskSans', fontSize: 9 },
    content: { columns: people.map((p) => ({ width: '*', stack: cardContent(p) })), columnGap: 12 * MM },
  };
}

/** A spread of the householder's card and a school-age child's (长子, 长女…), left to right. */
function hukouSpread(r: () => number): { doc: TDocumentDefinitions; truth: TestPage['truth']; persons: Array<TestPage['truth']> } {
  const head = cardPerson(r, '户主', [1975, 1995]);
  const child = cardPerson(r, null, [2012, 2021]);
  return { doc: spreadDoc([head, child]), truth: {}, persons: [truthOf(head), truthOf(child)] };
}

function hukouHead(r: () => number): { doc: TDocumentDefinitions; truth: TestPage['truth'] } {
  const p = person(r, 1970, 1995);
  const doc: TDocumentDefinitions = {
    pageSize: { width: 105 * MM, height: 150 * MM },
    pageMargins: [6 * MM, 10 * MM, 6 * MM, 6 * MM],
    defaultStyle: { font: 'DeskSans', fontSize: 9 },
    content: [
      { text: '居民户口簿', fontSize: 16, alignment: 'center', margin: [0, 0, 0, 10], characterSpacing: 4 },
      {
        table: {
          widths: [40, '*', 34, '*'],
          body: [
            [label('户别'), value('家庭户'), label('户主姓名'), value(p.name)],
            [label('户号'), span(String(int(r, 10000000, 99999999)), 3), '', ''],
            [label('住址'), span(p.address, 3), '', ''],
          ],
        },
        layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6 },
      },
      { text: `${p.region[1].replace(/区$|县$/, '')}公安局`, margin: [0, 30, 0, 0], alignment: 'right' },
      { text: `承办人签章：        ${cn(date(r, 2010, 2025))}`, alignment: 'right', margin: [0, 8, 0, 0] },
    ],
  };
  return { doc, truth: { address: p.address } };
}

function property(r: () => number, o: PageOptions = {}): { doc: TDocumentDefinitions; truth: TestPage['truth'] } {
  const p = { ...person(r, 1965, 1995), ...(o.name ? { name: o.name } : {}) };
  const registered = date(r, 2010, 2025);
  const province = pick(r, ['鲁', '京', '沪', '粤', '苏', '浙']);
  // Drawn in the order the page used to draw them, so a seed gives the same page as before.
  const place = pick(r, ['日照市', '东港区', '市辖区']);
  const serial = pad(int(r, 1, 9999999), 7);
  const doc: TDocumentDefinitions = {
    pageSize: { width: 297 * MM, height: 210 * MM },
    pageMargins: [12 * MM, 14 * MM, 12 * MM, 10 * MM],
    defaultStyle: { font: 'DeskSans', fontSize: 10 },
    content: {
      columns: [
        {
          width: '45%',
          stack: [
            { text: '中华人民共和国', fontSize: 13, alignment: 'center', margin: [0, 20, 0, 4] },
            { text: '不动产权证书', fontSize: 20, alignment: 'center', margin: [0, 0, 0, 18], characterSpacing: 4 },
            {
              text: '根据《中华人民共和国民法典》等法律法规，为保护不动产权利人合法权益，对不动产权利人申请登记的本证所列不动产权利，经审查核实，准予登记，颁发此证。',
              fontSize: 10,
              lineHeight: 1.5,
              margin: [10, 0, 10, 30],
            },
            { text: '登记机构（章）', alignment: 'right', margin: [0, 0, 30, 8] },
            { text: cn(registered), alignment: 'right', margin: [0, 0, 30, 0] },
          ],
        },
        { width: '5%', text: '' },
        {
          width: '50%',
          stack: [
            { text: `${province}（${registered[0]}）${place}不动产权第${serial}号`, margin: [0, 0, 0, 8] },
            {
              table: {
                widths: [70, '*'],
                body: [
                  [label('权利人'), value(p.name)],
                  [label('共有情况'), value('单独所有')],
                  [label('坐落'), value(p.address)],
                  [label('不动产单元号'), value(`${p.region[0]}${pad(int(r, 1, 999), 3)}${pad(int(r, 1, 999), 3)}GB${pad(int(r, 1, 99999), 5)}F${pad(int(r, 1, 99999999), 8)}`)],
                  [label('权利类型'), value('国有建设用地使用权/房屋所有权')],
                  [label('权利性质'), value('出让/市场化商品房')],
                  [label('用途'), value('城镇住宅用地/住宅')],
                  [label('面积'), value(`共有宗地面积${int(r, 5000, 60000)}.${int(r, 10, 99)}㎡/房屋建筑面积${int(r, 50, 180)}.${int(r, 10, 99)}㎡`)],
                  [label('使用期限'), value(`国有建设用地使用权 ${registered[0] - int(r, 0, 5)}年至${registered[0] + 65}年`)],
                  [label('权利其他状况'), value(`房屋结构：钢筋混凝土结构\n专有建筑面积：${int(r, 50, 150)}.${int(r, 10, 99)}㎡`)],
                ],
              },
              layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6 },
            },
          ],
        },
      ],
    },
  };
  return { doc, truth: { owner: p.name, address: p.address, registrationDate: iso(registered), certificateNumber: `${province}(${registered[0]})${place}不动产权第${serial}号` } };
}

function residencePermit(r: () => number, o: PageOptions = {}): { doc: TDocumentDefinitions; truth: TestPage['truth'] } {
  const p = { ...person(r, 1970, 2000), ...(o.name ? { name: o.name } : {}) };
  const from = date(r, 2019, 2025);
  const to: [number, number, number] = [from[0] + 1, from[1], from[2]];
  const row = (l: string, v: string): Content => ({ columns: [{ text: l, width: 40, fontSize: 7, color: '#2a5d8f' }, { text: v, fontSize: 8.5 }], margin: [0, 0, 0, 2.5] });
  const doc: TDocumentDefinitions = {
    pageSize: { width: 85.6 * MM, height: 54 * MM },
    pageMargins: [5 * MM, 3 * MM, 5 * MM, 2 * MM],
    defaultStyle: { font: 'DeskSans' },
    content: [
      { text: `${p.region[1].slice(0, 3)}居住证`, fontSize: 10, alignment: 'center', margin: [0, 0, 0, 3] },
      row('姓名', p.name),
      row('性别', `${p.sex}      民族  汉`),
      row('出生', cn(p.birth)),
      row('住址', p.address.slice(0, 22)),
      row('公民身份号码', p.id),
      row('有效期限', `${dotted(from)}-${dotted(to)}`),
    ],
  };
  return { doc, truth: { name: p.name, idNumber: p.id, validFrom: iso(from), validTo: iso(to) } };
}

type Builder = (r: () => number, o?: PageOptions) => { doc: TDocumentDefinitions; truth: TestPage['truth']; persons?: Array<TestPage['truth']> };
const BUILDERS: Record<TestPage['layout'], Builder> = { hukou_card: hukouCard, hukou_head: hukouHead, hukou_spread: hukouSpread, property, residence_permit: residencePermit };
const KIND: Record<TestPage['layout'], OcrDocumentKind> = {
  hukou_card: 'hukou_booklet',
  hukou_head: 'hukou_booklet',
  hukou_spread: 'hukou_booklet',
  property: 'property_certificate',
  residence_permit: 'residence_permit',
};

/** A page photographed the way counters do: slightly turned, a little soft, noisy, unevenly lit, JPEG. */
async function degrade(png: Buffer, r: () => number): Promise<Buffer> {
  const angle = (r() * 2 - 1) * 3;
  const base = sharp(png).flatten({ background: '#ffffff' }).rotate(angle, { background: { r: 236, g: 236, b: 230 } });
  const { data, info } = await base.blur(0.4 + r() * 0.8).raw().toBuffer({ resolveWithObject: true });
  const noise = 6 + r() * 10;
  const light = 0.8 + r() * 0.2;
  // Sensor noise from a seeded tile (509 px, so its repeats do not line up with text rows or table lines).
  const TILE = 509;
  const tile = new Float32Array(TILE * TILE);
  for (let i = 0; i < tile.length; i++) tile[i] = (r() + r() + r() - 1.5) * noise;
  const out = Buffer.alloc(data.length);
  const ch = info.channels;
  for (let y = 0; y < info.height; y++) {
    const shade = light + (1 - light) * (y / info.height);
    const row = (y % TILE) * TILE;
    for (let x = 0; x < info.width; x++) {
      const g = tile[row + (x % TILE)] ?? 0;
      const i = (y * info.width + x) * ch;
      for (let c = 0; c < ch; c++) out[i + c] = Math.max(0, Math.min(255, Math.round((data[i + c] ?? 0) * shade + g)));
    }
  }
  return sharp(out, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .jpeg({ quality: Math.round(45 + r() * 35) })
    .toBuffer();
}

/** One page of the given layout from a seed. Rasterised at 200 dpi (the desk stores pages at about 200 dpi). */
export async function testPage(layout: TestPage['layout'], seed: number, options: PageOptions = {}): Promise<TestPage> {
  const r = rng(seed);
  const { doc, truth, persons } = BUILDERS[layout](r, options);
  const image = await photograph(doc, layout === 'residence_permit' ? 300 : 200, r);
  return { kind: KIND[layout], layout, image, truth, ...(persons ? { persons } : {}), seed };
}

async function photograph(doc: TDocumentDefinitions, dpi: number, r: () => number): Promise<Buffer> {
  const { pdf } = await renderPdf(doc);
  const png = pdfPngs(pdf, dpi)[0];
  if (!png) throw new Error('pdftoppm rendered no page');
  return degrade(png, r);
}

/** The booklet opened at these people's cards (left to right), photographed as `seed` says. */
export async function hukouSpreadPage(people: readonly CardPerson[], seed: number): Promise<TestPage> {
  const image = await photograph(spreadDoc(people), 200, rng(seed));
  return { kind: 'hukou_booklet', layout: 'hukou_spread', image, truth: {}, persons: people.map(truthOf), seed };
}

/** The layouts the bench measures per field (a spread's people are measured apart, see bench/ocr.ts). */
export const LAYOUTS: Array<TestPage['layout']> = ['hukou_card', 'hukou_head', 'property', 'residence_permit'];
