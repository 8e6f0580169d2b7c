import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApplicationDraft } from '../shared/contract/application';
import { type ReviewResult } from '../shared/contract/reviewResult';
import { commitmentOf } from '../shared/lottery/spec';
import { placementServerText as T } from '../shared/i18n/zhCN.placementConsole';
import { type ChangesResponse, paths } from '../shared/sync/protocol';
import { verifyBundleText } from '../tools/lottery-verify/verify.mjs';
import { children, dryRun, whatIf } from './services/placement/current';
import { PlacementError } from './services/placement/errors';
import { exportSchool } from './services/placement/exportXlsx';
import { announceLottery, cancelLottery, checkPartySecret, checkSource, drawLottery, lotteryDownload, lotteryState } from './services/placement/lottery';
import { publishPlacement } from './services/placement/publish';
import { loadPlan } from './services/plans';
import { recordResult } from './services/results';
import { type DeviceClient, makeItem } from './testing/client';
import { type TestServer, startTestServer, testDialects } from './testing/harness';

// Placement and the public lottery on the county server, on each database: approved applications sent by a real desk
// client, the dry run's per-school table, what-if, freezing and announcing the pools, the ceremony (a wrong secret
// refused), the bundle checked by the standalone verifier, publication to the desk's feed (中签 / 未中签 with key and
// rank), publishing again sends nothing, and one school's list as XLSX with masked ID numbers.

const NOW = new Date('2026-07-20T02:00:00Z');
const PRIVATE = 'p-yucai';
const PLACES = 4;
const SECRETS = [
  { id: 'notary', name: '示例县公证处', secret: 'NOTARY-2026-secret-phrase' },
  { id: 'parents', name: '家长代表', secret: 'PARENTS-2026-secret-phrase' },
];

const sampleCounty = () => {
  const plan = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json'), 'utf8')) as { schools: { id: string; plannedPlaces: number }[] };
  // A smaller private school, so a handful of applications oversubscribe it (the sample plan's 45 places need 46).
  for (const s of plan.schools) if (s.id === PRIVATE) s.plannedPlaces = PLACES;
  return plan;
};

function form(i: number, schoolId: string, zoneEntryId: string): ApplicationDraft {
  return {
    grade: 'primary1',
    child: { name: `王小${'甲乙丙丁戊己庚辛壬癸子丑'[i] ?? '明'}`, idType: 'resident_id', idNumber: `37990120190101${String(1000 + i).slice(1)}X`, birthDate: '2019-01-01', sex: 'M' },
    guardians: [{ relation: 'father', name: '王大', idType: 'resident_id', idNumber: '379901198001011234', mobile: '13906330001' }],
    proxy: null,
    disability: null,
    preferential: null,
    materials: [],
    hukou: { inCounty: true, moveInDate: `2020-0${1 + (i % 9)}-01` },
    housing: { kind: 'property_certificate', registrationDate: '2018-05-01' },
    school: { schoolId, zoneEntryId },
    typeDecision: { derived: 'house_hukou', chosen: 'house_hukou' },
  };
}

async function expectError(p: Promise<unknown>, code: PlacementError['code'], text?: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PlacementError);
  expect((e as PlacementError).code).toBe(code);
  if (text) expect((e as PlacementError).message).toContain(text);
}

describe.each(testDialects())('placement and the public lottery (%s)', (dialect) => {
  let server: TestServer;
  let desk: DeviceClient;
  const receipts: string[] = [];
  const ids = new Map<string, string>();

  const send = async (f: ApplicationDraft, approve = true) => {
    const item = makeItem(desk, { record: { form: f, receiptNo: 'x' }, childId: f.child?.idNumber ?? null });
    const r = await desk.batch(randomUUID(), [item]);
    expect(r.status).toBe(200);
    ids.set(item.receiptNo, item.applicationId);
    if (approve) await recordResult(server.store.db, { ref: item.applicationId, outcome: 'approved', reasons: [], missingMaterials: [], schoolCode: null, schoolName: null, reportDate: null, reportPlace: null, decidedBy: '审核员甲' }, NOW);
    return item.receiptNo;
  };
  const results = async () => {
    const r = await desk.json<ChangesResponse>('GET', `${paths.changes}?cursor=0&limit=500`);
    expect(r.status).toBe(200);
    return r.body.items.flatMap((c) => (c.change.kind === 'review_result' ? [c.change.result] : []));
  };
  const db = () => server.store.db;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const loaded = await loadPlan(db(), server.county, sampleCounty(), NOW);
    expect(loaded).toHaveProperty('version');
    desk = await server.device('A01');
    for (let i = 0; i < 10; i++) receipts.push(await send(form(i, PRIVATE, 'zp01')));
    for (let i = 10; i < 12; i++) receipts.push(await send(form(i, 'p-chengguan', 'zp01')));
    // Sent but not approved: it does not take part.
    await send(form(12, 'p-chengguan', 'zp01'), false);
  }, 60_000);
  afterAll(async () => server?.close());

  it('dry run: per-school table with seat pressure and cut-off line, each child explained, what-if on places', async () => {
    const d = await dryRun(db());
    expect(d).toMatchObject({ stage: 'before_draw', complete: false, placed: 12, skipped: [] });
    const yucai = d.schools.find((s) => s.schoolId === PRIVATE)!;
    expect(yucai).toMatchObject({ kind: 'private', places: PLACES, applicants: 10, admitted: 0, awaitingLottery: 10, pressure: 250, pressureLevel: 'red' });
    expect(yucai.cutoff?.line).toBe('民办学校电脑派位');
    const chengguan = d.schools.find((s) => s.schoolId === 'p-chengguan')!;
    expect(chengguan).toMatchObject({ applicants: 2, admitted: 2, pressureLevel: 'green', cutoff: null });
    // The private school's draw, and the tie-break order that ranks its unlucky applicants for reassignment.
    expect(d.pools).toEqual([expect.objectContaining({ code: PRIVATE, kind: 'places', places: PLACES, entries: 10 }), expect.objectContaining({ code: 'tiebreak.primary', kind: 'order', entries: 10 })]);
    expect(d.totals).toEqual({ admitted: 2, awaitingLottery: 10, awaitingReassignment: 0, reassigned: 0 });

    const list = await children(db(), { schoolId: PRIVATE, offset: 0, limit: 50 });
    expect(list.total).toBe(10);
    expect(list.rows[0]).toMatchObject({ status: 'awaiting_lottery', appliedSchoolName: '示例县育才民办小学', explanation: '民办学校 · 报名 10 人 / 计划 4 · 待电脑派位' });
    expect(list.rows[0]!.name).toMatch(/^王\*.$/);
    const one = await children(db(), { query: receipts[10]!.slice(-8), offset: 0, limit: 5 });
    expect(one.rows.map((r) => r.receiptNo)).toEqual([receipts[10]]);
    expect(one.rows[0]!.explanation).toMatch(/^第 1 批次 · 落户 2020-0\d-01 · 房产登记 2018-05-01 · 第 \d 名 \/ 计划 360$/);

    const w = await whatIf(db(), { [PRIVATE]: 10 });
    const row = w.rows.find((r) => r.schoolId === PRIVATE)!;
    expect(row).toMatchObject({ places: [PLACES, 10], awaitingLottery: [10, 0], admitted: [0, 10], pressure: [250, 100], pressureLevel: ['red', 'red'] });
    expect(w.changedCount).toBe(10);
    await expectError(whatIf(db(), { 'no-such-school': 3 }), 'validation_failed', 'no-such-school');
  });

  it('refuses to publish while a draw is outstanding, and to draw before an announcement', async () => {
    await expectError(publishPlacement(db(), {}, '局管理员', NOW), 'state_conflict', '示例县育才民办小学');
    await expectError(drawLottery(db(), { sources: [], secrets: [] }, '局管理员', NOW), 'state_conflict', T.noLottery);
    expect(await lotteryState(db())).toEqual({ lottery: null });
  });

  it('announces, holds the ceremony (wrong secret refused), and the standalone verifier reproduces the bundle', async () => {
    const announced = await announceLottery(
      db(),
      {
        title: '示例县 2026 年民办学校电脑随机派位',
        sources: [{ candidates: [{ id: 'ssq-2026085', description: '中国福利彩票双色球第 2026085 期开奖号码（按开奖顺序）', format: 'int-list:7' }] }],
        parties: SECRETS.map((s) => ({ id: s.id, name: s.name, commitment: commitmentOf(s.secret) })),
      },
      '局管理员',
      NOW,
    );
    const l = announced.lottery!;
    expect(l).toMatchObject({ status: 'announced', draw: null, pools: [{ code: PRIVATE, entries: 10 }, { code: 'tiebreak.primary', entries: 10 }] });
    const digest = l.announcementDigest;
    // One open draw at a time; new approvals after the freeze are not in it.
    await expectError(announceLottery(db(), { title: 'x', sources: [], parties: [] }, '局管理员', NOW), 'state_conflict', digest);
    await send(form(11, PRIVATE, 'zp02'));
    expect((await dryRun(db())).lateApprovals).toBe(1);
    const ann = await lotteryDownload(db(), 'announcement');
    expect(JSON.parse(ann.text)).toMatchObject({ digest, pools: [{ code: PRIVATE }, { code: 'tiebreak.primary' }] });

    // Ceremony steps: a value as typed becomes its canonical form; each secret checked against its commitment.
    expect(await checkSource(db(), 1, 1, '03, 11, 17, 22, 28, 31, 09')).toEqual({ ok: true, value: '3 11 17 22 28 31 9', message: null });
    expect((await checkSource(db(), 1, 1, '3 11 17')).ok).toBe(false);
    expect(await checkPartySecret(db(), 'notary', SECRETS[0]!.secret)).toMatchObject({ ok: true, actual: commitmentOf(SECRETS[0]!.secret) });
    const wrong = await checkPartySecret(db(), 'parents', 'PARENTS-2026-secret-phrasE');
    expect(wrong).toMatchObject({ ok: false, message: T.secretMismatch.replace('{party}', '家长代表') });

    const values = { sources: [{ used: 1, skipped: [], value: '03 11 17 22 28 31 09' }] };
    await expectError(drawLottery(db(), { ...values, secrets: [SECRETS[0]!, { ...SECRETS[1]!, secret: 'PARENTS-2026-secret-phrasE' }].map((s) => ({ party: s.id, secret: s.secret })) }, '局管理员', NOW), 'validation_failed', '家长代表');
    const drawn = await drawLottery(db(), { ...values, secrets: SECRETS.map((s) => ({ party: s.id, secret: s.secret })) }, '局管理员', NOW);
    const d = drawn.lottery!.draw!;
    expect(drawn.lottery!.status).toBe('drawn');
    expect(d.sources[0]!.value).toBe('3 11 17 22 28 31 9');
    expect(d.results[0]!.rows.filter((r) => r.status === 'admitted')).toHaveLength(PLACES);
    await expectError(cancelLottery(db(), '局管理员', NOW), 'state_conflict');

    // Anyone re-runs it with the standalone verifier alone: same seed, same ranked lists, same digest.
    const bundle = await lotteryDownload(db(), 'bundle');
    const v = verifyBundleText(bundle.text, digest);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.seed).toBe(d.seed);
    expect(v.resultDigest).toBe(d.resultDigest);
    expect(v.pools[0]!.rows.map((r) => r.entry.receipts)).toEqual(d.results[0]!.rows.map((r) => r.receipts.join('+')));
    // …and refuses a bundle whose result was edited after the draw.
    const edited = JSON.parse(bundle.text) as { results: { text: string }[] };
    edited.results[0]!.text = edited.results[0]!.text.replace('\tadmitted', '\twaiting');
    expect(verifyBundleText(JSON.stringify(edited)).ok).toBe(false);

    const after = await dryRun(db());
    expect(after).toMatchObject({ stage: 'after_draw', complete: true, placed: 12, lateApprovals: 1 });
    expect(after.schools.find((s) => s.schoolId === PRIVATE)).toMatchObject({ admitted: PLACES, awaitingLottery: 0 });
  });

  it('publishes to the desks: 已录取 / 待调剂 with 中签 / 未中签, key and rank; again sends only what changed', async () => {
    const before = (await results()).length;
    const pub = await publishPlacement(db(), { reportDate: '2026-08-28', reportPlace: '各录取学校' }, '局管理员', NOW);
    expect(pub).toMatchObject({ results: 12, sent: 12 });
    const sent = (await results()).slice(before);
    expect(sent).toHaveLength(12);
    const state = (await lotteryState(db())).lottery!;
    expect(state.status).toBe('published');
    const drawRows = state.draw!.results[0]!.rows;
    const yucai = sent.filter((r): r is ReviewResult & { lottery: NonNullable<ReviewResult['lottery']> } => r.lottery !== undefined);
    expect(yucai).toHaveLength(10);
    const won = yucai.filter((r) => r.lottery.won);
    expect(won).toHaveLength(PLACES);
    for (const r of won) expect(r).toMatchObject({ outcome: 'admitted', schoolCode: PRIVATE, schoolName: '示例县育才民办小学', reportDate: '2026-08-28' });
    for (const r of yucai) {
      const receipt = [...ids].find(([, id]) => id === r.applicationId)![0];
      const row = drawRows.find((x) => x.receipts.includes(receipt))!;
      expect(r.lottery).toMatchObject({ pool: PRIVATE, rank: row.rank, of: 10, places: PLACES, key: row.key, seed: state.draw!.seed, resultDigest: state.draw!.resultDigest, announcementDigest: state.announcementDigest });
      expect(r.lottery.won).toBe(row.status === 'admitted');
      // The losers go on to reassignment (the sample plan gives private schools none: the bureau places them).
      if (!r.lottery.won) expect(r.outcome).toMatch(/^(awaiting_reassignment|reassigned)$/);
      expect(r.reasons[0]).toContain(r.lottery.won ? '中签' : '未中签');
    }
    expect(sent.filter((r) => r.lottery === undefined).every((r) => r.outcome === 'admitted' && r.schoolCode === 'p-chengguan')).toBe(true);

    const again = await publishPlacement(db(), { reportDate: '2026-08-28', reportPlace: '各录取学校' }, '局管理员', NOW);
    expect(again).toMatchObject({ results: 12, sent: 0 });
    expect(await results()).toHaveLength(before + 12);
    expect((await dryRun(db())).publication).toMatchObject({ results: 12, sent: 0, publishedBy: '局管理员' });
  });

  it("exports a school's list as XLSX with masked ID numbers and each child's explanation", async () => {
    const file = await exportSchool(db(), PRIVATE);
    expect(file.fileName).toBe('2026-p-yucai-示例县育才民办小学.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as (string | number | null | undefined)[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]![0]).toContain('示例县育才民办小学');
    expect(rows[2]).toEqual(['序号', '回执号', '姓名', '身份证件号', '报名学校', '结果', '录取学校', '批次', '派位序号', '说明']);
    const body = rows.slice(3);
    expect(body).toHaveLength(10);
    expect(body.slice(0, PLACES).every((r) => r[5] === '已录取' && r[8]!.endsWith(' 中签'))).toBe(true);
    for (const r of body) {
      expect(r[3]).toMatch(/^3799\*{10}\d{3}X$/);
      expect(r[2]).toMatch(/^王\*.$/);
    }
    await expectError(exportSchool(db(), 'nowhere'), 'not_found', 'nowhere');
  });
});
