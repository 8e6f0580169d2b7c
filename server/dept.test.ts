import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApplicationDraft } from '../shared/contract/application';
import { type DeptSource } from '../shared/dept/sources';
import { type Verification } from '../shared/dept/verify';
import { type DeptVerifiedResponse, paths } from '../shared/sync/protocol';
import { reposOf } from './db/repos';
import { ABANDONED_IMPORT_MS, importExtract, purgeExpired, withdrawImport } from './services/deptImport';
import { collectEnquiries, listEnquiries } from './services/deptEnquiries';
import { refreshVerifications } from './services/deptVerify';
import { type DeviceClient, makeItem } from './testing/client';
import { SAMPLE_AREA, csvLine, makeId, sampleFamilies } from './testing/deptData';
import { writeSampleXlsx } from './testing/deptXlsx';
import { type TestServer, startTestServer, testDialects } from './testing/harness';

// Department data end to end on each database: the sample county's extracts imported from resources/dept-samples
// (GBK CSV, XLSX), applications sent by a real desk client, verification per material, 零证明 flags over the signed
// route, all-or-nothing imports and withdrawal.

const SAMPLES = join(import.meta.dirname, '..', 'resources', 'dept-samples');
const FILES: [DeptSource, string][] = [
  ['hukou', '示例-公安-常住人口.csv'],
  ['residence_permit', '示例-公安-居住证.csv'],
  ['property', '示例-自然资源-不动产登记.xlsx'],
  ['purchase_contract', '示例-住建-网签合同.csv'],
  ['rental', '示例-住建-租赁备案.csv'],
  ['social_insurance', '示例-人社-社保缴纳.csv'],
  ['business_licence', '示例-市场监管-营业执照.csv'],
  ['birth_certificate', '示例-卫健-出生医学证明.csv'],
  ['marriage', '示例-民政-婚姻登记.csv'],
  ['cohort', '示例-公安-适龄儿童名单.csv'],
];
const NOW = new Date('2026-09-15T02:00:00Z');
const { zhang, wang, liu, aygl, ji } = sampleFamilies;

type P = { id: string; name: string; sex: 'M' | 'F'; birth: string };
function form(child: P, guardians: { p: P; relation: 'father' | 'mother'; migrant?: Record<string, number> }[], rest: Partial<ApplicationDraft>): ApplicationDraft {
  return {
    grade: 'primary1',
    child: { name: child.name, idType: 'resident_id', idNumber: child.id, birthDate: child.birth, sex: child.sex },
    guardians: guardians.map((g) => ({ relation: g.relation, name: g.p.name, idType: 'resident_id', idNumber: g.p.id, mobile: '13906330001', ...(g.migrant ? { migrant: g.migrant } : {}) })),
    proxy: null,
    disability: null,
    preferential: null,
    materials: [],
    ...rest,
  };
}

const houseHukou = (moveIn: string, housing: ApplicationDraft['housing']): Partial<ApplicationDraft> => ({
  hukou: { inCounty: true, moveInDate: moveIn },
  housing,
  typeDecision: { derived: 'house_hukou', chosen: 'house_hukou' },
});

describe.each(testDialects())('department data (%s)', (dialect) => {
  let server: TestServer;
  let desk: DeviceClient;
  const receipts = new Map<string, string>();

  const send = async (key: string, f: ApplicationDraft) => {
    const item = makeItem(desk, { record: { form: f, receiptNo: 'x' }, childId: f.child?.idNumber ?? null });
    const r = await desk.batch(randomUUID(), [item]);
    expect(r.status).toBe(200);
    receipts.set(key, item.applicationId);
  };
  const verification = async (key: string): Promise<Verification> => {
    const row = await reposOf(server.store.db).dept.verification(receipts.get(key)!);
    return JSON.parse(row!.result) as Verification;
  };
  const status = (v: Verification, itemId: string) => v.materials.find((m) => m.itemId === itemId);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const loaded = await server.cli(['plan', 'load', join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json')]);
    expect(loaded.code, loaded.err).toBe(0);
    for (const [source, file] of FILES) {
      const r = await importExtract(server.store, server.county, { source, fileName: file, bytes: readFileSync(join(SAMPLES, file)), by: '测试管理员', retainUntil: '2027-08-31' }, NOW);
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    desk = await server.device('A01');
    await send('zhang', form(zhang.child, [{ p: zhang.father, relation: 'father' }, { p: zhang.mother, relation: 'mother' }], houseHukou('2019-10-20', { kind: 'property_certificate', certificateNumber: '示例县不动产权第0001001号', owner: 'parents', registrationDate: '2018-06-01' })));
    await send('wang', form(wang.child, [{ p: wang.father, relation: 'father' }], houseHukou('2026-05-01', { kind: 'property_certificate', owner: 'father', registrationDate: '2019-04-18' })));
    await send('liu', form(liu.child, [{ p: liu.father, relation: 'father' }], houseHukou('2019-12-05', { kind: 'property_certificate', certificateNumber: '示例县不动产权第0003003号', owner: 'father', registrationDate: '1998-07-01' })));
    await send(
      'aygl',
      form(aygl.child, [{ p: aygl.father, relation: 'father', migrant: { residencePermitMonths: 60, socialInsuranceMonths: 36 } }, { p: aygl.mother, relation: 'mother', migrant: { residencePermitMonths: 60, businessLicenceMonths: 30 } }], {
        hukou: { inCounty: false },
        housing: { kind: 'rental_registration' },
        typeDecision: { derived: 'migrant', chosen: 'migrant' },
      }),
    );
    await send('ji', form(ji.child, [{ p: ji.father, relation: 'father' }, { p: ji.mother, relation: 'mother' }], houseHukou('2019-12-20', { kind: 'purchase_contract', owner: 'father', registrationDate: '2021-04-01' })));
    expect(await refreshVerifications(server.store, NOW)).toBe(5);
  });
  afterAll(async () => server?.close());

  it('keeps a GBK file exact: rare characters (𠮷) and the middle dot as the department wrote them', async () => {
    const rows = await reposOf(server.store.db).dept.recordsFor((await reposOf(server.store.db).dept.listImports()).map((i) => i.id), [ji.child.id]);
    expect(rows.map((r) => (JSON.parse(r.data) as { name?: string; childName?: string }).name ?? (JSON.parse(r.data) as { childName: string }).childName)).toContain('𠮷思远');
    const cohort = await reposOf(server.store.db).dept.recordsFor((await reposOf(server.store.db).dept.listImports()).map((i) => i.id), [aygl.father.id]);
    expect(cohort.some((r) => r.data.includes('买买提·吐尔逊'))).toBe(true);
  });

  it('verifies 房户一致 with 户籍, 不动产 and 出生医学证明: the fast lane', async () => {
    const v = await verification('zhang');
    expect(status(v, 'hukou-booklet')?.status).toBe('verified');
    expect(status(v, 'property-certificate')?.status).toBe('verified');
    expect(status(v, 'birth-certificate')?.status).toBe('verified');
    expect(status(v, 'guardian-id')?.status).toBe('verified');
    expect(v.type?.ok).toBe(true);
    expect(v.allVerified).toBe(true);
  });

  it('says which field differs: a hukou move-in after the cut-off, and the type the data supports', async () => {
    const v = await verification('wang');
    const hukou = status(v, 'hukou-booklet')!;
    expect(hukou.status).toBe('mismatch');
    expect(hukou.reasons.join()).toContain('户籍迁入日期 2026-08-02 晚于方案截止日 2026-05-31');
    expect(hukou.reasons.join()).toContain('申请为 2026-05-01');
    expect(v.type).toMatchObject({ ok: false, desk: 'house_hukou', dept: 'house_only' });
    expect(v.allVerified).toBe(false);
    expect(v.mismatch).toBe(true);
  });

  it('finds a property whose owner is not a parent', async () => {
    const p = status(await verification('liu'), 'property-certificate')!;
    expect(p.status).toBe('mismatch');
    expect(p.reasons.join()).toContain('权利人是“刘建国”');
  });

  it('finds broken social-insurance months and checks a migrant family against 居住证, 营业执照 and 租赁备案', async () => {
    const v = await verification('aygl');
    expect(status(v, 'social-insurance')?.status).toBe('mismatch');
    expect(status(v, 'social-insurance')?.reasons.join()).toContain('社保缴费在 2025-03 至 2025-05 中断');
    expect(status(v, 'residence-permit')?.status).toBe('verified');
    expect(status(v, 'business-licence')?.status).toBe('verified');
    expect(status(v, 'rental-registration')?.status).toBe('verified');
    expect(status(v, 'hukou-booklet')?.status).toBe('no_record');
  });

  it('answers a signed desk with match flags only (零证明), and nothing for an unknown child', async () => {
    const known = await desk.json<DeptVerifiedResponse>('GET', paths.deptVerified.replace(':childIdHash', desk.childHash(zhang.child.id)));
    expect(known.status).toBe(200);
    const flags = Object.fromEntries(known.body.items.map((i) => [i.itemId, i.verified]));
    expect(flags).toMatchObject({ 'hukou-booklet': true, 'property-certificate': true, 'birth-certificate': true, 'rental-registration': false });
    expect(JSON.stringify(known.body)).not.toContain(zhang.father.id);
    expect(JSON.stringify(known.body)).not.toContain('书香苑');
    const unknown = await desk.json<DeptVerifiedResponse>('GET', paths.deptVerified.replace(':childIdHash', desk.childHash('379901202001010011')));
    expect(unknown.body.items.every((i) => !i.verified)).toBe(true);
    const unsigned = await fetch(`${server.baseUrl}${paths.deptVerified.replace(':childIdHash', desk.childHash(zhang.child.id))}`);
    expect(unsigned.status).toBe(401);
  });

  it('imports all rows or none, listing every problem with its row and column', async () => {
    const before = await reposOf(server.store.db).dept.countRecords();
    const csv = [csvLine(['公民身份号码', '姓名', '户号', '迁入日期']), csvLine([zhang.child.id, '张小明', 'H1', '2020-01-01']), csvLine(['379901201910050018', '张三', 'H1', '2020-13-01']), csvLine([zhang.father.id, '⼈民', 'H1', '2020-01-01'])].join('\n');
    const r = await importExtract(server.store, server.county, { source: 'hukou', fileName: 'bad.csv', bytes: iconv.encode(csv, 'gb18030'), by: 't', retainUntil: '2027-08-31' }, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.encoding).toBe('gb18030');
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([
      [3, '公民身份号码'],
      [3, '迁入日期'],
      [4, '姓名'],
    ]);
    expect(r.problems[1]!.message).toContain('2020-13-01');
    expect(await reposOf(server.store.db).dept.countRecords()).toBe(before);
    expect((await reposOf(server.store.db).dept.listImports()).some((i) => i.file_name === 'bad.csv')).toBe(false);
  });

  it('refuses an ID number that Excel turned into a number, and reuses the saved mapping of renamed columns', async () => {
    const xlsx = await writeSampleXlsx([
      ['证书号', '权利人', '权利人证件号', '登簿日期'],
      ['X-1', zhang.father.name, zhang.father.id, '2018-06-01'],
    ]);
    const ok = await importExtract(server.store, server.county, { source: 'property', fileName: 'p.xlsx', bytes: xlsx, by: 't', mode: 'add', retainUntil: '2027-08-31', mapping: { certificateNo: '证书号', ownerName: '权利人', ownerId: '权利人证件号', registrationDate: '登簿日期' } }, NOW);
    expect(ok.ok).toBe(true);
    const numeric = await writeSampleXlsx([['证书号', '权利人', '权利人证件号', '登簿日期'], ['X-2', zhang.father.name, 379901198803120000 as unknown as string, '2018-06-01']]);
    const r = await importExtract(server.store, server.county, { source: 'property', fileName: 'n.xlsx', bytes: numeric, by: 't', mode: 'add', retainUntil: '2027-08-31' }, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toContain('数字格式');
    if (ok.ok) expect(await withdrawImport(server.store, ok.importId, 't', '测试', NOW)).toBe(true);
  });

  it('recomputes when an import is withdrawn: the property is then no longer verified', async () => {
    const property = (await reposOf(server.store.db).dept.listImports()).find((i) => i.source === 'property' && i.mode === 'replace' && i.status === 'active')!;
    expect(await withdrawImport(server.store, property.id, '测试管理员', '部门更正后重发', NOW)).toBe(true);
    expect(await refreshVerifications(server.store, NOW)).toBe(5);
    expect(status(await verification('zhang'), 'property-certificate')?.status).toBe('no_data');
    expect((await verification('zhang')).allVerified).toBe(false);
    expect(await withdrawImport(server.store, property.id, '测试管理员', 'again', NOW)).toBe(false);
  });
});

describe.each(testDialects())('the department jobs run with the server app (%s)', (dialect) => {
  const REFRESH_MS = 100;
  let server: TestServer;
  // Real time while the desk signs its upload (the server checks the clock skew); later past the retention day.
  let clock = Date.now();
  let applicationId = '';

  /** Polls until `done` holds (the job runs on its own timer), at most 15 s. */
  const eventually = async (what: string, done: () => Promise<boolean>) => {
    const until = Date.now() + 15_000;
    while (!(await done())) {
      if (Date.now() > until) throw new Error(`not within 15 s: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    server = await startTestServer(dialect, { now: () => new Date(clock), deptJobs: { refreshMs: REFRESH_MS, purgeMs: 3 * REFRESH_MS } });
    const loaded = await server.cli(['plan', 'load', join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json')]);
    expect(loaded.code, loaded.err).toBe(0);
    for (const [source, file] of FILES.filter(([s]) => ['hukou', 'property', 'birth_certificate'].includes(s))) {
      // On the app's clock, as the console imports: the job's purge rounds run while these load.
      const r = await importExtract(server.store, server.county, { source, fileName: file, bytes: readFileSync(join(SAMPLES, file)), by: '测试管理员', retainUntil: '2027-08-31' }, new Date(clock));
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    const desk = await server.device('A01');
    const item = makeItem(desk, {
      record: { form: form(zhang.child, [{ p: zhang.father, relation: 'father' }, { p: zhang.mother, relation: 'mother' }], houseHukou('2019-10-20', { kind: 'property_certificate', certificateNumber: '示例县不动产权第0001001号', owner: 'parents', registrationDate: '2018-06-01' })), receiptNo: 'x' },
      childId: zhang.child.id,
    });
    expect((await desk.batch(randomUUID(), [item])).status).toBe(200);
    applicationId = item.applicationId;
  });
  afterAll(async () => server?.close());

  const saved = () => reposOf(server.store.db).dept.verification(applicationId);

  it('verifies an application a desk sent, with no one asking (the refresh runs on the app’s timer)', async () => {
    await eventually('the application verified', async () => (await saved())?.all_verified === 1);
    expect(Number((await saved())!.data_version)).toBe(await reposOf(server.store.db).dept.dataVersion());
  });

  it('leaves an import that is loading right now to finish; one left loading for hours by a stopped process is removed', async () => {
    const repo = reposOf(server.store.db).dept;
    const loading = (at: number) =>
      repo.createImport({ source: 'rental', mode: 'add', status: 'loading', file_name: 'x.csv', file_sha256: 'x', encoding: 'utf-8', rows: 0, mapping: '{}', imported_by: '测试', imported_at: new Date(at).toISOString(), retain_until: '2027-08-31', withdrawn_by: null, withdrawn_at: null, withdraw_reason: null, purged_at: null });
    const running = await loading(clock - 60_000);
    const abandoned = await loading(clock - ABANDONED_IMPORT_MS - 60_000);
    await purgeExpired(server.store, new Date(clock));
    expect((await repo.getImport(running))?.status).toBe('loading');
    expect(await repo.getImport(abandoned)).toBeUndefined();
    await repo.deleteImport(running);
  });

  it('purges the imports past their retention day on a later round', async () => {
    clock = Date.parse('2027-09-01T02:00:00Z');
    await eventually('every import purged', async () => (await reposOf(server.store.db).dept.listImports()).every((i) => i.status === 'purged'));
    expect(await reposOf(server.store.db).dept.countRecords()).toBe(0);
  });

  it('stops when the app closes: nothing is recomputed afterwards', async () => {
    await eventually('the purge reflected in the verification', async () => Number((await saved())?.data_version) === (await reposOf(server.store.db).dept.dataVersion()));
    await server.app.close();
    const before = await saved();
    await reposOf(server.store.db).dept.bumpDataVersion();
    await new Promise((r) => setTimeout(r, 6 * REFRESH_MS));
    expect(await saved()).toEqual(before);
  });
});

describe.each(testDialects())('函调 collected over many applications, a page at a time (%s)', (dialect) => {
  const COUNT = 150;
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const loaded = await server.cli(['plan', 'load', join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json')]);
    expect(loaded.code, loaded.err).toBe(0);
    for (const [source, file] of FILES.filter(([s]) => ['hukou', 'property', 'birth_certificate'].includes(s))) {
      const r = await importExtract(server.store, server.county, { source, fileName: file, bytes: readFileSync(join(SAMPLES, file)), by: '测试管理员', retainUntil: '2027-08-31' }, NOW);
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    const desk = await server.device('A01');
    // Families no extract knows (every material 无记录), and one the data verifies (no enquiry), in every page.
    const person = (birth: string, seq: number, name: string): P => ({ id: makeId(SAMPLE_AREA, birth, seq), name, sex: seq % 2 ? 'M' : 'F', birth });
    const forms = Array.from({ length: COUNT }, (_, i) =>
      i % 50 === 0
        ? form(zhang.child, [{ p: zhang.father, relation: 'father' }, { p: zhang.mother, relation: 'mother' }], houseHukou('2019-10-20', { kind: 'property_certificate', certificateNumber: '示例县不动产权第0001001号', owner: 'parents', registrationDate: '2018-06-01' }))
        : form(person('2019-06-01', 100 + (i % 800), `孩子${i}`), [{ p: person('1985-01-01', 100 + (i % 800), `家长${i}`), relation: 'father' }], houseHukou('2019-01-01', { kind: 'property_certificate', owner: 'father', registrationDate: '2018-01-01' })),
    );
    for (let i = 0; i < COUNT; i += 50) {
      const items = forms.slice(i, i + 50).map((f) => makeItem(desk, { record: { form: f, receiptNo: 'x' }, childId: f.child?.idNumber ?? null }));
      expect((await desk.batch(randomUUID(), items)).status).toBe(200);
    }
    expect(await refreshVerifications(server.store, NOW)).toBe(COUNT);
  });
  afterAll(async () => server?.close());

  it('pages of 7 add the same enquiries as one read of everything would, each once', async () => {
    const repo = reposOf(server.store.db).dept;
    // What one read of every current result gives (the way collection worked before it paged).
    const all = await repo.currentResults(await repo.dataVersion(), 1_000_000);
    expect(all).toHaveLength(COUNT);
    const expected = all.flatMap((a) => (JSON.parse(a.result) as Verification).materials.filter((m) => m.status === 'no_record').map((m) => `${a.application_id}|${m.itemId}|${m.sources[0]}`));
    expect(expected.length).toBeGreaterThan(COUNT);

    const added = await collectEnquiries(server.store, '测试', NOW, 7);
    expect(added).toBe(expected.length);
    const rows = await repo.enquiries();
    expect(rows.map((e) => `${e.application_id}|${e.item_id}|${e.source}`).sort()).toEqual([...expected].sort());
    expect(await collectEnquiries(server.store, '测试', NOW, 7)).toBe(0);
    expect(await collectEnquiries(server.store, '测试', NOW)).toBe(0);
  });

  it('lists enquiries in keyset pages: pages of 7 give every enquiry once, in order, as one read of all does', async () => {
    const all = await listEnquiries(server.store, { state: 'all', limit: 10_000 });
    expect(all.nextCursor).toBeNull();
    expect(all.enquiries.length).toBeGreaterThan(7 * 3);
    const paged: number[] = [];
    let after: number | undefined;
    let pages = 0;
    for (;;) {
      const page = await listEnquiries(server.store, { state: 'open', after, limit: 7 });
      expect(page.enquiries.length).toBeLessThanOrEqual(7);
      paged.push(...page.enquiries.map((e) => e.id));
      pages++;
      if (page.nextCursor === null) break;
      after = page.nextCursor;
    }
    expect(pages).toBe(Math.ceil((all.enquiries.length + 1) / 7));
    expect(paged).toEqual(all.enquiries.map((e) => e.id));
    // One department's pages hold only its enquiries.
    const hukou = await listEnquiries(server.store, { source: 'hukou', state: 'open', limit: 7 });
    expect(hukou.enquiries.every((e) => e.source === 'hukou')).toBe(true);
    expect(hukou.nextCursor).not.toBeNull();
  });

  it('`dept show` finds one application by its receipt number', async () => {
    const last = await server.store.db.selectFrom('applications').select(['id', 'receipt_no']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const shown = await server.cli(['dept', 'show', last.receipt_no]);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain(last.receipt_no);
    expect((await server.cli(['dept', 'show', last.id])).out).toContain(last.receipt_no);
  });
});
