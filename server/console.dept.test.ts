import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleRole } from '../shared/console';
import { type ApplicationDraft } from '../shared/contract/application';
import { type DeptSource } from '../shared/dept/sources';
import { type BatchItem } from '../shared/sync/protocol';
import { reposOf } from './db/repos';
import { refreshVerifications } from './services/deptVerify';
import { makeItem } from './testing/client';
import { ConsoleTestClient } from './testing/consoleClient';
import { SAMPLE_AREA, csvLine, makeId, sampleFamilies } from './testing/deptData';
import { type DialectName, type TestServer, startTestServer, testDialects } from './testing/harness';

// Department data through the console API (sessions, CSRF, roles, audit): the sample extracts imported as files
// the way the console page sends them, every problem of a bad file with its row and column and nothing imported,
// versions and withdrawal, the verification in the application view and the queue's 全部材料已核验 filter.

const PASSWORD = 'Kaoshi2026x';
const ROOT = join(import.meta.dirname, '..');
const SAMPLES = join(ROOT, 'resources', 'dept-samples');
const FILES: [DeptSource, string][] = [
  ['hukou', '示例-公安-常住人口.csv'],
  ['residence_permit', '示例-公安-居住证.csv'],
  ['property', '示例-自然资源-不动产登记.xlsx'],
  ['birth_certificate', '示例-卫健-出生医学证明.csv'],
  ['marriage', '示例-民政-婚姻登记.csv'],
];
const { zhang, wang } = sampleFamilies;
type Family = typeof zhang;
/** A family no department extract knows: its materials are 无记录 (函调). */
const stranger: Family = {
  child: { id: makeId(SAMPLE_AREA, '2019-11-11', 901), name: '周小舟', sex: 'M', birth: '2019-11-11' },
  father: { id: makeId(SAMPLE_AREA, '1987-01-01', 903), name: '周大海', sex: 'M', birth: '1987-01-01' },
  mother: { id: makeId(SAMPLE_AREA, '1988-02-02', 904), name: '吴晓', sex: 'F', birth: '1988-02-02' },
};

const b64 = (bytes: Buffer) => bytes.toString('base64');
const sample = (file: string) => readFileSync(join(SAMPLES, file));

function houseHukouForm(f: Family, moveIn: string, certificateNumber: string | undefined): ApplicationDraft {
  return {
    grade: 'primary1',
    child: { name: f.child.name, idType: 'resident_id', idNumber: f.child.id, birthDate: f.child.birth, sex: f.child.sex },
    guardians: [
      { relation: 'father', name: f.father.name, idType: 'resident_id', idNumber: f.father.id, mobile: '13906330001' },
      { relation: 'mother', name: f.mother.name, idType: 'resident_id', idNumber: f.mother.id, mobile: '13906330002' },
    ],
    proxy: null,
    disability: null,
    preferential: null,
    materials: [],
    hukou: { inCounty: true, moveInDate: moveIn },
    housing: { kind: 'property_certificate', ...(certificateNumber ? { certificateNumber } : {}), owner: 'parents', registrationDate: '2018-06-01' },
    typeDecision: { derived: 'house_hukou', chosen: 'house_hukou' },
  };
}

/** A county server with the sample plan, an administrator (王局长), a reviewer, and one application per family sent by a desk. */
async function deptConsole(dialect: DialectName, families: readonly [string, ApplicationDraft][]) {
  const s = await startTestServer(dialect);
  const loaded = await s.cli(['plan', 'load', join(ROOT, 'resources', 'plans', 'sample-county-2026.json')]);
  expect(loaded.code, loaded.err).toBe(0);
  const r = await s.cli(['staff', 'create-admin', '--username', 'admin', '--name', '王局长']);
  const admin = new ConsoleTestClient(s.baseUrl);
  await admin.signIn('admin', /一次性初始密码：(\S+)/.exec(r.out)![1]!, PASSWORD);
  const account = async (role: ConsoleRole, username: string): Promise<ConsoleTestClient> => {
    const scope = { schoolIds: role === 'school' ? ['p-chengguan'] : [], types: [] };
    const created = await admin.ok('staff.create', { username, displayName: `${role} 用户`, role, scope });
    const c = new ConsoleTestClient(s.baseUrl);
    await c.signIn(username, created.initialPassword, PASSWORD);
    return c;
  };
  const reviewer = await account('reviewer', 'li.reviewer');
  const desk = await s.device('A01');
  const apps = new Map<string, string>();
  const items = new Map<string, BatchItem>();
  for (const [key, f] of families) {
    const item = makeItem(desk, { record: { form: f, receiptNo: 'x' }, childId: f.child?.idNumber ?? null });
    expect((await desk.batch(randomUUID(), [item])).status).toBe(200);
    apps.set(key, item.applicationId);
    items.set(key, item);
  }
  /** The desk sends the next revision of an application with a changed form. */
  const revise = async (key: string, f: ApplicationDraft) => {
    const prev = items.get(key)!;
    const item = { ...makeItem(desk, { applicationId: prev.applicationId, revision: prev.revision + 1, baseRevision: prev.revision, record: { ...prev.record, form: f }, childId: f.child?.idNumber ?? null }), receiptNo: prev.receiptNo };
    expect((await desk.batch(randomUUID(), [item])).status).toBe(200);
    items.set(key, item);
  };
  const importSamples = async () => {
    const imported = new Map<DeptSource, number>();
    for (const [source, file] of FILES) {
      const done = await admin.ok('dept.import', { source, fileName: file, contentBase64: b64(sample(file)) });
      if (!done.ok) throw new Error(`${file}: ${JSON.stringify(done.problems)}`);
      imported.set(source, done.import.id);
    }
    return imported;
  };
  return { s, admin, reviewer, account, apps, revise, importSamples };
}

describe.each(testDialects())('department data in the console (%s)', (dialect) => {
  let s: TestServer;
  let admin: ConsoleTestClient;
  let reviewer: ConsoleTestClient;
  let account: (role: ConsoleRole, username: string) => Promise<ConsoleTestClient>;
  let apps: Map<string, string>;
  const imported = new Map<DeptSource, number>();
  const audited = async (action: string) => (await admin.ok('audit.list', { action, limit: 50 })).entries;

  beforeAll(async () => {
    ({ s, admin, reviewer, account, apps } = await deptConsole(dialect, [
      ['zhang', houseHukouForm(zhang, '2019-10-20', '示例县不动产权第0001001号')],
      ['wang', houseHukouForm(wang, '2026-05-01', undefined)],
      ['stranger', houseHukouForm(stranger, '2019-01-01', '示例县不动产权第0009009号')],
    ]));
  });
  afterAll(async () => s?.close());

  it('keeps department data from school users and viewers', async () => {
    for (const role of ['school', 'viewer'] as const) {
      const c = await account(role, `${role}.one`);
      for (const [name, input] of [
        ['dept.sources', {}],
        ['dept.imports', {}],
        ['dept.preview', { source: 'hukou', fileName: 'a.csv', contentBase64: b64(sample(FILES[0]![1])) }],
      ] as const) {
        const answer = await c.call(name, input);
        expect(answer.status, name).toBe(403);
        expect(answer.body.code).toBe('forbidden');
      }
    }
  });

  it('只读 (viewer) sees the queue with children masked: names 张*明, ID numbers 3799**********0017; a reviewer sees names in full', async () => {
    const viewer = await account('viewer', 'viewer.masked');
    const seen = (await viewer.ok('queue.list', { filter: {} })).rows;
    expect(seen.length).toBe(apps.size);
    for (const r of seen) {
      expect(r.childName).toMatch(/^\p{Script=Han}\*+\p{Script=Han}?$/u);
      expect(r.idNumberMasked).toMatch(/^\d{4}\*+[\dX]{4}$/);
    }
    const names = [zhang.child.name, wang.child.name];
    for (const n of names) expect(seen.map((r) => r.childName)).not.toContain(n);
    expect((await reviewer.ok('queue.list', { filter: {} })).rows.map((r) => r.childName)).toEqual(expect.arrayContaining(names));
    // The application view (full data) is not open to the viewer at all.
    expect((await viewer.call('applications.get', { applicationId: seen[0]!.applicationId })).status).toBe(403);
    // Nor can a viewer look a child up: a search by name, ID part or receipt would tell whether that child applied.
    for (const text of [zhang.child.name, zhang.child.id.slice(-6), seen[0]!.receiptNo]) {
      for (const call of ['queue.list', 'queue.counts'] as const) {
        const refused = await viewer.call(call, { filter: { text } });
        expect(refused.status, `${call} ${text}`).toBe(403);
        expect(refused.body.detail).toContain('只读账号');
      }
    }
    expect((await reviewer.ok('queue.list', { filter: { text: zhang.child.name } })).rows.length).toBeGreaterThan(0);
  });

  it('previews a GBK file as GB18030 with the suggested mapping, and says so when the chosen encoding is wrong', async () => {
    const bytes = sample('示例-公安-常住人口.csv');
    const p = await reviewer.ok('dept.preview', { source: 'hukou', fileName: '示例-公安-常住人口.csv', contentBase64: b64(bytes) });
    expect(p.encoding).toBe('gb18030');
    expect(p.headers).toContain('公民身份号码');
    expect(p.mapping).toMatchObject({ idNumber: '公民身份号码', name: '姓名' });
    expect(p.sample.length).toBeGreaterThan(0);
    expect(p.sample.flat()).toContain(zhang.father.name);
    const wrong = await reviewer.call('dept.preview', { source: 'hukou', fileName: 'x.csv', contentBase64: b64(bytes), encoding: 'utf-8' });
    expect(wrong.status).toBe(422);
    expect(String(wrong.body.detail)).toMatch(/[\u4e00-\u9fff]/);
    const [entry] = await audited('dept.previewed');
    expect(entry).toMatchObject({ actorName: 'reviewer 用户', target: 'hukou', details: { fileSha256: createHash('sha256').update(bytes).digest('hex') } });
  });

  it('imports the sample extracts as files: versions with who, the file hash and rows; the mapping saved per source', async () => {
    for (const [source, file] of FILES) {
      const bytes = sample(file);
      const r = await admin.ok('dept.import', { source, fileName: file, contentBase64: b64(bytes) });
      if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problems)}`);
      expect(r.import).toMatchObject({ source, status: 'active', counting: true, fileName: file, fileSha256: createHash('sha256').update(bytes).digest('hex'), importedBy: '王局长', retainUntil: '2027-08-31' });
      expect(r.import.rows).toBeGreaterThan(0);
      imported.set(source, r.import.id);
    }
    const hukou = (await reviewer.ok('dept.sources', {})).sources.find((x) => x.source === 'hukou')!;
    expect(hukou.mapping).toMatchObject({ idNumber: '公民身份号码' });
    expect(hukou.mappingUpdatedBy).toBe('王局长');
    expect(hukou.activeImports).toBe(1);
    const list = (await reviewer.ok('dept.imports', {})).imports;
    expect(list.map((i) => i.id)).toEqual([...imported.values()].reverse());
    expect(hukou.activeRows).toBe(list.find((i) => i.source === 'hukou')!.rows);
    const [entry] = await audited('dept.imported');
    expect(entry).toMatchObject({ actorName: '王局长', details: { source: 'marriage', rows: list[0]!.rows } });
  });

  it('imports all rows or none: a bad file lists every problem with row and column and changes nothing', async () => {
    const before = (await admin.ok('dept.imports', {})).imports;
    const csv = [
      csvLine(['公民身份号码', '姓名', '户号', '迁入日期']),
      csvLine([zhang.child.id, zhang.child.name, 'H1', '2020-01-01']),
      csvLine(['379901201910050018', '张三', 'H1', '2020-13-01']),
    ].join('\n');
    const r = await admin.ok('dept.import', { source: 'hukou', fileName: '坏文件.csv', contentBase64: b64(iconv.encode(csv, 'gb18030')) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fileName).toBe('坏文件.csv');
    expect(r.encoding).toBe('gb18030');
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([
      [3, '公民身份号码'],
      [3, '迁入日期'],
    ]);
    expect(r.totalProblems).toBe(2);
    expect((await admin.ok('dept.imports', {})).imports).toEqual(before);
    expect((await audited('dept.importRefused'))[0]).toMatchObject({ target: 'hukou', details: { fileName: '坏文件.csv', totalProblems: 2 } });
    const past = await admin.call('dept.import', { source: 'hukou', fileName: 'a.csv', contentBase64: b64(iconv.encode(csv, 'gb18030')), retainUntil: '2020-01-01' });
    expect(past.status).toBe(422);
  });

  it('shows each material verified or what differs in the application view, and filters the queue by 全部材料已核验', async () => {
    const z = await reviewer.ok('applications.get', { applicationId: apps.get('zhang')! });
    expect(z.deptVerification?.allVerified).toBe(true);
    expect(z.deptVerification?.materials.find((m) => m.itemId === 'hukou-booklet')?.status).toBe('verified');
    const w = await reviewer.ok('applications.get', { applicationId: apps.get('wang')! });
    const hukou = w.deptVerification?.materials.find((m) => m.itemId === 'hukou-booklet');
    expect(hukou?.status).toBe('mismatch');
    expect(hukou?.reasons.join()).toContain('户籍迁入日期 2026-08-02 晚于方案截止日 2026-05-31');
    expect(w.deptVerification?.type).toMatchObject({ ok: false });

    expect((await reviewer.ok('queue.counts', { filter: {} })).allVerified).toBe(1);
    const fast = await reviewer.ok('queue.list', { filter: { allVerified: true } });
    expect(fast.rows.map((r) => r.applicationId)).toEqual([apps.get('zhang')]);
    const rest = await reviewer.ok('queue.list', { filter: { allVerified: false } });
    expect(rest.rows.map((r) => r.applicationId).sort()).toEqual([apps.get('wang'), apps.get('stranger')].sort());
  });

  it('函调: an enquiry per material with no record, exported per department as XLSX, answers recorded with who and when', async () => {
    const { added } = await reviewer.ok('dept.collectEnquiries', {});
    expect(added).toBeGreaterThan(0);
    expect((await reviewer.ok('dept.collectEnquiries', {})).added).toBe(0);
    const open = (await reviewer.ok('dept.enquiries', {})).enquiries;
    expect(open).toHaveLength(added);
    const first = open[0]!;
    expect(first).toMatchObject({ answer: null, exportedAt: null, createdBy: 'reviewer 用户' });
    expect(first.idNumber).toBe(stranger.child.id);
    expect(open.map((e) => e.itemId)).toEqual(expect.arrayContaining(['hukou-booklet', 'birth-certificate']));
    expect(first.itemName).not.toBe(first.itemId);
    const ofSource = open.filter((e) => e.source === first.source);
    const file = await reviewer.ok('dept.exportEnquiries', { source: first.source });
    expect(file.count).toBe(ofSource.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.xlsxBase64, 'base64') as unknown as ArrayBuffer);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    for (const e of ofSource) expect(text).toContain(e.idNumber);
    const answered = await reviewer.ok('dept.answerEnquiry', { enquiryId: first.id, answer: 'confirmed', note: '派出所复函：属实' });
    expect(answered).toMatchObject({ answer: 'confirmed', answerNote: '派出所复函：属实', answeredBy: 'reviewer 用户', exportedAt: expect.any(String) as string });
    expect((await reviewer.ok('dept.enquiries', { state: 'answered' })).enquiries.map((e) => e.id)).toEqual([first.id]);
    expect((await reviewer.call('dept.answerEnquiry', { enquiryId: 99999, answer: 'denied', note: '不存在' })).status).toBe(404);
    expect((await audited('dept.enquiryAnswered'))[0]).toMatchObject({ target: String(first.id), details: { answer: 'confirmed' } });
  });

  it('withdraws a version: its rows stop counting at once, verification is recomputed, and a second withdrawal is refused', async () => {
    const id = imported.get('property')!;
    const w = await admin.ok('dept.withdraw', { importId: id, reason: '部门更正后重发' });
    expect(w.import).toMatchObject({ id, status: 'withdrawn', counting: false, withdrawnBy: '王局长', withdrawReason: '部门更正后重发' });
    expect(w.verified).toBe(3);
    expect((await reviewer.ok('queue.counts', { filter: {} })).allVerified).toBe(0);
    expect((await reviewer.ok('queue.list', { filter: { allVerified: true } })).rows).toEqual([]);
    const z = await reviewer.ok('applications.get', { applicationId: apps.get('zhang')! });
    expect(z.deptVerification?.materials.find((m) => m.itemId === 'property-certificate')?.status).toBe('no_data');
    const again = await admin.call('dept.withdraw', { importId: id, reason: '再次撤回' });
    expect(again.status).toBe(409);
    expect(String(again.body.detail)).toContain('已撤回');
    expect((await admin.call('dept.withdraw', { importId: 99999, reason: '不存在' })).status).toBe(404);
    expect((await audited('dept.withdrawn'))[0]).toMatchObject({ target: String(id), details: { reason: '部门更正后重发' } });
  });
});

/** A second family no extract knows (the department's answer denies its 户口簿). */
const newcomer: Family = {
  child: { id: makeId(SAMPLE_AREA, '2019-12-12', 905), name: '郑小雨', sex: 'F', birth: '2019-12-12' },
  father: { id: makeId(SAMPLE_AREA, '1986-06-06', 907), name: '郑国强', sex: 'M', birth: '1986-06-06' },
  mother: { id: makeId(SAMPLE_AREA, '1989-09-09', 908), name: '冯丽', sex: 'F', birth: '1989-09-09' },
};

describe.each(testDialects())('函调 answers count for verification (%s)', (dialect) => {
  let s: TestServer;
  let admin: ConsoleTestClient;
  let reviewer: ConsoleTestClient;
  let apps: Map<string, string>;
  let revise: (key: string, f: ApplicationDraft) => Promise<void>;

  beforeAll(async () => {
    let importSamples: () => Promise<unknown>;
    ({ s, admin, reviewer, apps, revise, importSamples } = await deptConsole(dialect, [
      ['zhang', houseHukouForm(zhang, '2019-10-20', '示例县不动产权第0001001号')],
      ['stranger', houseHukouForm(stranger, '2019-01-01', '示例县不动产权第0009009号')],
      ['newcomer', houseHukouForm(newcomer, '2020-03-03', '示例县不动产权第0009010号')],
    ]));
    await importSamples();
    await reviewer.ok('dept.collectEnquiries', {});
  });
  afterAll(async () => s?.close());

  const enquiriesOf = async (key: string) => (await reviewer.ok('dept.enquiries', { state: 'all' })).enquiries.filter((e) => e.applicationId === apps.get(key));
  const verificationOf = async (key: string) => (await reviewer.ok('applications.get', { applicationId: apps.get(key)! })).deptVerification!;

  it('a confirming answer to every enquiry makes the materials 已核验 and puts the application in the 全部材料已核验 lane', async () => {
    const before = await verificationOf('stranger');
    expect(before.allVerified).toBe(false);
    const open = await enquiriesOf('stranger');
    expect(open.map((e) => e.itemId).sort()).toEqual(['birth-certificate', 'guardian-id', 'hukou-booklet', 'property-certificate']);
    for (const e of open) expect(before.materials.find((m) => m.itemId === e.itemId)?.status).toBe('no_record');
    expect((await reviewer.ok('queue.counts', { filter: {} })).allVerified).toBe(1);

    for (const e of open) await reviewer.ok('dept.answerEnquiry', { enquiryId: e.id, answer: 'confirmed', note: `复函（${e.itemName}）：经查属实` });

    const after = await verificationOf('stranger');
    for (const e of open) {
      const m = after.materials.find((x) => x.itemId === e.itemId)!;
      expect(m.status, e.itemId).toBe('verified');
      expect(m.byLetter).toBe('confirmed');
      expect(m.reasons.join()).toContain(`复函（${e.itemName}）：经查属实`);
      expect(m.reasons.join()).toContain('reviewer 用户');
    }
    // The departments vouched for the hukou and the home by letter: the type the desk derived stands.
    expect(after.type).toMatchObject({ ok: true });
    expect(after).toMatchObject({ allVerified: true, mismatch: false });
    expect((await reviewer.ok('queue.counts', { filter: {} })).allVerified).toBe(2);
    expect((await reviewer.ok('queue.list', { filter: { allVerified: true } })).rows.map((r) => r.applicationId).sort()).toEqual([apps.get('zhang'), apps.get('stranger')].sort());
  });

  it('a denying answer makes the material 不一致 with what the department said, and keeps the application out of the lane', async () => {
    const hukou = (await enquiriesOf('newcomer')).find((e) => e.itemId === 'hukou-booklet')!;
    const note = '经查，郑小雨户籍已于 2024-03-01 迁往外县，现不在本县';
    const answered = await reviewer.ok('dept.answerEnquiry', { enquiryId: hukou.id, answer: 'denied', note });
    expect(answered.answer).toBe('denied');
    const v = await verificationOf('newcomer');
    const m = v.materials.find((x) => x.itemId === 'hukou-booklet')!;
    expect(m).toMatchObject({ status: 'mismatch', byLetter: 'denied' });
    expect(m.reasons).toHaveLength(1);
    expect(m.reasons[0]).toContain('公安');
    expect(m.reasons[0]).toContain('与申请不符');
    expect(m.reasons[0]).toContain(note);
    expect(v).toMatchObject({ mismatch: true, allVerified: false });
    expect((await reviewer.ok('queue.list', { filter: { allVerified: false } })).rows.map((r) => r.applicationId)).toEqual([apps.get('newcomer')]);

    // A corrected answer replaces the first one at once.
    await reviewer.ok('dept.answerEnquiry', { enquiryId: hukou.id, answer: 'confirmed', note: '更正：户籍仍在本县' });
    const corrected = (await verificationOf('newcomer')).materials.find((x) => x.itemId === 'hukou-booklet')!;
    expect(corrected).toMatchObject({ status: 'verified', byLetter: 'confirmed' });
    expect(corrected.reasons.join()).toContain('更正：户籍仍在本县');
  });

  it('answers keep counting when the department data changes and every verification is recomputed', async () => {
    const [source, file] = FILES[0]!;
    const again = await admin.ok('dept.import', { source, fileName: file, contentBase64: b64(sample(file)) });
    expect(again.ok && again.verified).toBe(3);
    expect((await verificationOf('stranger')).allVerified).toBe(true);
    expect((await reviewer.ok('queue.counts', { filter: {} })).allVerified).toBe(2);
  });

  it('a recomputation round that read the answers before one was recorded cannot store a result without it that looks current', async () => {
    const property = (await enquiriesOf('newcomer')).find((e) => e.itemId === 'property-certificate')!;
    expect(property.state).toBe('open');
    // Every result goes stale (as after an import), so the timer's round recomputes them all.
    await reposOf(s.store.db).dept.bumpDataVersion();
    let paused!: () => void;
    let release!: () => void;
    const atSave = new Promise<void>((r) => (paused = r));
    const gate = new Promise<void>((r) => (release = r));
    const round = refreshVerifications(s.store, new Date(), 2000, {
      beforeSave: async () => {
        paused();
        await gate;
      },
    });
    // The round has read the answers and computed its results; now the answer is recorded, then the round saves.
    await atSave;
    await reviewer.ok('dept.answerEnquiry', { enquiryId: property.id, answer: 'confirmed', note: '不动产中心复函：经查属实' });
    release();
    await round;
    const m = (await verificationOf('newcomer')).materials.find((x) => x.itemId === 'property-certificate')!;
    expect(m).toMatchObject({ status: 'verified', byLetter: 'confirmed' });
    // What is stored is the answer's result, or one marked stale: never the round's result as if it were current.
    const repo = reposOf(s.store.db).dept;
    const current = await repo.currentResults(await repo.dataVersion(), 1000);
    const stored = current.find((r) => r.application_id === apps.get('newcomer'));
    expect(stored && (JSON.parse(stored.result) as { materials: { itemId: string; status: string }[] }).materials.find((x) => x.itemId === 'property-certificate')?.status).toBe('verified');
  });

  it('an answer given for revision 1 no longer counts after revision 2 changes the data it answered (待重新函调); other answers keep counting', async () => {
    const property = (await enquiriesOf('newcomer')).find((e) => e.itemId === 'property-certificate')!;
    expect(property).toMatchObject({ state: 'answered', answer: 'confirmed', answeredRevision: 1 });
    // Revision 2: another property certificate. The hukou answer concerned the hukou, which did not change.
    await revise('newcomer', houseHukouForm(newcomer, '2020-03-03', '示例县不动产权第0009999号'));
    const v = await verificationOf('newcomer');
    const m = v.materials.find((x) => x.itemId === 'property-certificate')!;
    expect(m.status).toBe('no_record');
    expect(m.byLetter).toBeUndefined();
    expect(m.reenquire).toBe(true);
    expect(m.reasons.join()).toContain('待重新函调');
    expect(m.reasons.join()).toContain('第 1 版');
    expect(v.materials.find((x) => x.itemId === 'hukou-booklet')).toMatchObject({ status: 'verified', byLetter: 'confirmed' });
    const after = await enquiriesOf('newcomer');
    expect(after.find((e) => e.id === property.id)).toMatchObject({ state: 'reenquire', answer: 'confirmed', answeredRevision: 1 });
    expect(after.find((e) => e.itemId === 'hukou-booklet')).toMatchObject({ state: 'answered' });
    // Listed with the open ones (exported again), not with the answered ones.
    expect((await reviewer.ok('dept.enquiries', { state: 'open' })).enquiries.map((e) => e.id)).toContain(property.id);
    expect((await reviewer.ok('dept.enquiries', { state: 'answered' })).enquiries.map((e) => e.id)).not.toContain(property.id);
    // A new answer, on revision 2, counts again.
    const again = await reviewer.ok('dept.answerEnquiry', { enquiryId: property.id, answer: 'confirmed', note: '不动产中心再次复函：新证属实' });
    expect(again).toMatchObject({ state: 'answered', answeredRevision: 2 });
    expect((await verificationOf('newcomer')).materials.find((x) => x.itemId === 'property-certificate')).toMatchObject({ status: 'verified', byLetter: 'confirmed' });
  });
});
