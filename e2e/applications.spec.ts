// The application list, detail view and county plan pages as staff use them: search as you type
// (names, pinyin initials, ID parts, phones, receipt numbers), filters, the keyboard, voiding,
// plan import with exact problem paths, and a list of thousands that scrolls without lag.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, type DeskFixture, approvedOutsideWindow } from './fixtures';
import { houseHukouApplication, makeId } from '../electron/core/testing/fixtures';
import type { ApplicationDraft } from '../shared/contract';
import { maskId } from '../shared/domain/mask';
import type { CountyPlan } from '../shared/plan/schema';

// The counter PCs' screen.
test.use({ viewport: { width: 1366, height: 768 } });

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };
const SAMPLE_PLAN = join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json');

interface Active {
  info: { planKey: string; version: string };
  plan: CountyPlan;
}

async function setUp(desk: DeskFixture): Promise<Active> {
  const setup = await desk.rpc('setup.initialize', {
    counterName: '示例县政务服务中心 1 号窗口',
    counterCode: 'A01',
    countyCode: '379901',
    admin: ADMIN,
  });
  expect(setup.ok, JSON.stringify(setup.error)).toBe(true);
  const active = await desk.rpc('plans.getActive', {});
  expect(active.ok).toBe(true);
  return active.value as Active;
}

async function submit(desk: DeskFixture, planKey: string, data: ApplicationDraft): Promise<{ id: string; receiptNo: string }> {
  const res = await desk.rpc('applications.submit', await approvedOutsideWindow(desk.rpc, { id: randomUUID(), data, planKey, confirmNearMatches: true }));
  if (!res.ok) throw new Error(`submit failed: ${JSON.stringify(res.error)}`);
  return res.value as { id: string; receiptNo: string };
}

/** The n-th primary zone with one school, so seeded children spread over several schools. */
function zoneAt(plan: CountyPlan, n: number) {
  const zones = plan.zones.filter((z) => z.level === 'primary' && z.schoolIds.length === 1);
  const zone = zones[n % zones.length];
  if (!zone) throw new Error('no single-school primary zone');
  return { zoneEntryId: zone.id, schoolId: zone.schoolIds[0] as string };
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'];
const GIVEN = ['子轩', '浩然', '梓涵', '一诺', '欣怡', '宇航', '思远', '雨桐', '俊熙', '诗涵', '博文', '佳琪', '明轩', '若曦', '天佑', '可馨'];

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The i-th generated child: a distinct valid ID (seq 1xx; the named children below use 9xx), spread schools. */
function bulkChild(plan: CountyPlan, i: number): ApplicationDraft {
  const birthDate = addDays('2019-09-01', i % 366);
  const seq = String(101 + 2 * Math.floor(i / 366)).padStart(3, '0');
  const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`;
  return { ...houseHukouApplication(plan, { name, birthDate, idNumber: makeId('370102', birthDate, seq) }), school: zoneAt(plan, i) };
}

/** Seeds `count` applications over a few parallel connections; returns them in submission order. */
async function seedBulk(desk: DeskFixture, active: Active, count: number, from = 0): Promise<{ id: string; receiptNo: string }[]> {
  const out: { id: string; receiptNo: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await submit(desk, active.info.planKey, bulkChild(active.plan, from + i));
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return out;
}

/** The list's count once the answer to the current search and filters is on screen. */
async function expectTotal(page: Page, total: number): Promise<void> {
  await expect(page.getByTestId('apps-summary')).toHaveAttribute('data-searching', 'false');
  await expect(page.getByTestId('apps-count')).toHaveAttribute('data-total', String(total));
}

/**
 * 受理日期 by keyboard: the start typed once the picker's panel is open (a value filled while it opens is reset by
 * it: seen under load, the start was empty and the end alone applied), then Enter, the end, Enter.
 */
async function pickRange(page: Page, from: string, to: string): Promise<void> {
  const inputs = page.getByTestId('apps-filter-dates').locator('input');
  await inputs.first().click();
  await expect(page.locator('.ant-picker-dropdown:visible')).toHaveCount(1);
  await inputs.first().fill(from);
  await inputs.first().press('Enter');
  await expect(inputs.first()).toHaveValue(from);
  await inputs.nth(1).fill(to);
  await inputs.nth(1).press('Enter');
}

async function search(page: Page, query: string, total: number): Promise<void> {
  await page.getByTestId('apps-search').fill(query);
  await expectTotal(page, total);
}

/** The few DOM members the specs use inside the page (this project's Node config has no DOM types). */
interface Box {
  scrollTop: number;
  scrollHeight: number;
  getBoundingClientRect(): { top: number };
  querySelector(selector: string): Box | null;
}

/** A screenshot with the page scrolled so that `testId` is at the top (the page scrolls inside the frame). */
async function shotAt(page: Page, desk: DeskFixture, name: string, testId?: string): Promise<void> {
  await page.getByTestId('page-content').evaluate((node: unknown, id: string | undefined) => {
    const el = node as Box;
    const target = id ? el.querySelector(`[data-testid="${id}"]`) : null;
    el.scrollTop = target ? target.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop - 12 : 0;
  }, testId);
  await desk.shot(page, name);
}

/** Picks an option of an antd select by its visible label. */
async function pick(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  // Long lists are virtual in the dropdown: narrow them down first, as a clerk would by typing.
  await page.keyboard.type(label);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${label}$`) }).click();
  await page.keyboard.press('Escape');
}

test('application list: search, filters, keyboard, detail, edit links and voiding', async ({ page, desk }) => {
  const active = await setUp(desk);
  const plan = active.plan;
  const key = active.info.planKey;

  // Named children the search must find, among ordinary ones.
  await seedBulk(desk, active, 30);
  const nana = await submit(desk, key, {
    ...houseHukouApplication(plan, { name: '欧阳娜娜', birthDate: '2020-02-29', idNumber: makeId('370102', '2020-02-29', '901'), fatherMobile: '13700001234' }),
    school: zoneAt(plan, 2),
  });
  const nanaId = makeId('370102', '2020-02-29', '901');
  const rare = await submit(desk, key, houseHukouApplication(plan, { name: '𠮷祥', birthDate: '2020-03-03', idNumber: makeId('370102', '2020-03-03', '903') }));
  const long = await submit(
    desk,
    key,
    houseHukouApplication(plan, { name: '迪丽热巴·迪力木拉提', birthDate: '2020-04-04', idNumber: makeId('370102', '2020-04-04', '905') }),
  );
  const otherBase = houseHukouApplication(plan, { name: '李思琪', birthDate: '2020-05-05', idNumber: makeId('370102', '2020-05-05', '907'), type: 'other' });
  const other = await submit(desk, key, {
    ...otherBase,
    typeDecision: { derived: 'house_hukou', chosen: 'other', overrideReason: '家长自愿放弃片区学位，申请统筹安排' },
  });
  const draft = await desk.rpc('applications.saveDraft', { data: { grade: 'primary1', child: { name: '赵未完' } } });
  expect(draft.ok).toBe(true);
  const draftId = (draft.value as { id: string }).id;
  const submitted = 34;

  await page.goto(desk.url);
  await page.getByTestId('nav-applications').click();
  await expect(page.getByTestId('apps-list')).toBeVisible();
  await expectTotal(page, submitted + 1);
  // No developer timing on a clerk's screen (issue 10: it showed 用时 0.6 毫秒).
  await expect(page.getByTestId('apps-summary')).not.toContainText('毫秒');
  // The newest first: the draft, then 李思琪.
  const firstRows = page.getByTestId('apps-table').locator('[role="row"][data-index]');
  await expect(firstRows.first()).toHaveAttribute('data-testid', `apps-row-${draftId}`);
  await expect(page.getByTestId(`apps-row-${other.receiptNo}`)).toContainText('其他');
  // The list masks ID numbers, as every printout does; searching by any part still finds them (below).
  await expect(page.getByTestId(`apps-row-${nana.receiptNo}`)).toContainText(maskId(nanaId));
  await expect(page.getByTestId(`apps-row-${nana.receiptNo}`)).not.toContainText(nanaId);
  await expect(page.getByTestId(`apps-row-${nana.receiptNo}`)).toContainText('已受理');
  await expect(page.getByTestId(`apps-row-${nana.receiptNo}`)).toContainText('未同步');
  await expect(page.getByTestId(`apps-row-${nana.receiptNo}`)).toContainText(plan.schools.find((s) => s.id === zoneAt(plan, 2).schoolId)?.name ?? '?');
  await expect(page.getByTestId(`apps-row-${draftId}`)).toContainText('草稿');
  await desk.shot(page, '01-list');

  // ---- Search as you type: the cursor starts in the box.
  await expect(page.getByTestId('apps-search')).toBeFocused();
  await search(page, '阳娜', 1); // two characters: the gram table
  await expect(page.getByTestId(`apps-row-${nana.receiptNo}`)).toBeVisible();
  await search(page, '欧阳娜', 1); // three or more: trigram FTS
  await search(page, 'oynn', 1); // pinyin initials
  await expect(page.getByTestId(`apps-row-${nana.receiptNo}`)).toBeVisible();
  await desk.shot(page, '02-search-pinyin');
  await search(page, nanaId.slice(-6), 1); // ID suffix
  await search(page, '00001234', 1); // part of the guardian's phone
  await search(page, nana.receiptNo, 1); // receipt number with dashes
  await expect(page.getByTestId(`apps-row-${nana.receiptNo}`)).toBeVisible();
  await search(page, nana.receiptNo.slice(-9).replace(/-/g, ''), 1); // its tail without dashes
  await search(page, '𠮷', 1); // a CJK Extension B character stays exact
  await expect(page.getByTestId(`apps-row-${rare.receiptNo}`)).toContainText('𠮷祥');
  await search(page, '迪丽热巴·迪力', 1);
  await expect(page.getByTestId(`apps-row-${long.receiptNo}`)).toBeVisible();
  await search(page, '不存在的名字', 0);
  await expect(page.getByTestId('apps-empty')).toContainText('没有符合条件的申请');
  await desk.shot(page, '03-search-empty');

  // Esc clears the search.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('apps-search')).toHaveValue('');
  await expectTotal(page, submitted + 1);

  // ---- Filters, combined with the search.
  await pick(page, 'apps-filter-type', '其他');
  await expectTotal(page, 1);
  await expect(page.getByTestId(`apps-row-${other.receiptNo}`)).toBeVisible();
  await search(page, '欧阳', 0);
  await search(page, '李思', 1);
  await page.getByTestId('apps-filter-clear').click();
  await search(page, '', submitted + 1);

  const school = zoneAt(plan, 2).schoolId;
  const schoolName = plan.schools.find((s) => s.id === school)?.name ?? '';
  await pick(page, 'apps-filter-school', schoolName);
  const inSchool = await page.getByTestId('apps-count').getAttribute('data-total');
  expect(Number(inSchool)).toBeGreaterThan(1);
  expect(Number(inSchool)).toBeLessThan(submitted);
  await search(page, 'oynn', 1);
  await search(page, '', Number(inSchool));
  await page.getByTestId('apps-filter-clear').click();
  await expectTotal(page, submitted + 1);

  await page.getByTestId('apps-filter-drafts').click();
  await expectTotal(page, submitted);
  await expect(page.getByTestId(`apps-row-${draftId}`)).toHaveCount(0);
  await page.getByTestId('apps-filter-drafts').click();
  await expectTotal(page, submitted + 1);

  await pick(page, 'apps-filter-sync', '冲突');
  await expectTotal(page, 0);
  await pick(page, 'apps-filter-sync', '未同步');
  await expectTotal(page, submitted + 1);
  await page.getByTestId('apps-filter-clear').click();

  await pick(page, 'apps-filter-status', '草稿');
  await expectTotal(page, 1);
  await page.getByTestId('apps-filter-clear').click();

  // 受理日期: a range around today holds them all (whatever the UTC offset); a later one none.
  const today = new Date().toISOString().slice(0, 10);
  const dates = page.getByTestId('apps-filter-dates');
  await pickRange(page, addDays(today, 2), addDays(today, 30));
  await expectTotal(page, 0);
  await desk.shot(page, '04-filters-none');
  await page.getByTestId('apps-filter-clear').click();
  await expectTotal(page, submitted + 1);
  // The picker must have closed and emptied before it is used again, or typing races its animation.
  await expect(dates.locator('input').first()).toHaveValue('');
  await expect(page.locator('.ant-picker-dropdown:visible')).toHaveCount(0);
  await pickRange(page, addDays(today, -1), addDays(today, 1));
  // The range is applied (the clear link appears), not merely absent.
  await expect(page.getByTestId('apps-filter-clear')).toBeVisible();
  await expectTotal(page, submitted + 1);
  await page.getByTestId('apps-filter-clear').click();

  // ---- Keyboard: / focuses the search from anywhere, ↑/↓ select, Enter opens, Esc returns.
  await page.getByRole('heading', { name: '申请列表' }).click();
  await expect(page.getByTestId('apps-search')).not.toBeFocused();
  await page.keyboard.press('/');
  await expect(page.getByTestId('apps-search')).toBeFocused();
  await expect(page.getByTestId('apps-search')).toHaveValue('');
  const rows = page.getByTestId('apps-table').locator('[role="row"][data-index]');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
  const secondId = await rows.nth(1).getAttribute('data-testid');
  expect(secondId).toBe(`apps-row-${other.receiptNo}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-detail')).toBeVisible();
  await expect(page.getByTestId('app-detail-receipt')).toHaveText(other.receiptNo);
  await expect(page.getByTestId('app-detail-type')).toContainText('家长自愿放弃片区学位');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('apps-list')).toBeVisible();

  await page.keyboard.press('/');
  await page.keyboard.type('oynn');
  await expectTotal(page, 1);
  await page.keyboard.press('Enter');

  // ---- Detail: everything recorded, grouped like the form.
  const detail = page.getByTestId('app-detail');
  await expect(detail).toBeVisible();
  await expect(page).toHaveURL(/#\/applications\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('app-detail-receipt')).toHaveText(nana.receiptNo);
  await expect(page.getByTestId('app-detail-status')).toHaveText('已受理');
  await expect(page.getByTestId('app-detail-sync')).toContainText('未同步');
  // The system administrator does not check originals: the detail masks the number for them too.
  await expect(page.getByTestId('app-detail-child-id')).toHaveText(maskId(nanaId));
  await expect(page.getByTestId('app-detail-child-name')).toHaveText('欧阳娜娜');
  await expect(page.getByTestId('app-detail-guardians')).toContainText('13700001234');
  await expect(page.getByTestId('app-detail-guardians')).toContainText('张大伟');
  await expect(page.getByTestId('app-detail-housing')).toContainText('不动产权证书');
  await expect(page.getByTestId('app-detail-school')).toContainText(schoolName);
  await expect(page.getByTestId('app-detail-type')).toContainText('房户一致');
  await expect(page.getByTestId('app-detail-materials')).toContainText('户口簿');
  await expect(page.getByTestId('app-detail-materials')).toContainText('原件已核');
  await expect(page.getByTestId('app-detail-plan')).toContainText('2026.1');
  await expect(page.getByTestId('app-detail-revisions')).toContainText('首次受理');
  await expect(page.getByTestId('app-detail-history')).toContainText('提交受理');
  await expect(page.getByTestId('app-resume')).toHaveCount(0);
  await shotAt(page, desk, '05-detail');
  await shotAt(page, desk, '05b-detail-materials-history', 'app-detail-school');

  // 作废 as admin: the reason is required.
  await page.getByTestId('app-void').click();
  await expect(page.getByTestId('app-void-reason')).toBeFocused();
  await desk.shot(page, '06-void-modal');
  await page.getByTestId('app-void-confirm').click();
  await expect(page.getByRole('dialog')).toContainText('请填写作废原因');
  await page.getByTestId('app-void-reason').fill('家长申请撤回，改报民办学校');
  await page.getByTestId('app-void-confirm').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('app-detail-status')).toHaveText('已作废');
  await expect(page.getByTestId('app-detail-void-reason')).toHaveText('家长申请撤回，改报民办学校');
  await expect(page.getByTestId('app-detail-history')).toContainText('作废申请');
  await expect(page.getByTestId('app-detail-history')).toContainText('家长申请撤回，改报民办学校');
  await expect(page.getByTestId('app-void')).toHaveCount(0);
  await expect(page.getByTestId('app-edit')).toHaveCount(0);
  await desk.shot(page, '07-detail-voided');

  // The list heard applications.changed: the row is void, the status filter finds it.
  await page.getByTestId('app-back').click();
  await expect(page.getByTestId('apps-search')).toHaveValue('oynn');
  await expect(page.getByTestId(`apps-row-${nana.receiptNo}`)).toContainText('已作废');
  await page.keyboard.press('Escape');
  await pick(page, 'apps-filter-status', '已作废');
  await expectTotal(page, 1);
  await page.getByTestId('apps-filter-clear').click();

  // 修改 opens the intake wizard in edit mode; a draft's 继续填写 resumes it there.
  await page.getByTestId(`apps-row-${rare.receiptNo}`).click();
  await expect(page.getByTestId('app-detail-child-name')).toHaveText('𠮷祥');
  await page.getByTestId('app-edit').click();
  await expect(page).toHaveURL(new RegExp(`#/intake/${rare.id}$`));
  await page.goto(new URL(`#/applications/${draftId}`, page.url()).href);
  await expect(page.getByTestId('app-detail-status')).toHaveText('草稿');
  await expect(page.getByTestId('app-detail-receipt')).toContainText('尚无回执号');
  await expect(page.getByTestId('app-void')).toHaveCount(0);
  await desk.shot(page, '08-detail-draft');
  await page.getByTestId('app-resume').click();
  await expect(page).toHaveURL(new RegExp(`#/intake/${draftId}$`));

  // 放弃草稿 asks first.
  await page.goto(new URL(`#/applications/${draftId}`, page.url()).href);
  await page.getByTestId('app-discard').click();
  await page.getByRole('dialog').getByRole('button', { name: /放弃草稿/ }).click();
  await expect(page.getByTestId('apps-list')).toBeVisible();
  await expect(page.getByTestId(`apps-row-${draftId}`)).toContainText('已作废');

  // Another counter action while the list is open: applications.changed refreshes it.
  await expectTotal(page, submitted + 1);
  const lateId = makeId('370102', '2020-06-06', '909');
  const late = await submit(desk, key, houseHukouApplication(plan, { name: '孙晚到', birthDate: '2020-06-06', idNumber: lateId }));
  await expectTotal(page, submitted + 2);
  await expect(page.getByTestId(`apps-row-${late.receiptNo}`)).toBeVisible();

  // A clerk sees 作废 but cannot use it; the core would refuse them anyway.
  expect((await desk.rpc('staff.create', { username: 'zhangsan', displayName: '张三', role: 'clerk', password: 'Temp2026ok' })).ok).toBe(true);
  expect((await desk.rpc('auth.login', { username: 'zhangsan', password: 'Temp2026ok' })).ok).toBe(true);
  expect((await desk.rpc('auth.changePassword', { currentPassword: 'Temp2026ok', newPassword: 'Zhang2026ok' })).ok).toBe(true);
  const refused = await desk.rpc('applications.void', { id: late.id, reason: '受理员尝试作废' });
  expect(refused.error?.code).toBe('FORBIDDEN');
  await page.goto(new URL(`#/applications/${late.id}`, page.url()).href);
  await page.reload();
  await expect(page.getByTestId('header-staff')).toContainText('张三');
  await expect(page.getByTestId('app-detail-receipt')).toHaveText(late.receiptNo);
  // The clerk checks the ID card against the record: the full number.
  await expect(page.getByTestId('app-detail-child-id')).toHaveText(lateId);
  await expect(page.getByTestId('app-void')).toBeDisabled();
  await expect(page.getByTestId('app-edit')).toBeEnabled();
});

test('list of 2,000 applications: pages load as it scrolls, only a window of rows is in the DOM', async ({ page, desk }) => {
  test.setTimeout(300_000);
  const active = await setUp(desk);
  const N = 2000;
  const t0 = performance.now();
  const seeded = await seedBulk(desk, active, N);
  const seedMs = performance.now() - t0;
  console.log(`seeded ${N} applications in ${(seedMs / 1000).toFixed(1)} s (${(seedMs / N).toFixed(1)} ms each)`);

  await page.goto(desk.url);
  await page.getByTestId('nav-applications').click();
  await expectTotal(page, N);
  const table = page.getByTestId('apps-table');
  const domRows = table.locator('[role="row"][data-index]');
  // Newest first: the last seeded is on top, the first seeded at the very bottom.
  const newest = seeded.reduce((a, b) => (a.receiptNo > b.receiptNo ? a : b));
  const oldest = seeded.reduce((a, b) => (a.receiptNo < b.receiptNo ? a : b));
  await expect(page.getByTestId(`apps-row-${newest.receiptNo}`)).toBeVisible();
  expect(await domRows.count()).toBeLessThan(60);
  await desk.shot(page, '09-list-2000-top');

  // Wheel through the list as a clerk would, watching for long tasks on the main thread.
  await page.evaluate(
    "window.__long = []; new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask' })",
  );
  const box = await table.boundingBox();
  if (!box) throw new Error('table has no box');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const t1 = performance.now();
  for (let i = 0; i < 40; i++) await page.mouse.wheel(0, 1200);
  await expect.poll(async () => Number(await domRows.first().getAttribute('data-index'))).toBeGreaterThan(1000);
  // Then to the very end with the scrollbar (End of a long list is one drag away).
  await table.evaluate((node: unknown) => {
    const el = node as Box;
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.getByTestId(`apps-row-${oldest.receiptNo}`)).toBeVisible();
  const scrollMs = performance.now() - t1;
  const longTasks = await page.evaluate<number[]>('window.__long');
  console.log(`scrolled to the last of ${N} rows in ${scrollMs.toFixed(0)} ms; long tasks: ${JSON.stringify(longTasks.map(Math.round))}`);
  expect(Math.max(0, ...longTasks)).toBeLessThan(250);
  const lastIndex = await page.getByTestId(`apps-row-${oldest.receiptNo}`).getAttribute('data-index');
  expect(lastIndex).toBe(String(N - 1));
  expect(await domRows.count()).toBeLessThan(60);
  // No row is left waiting for its page.
  await expect(table.getByText('正在加载…')).toHaveCount(0);
  await desk.shot(page, '10-list-2000-bottom');

  // Back from a detail, the list is where it was.
  await page.getByTestId(`apps-row-${oldest.receiptNo}`).click();
  await expect(page.getByTestId('app-detail-receipt')).toHaveText(oldest.receiptNo);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId(`apps-row-${oldest.receiptNo}`)).toBeVisible();
  await expect(page.getByTestId(`apps-row-${oldest.receiptNo}`)).toHaveAttribute('aria-selected', 'true');

  // The keyboard keeps up too: the selection moves up from the last row and stays in view.
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowUp');
  const selected = table.locator('[aria-selected="true"]');
  await expect(selected).toHaveAttribute('data-index', String(N - 31));
  await expect(selected).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-detail')).toBeVisible();
});

test('search: a whole receipt number typed without dashes', async ({ page, desk }) => {
  const active = await setUp(desk);
  const [app] = await seedBulk(desk, active, 1);
  if (!app) throw new Error('not seeded');
  await page.goto(desk.url);
  await page.getByTestId('nav-applications').click();
  await expectTotal(page, 1);
  await search(page, app.receiptNo.replace(/-/g, ''), 1);
});

test('受理日期 typed at full speed on a slow PC: nothing typed is lost while the list re-renders', async ({ page, desk }) => {
  // The picker was given a new value object at every render and reset what was being typed: under load a range
  // typed ahead of the screen came out empty or half (CI saw the start lost). Keys here are typed with no waits, as a
  // clerk types, on a CPU slowed 8×: without the fix a range was lost within 6 rounds; with it, 6 of 6 held.
  test.setTimeout(300_000);
  const active = await setUp(desk);
  await seedBulk(desk, active, 3);
  await page.goto(desk.url);
  await page.getByTestId('nav-applications').click();
  await expectTotal(page, 3);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
  const inputs = page.getByTestId('apps-filter-dates').locator('input');
  const today = new Date().toISOString().slice(0, 10);
  const typed: string[] = [];
  const rounds = [1, 2, 3, 4, 5];
  for (const i of rounds) {
    const [from, to] = [addDays(today, 1 + i), addDays(today, 20 + i)]; // after today in any time zone
    await inputs.first().click();
    await page.keyboard.type(from);
    await page.keyboard.press('Enter');
    await page.keyboard.type(to);
    await page.keyboard.press('Enter');
    await expectTotal(page, 0);
    typed.push(`${await inputs.first().inputValue()}..${await inputs.nth(1).inputValue()} (typed ${from}..${to})`);
    await page.getByTestId('apps-filter-clear').click();
    await expect(inputs.first()).toHaveValue('');
    await expect(page.locator('.ant-picker-dropdown:visible')).toHaveCount(0);
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  expect(typed).toEqual(rounds.map((i) => `${addDays(today, 1 + i)}..${addDays(today, 20 + i)} (typed ${addDays(today, 1 + i)}..${addDays(today, 20 + i)})`));
});

test('plans page: sample badge, zones, broken import lists exact paths, a valid plan becomes active', async ({ page, desk }) => {
  await setUp(desk);
  await page.goto(desk.url);
  await expect(page.getByTestId('home-page')).toBeVisible();
  await expect(page.getByTestId('home-plan-version')).toContainText('2026.1');
  await expect(page.getByTestId('home-plan-sample')).toBeVisible();
  await desk.shot(page, '11-home');

  await page.getByTestId('home-link-plans').click();
  await expect(page.getByTestId('plans-page')).toBeVisible();
  await expect(page.getByTestId('plans-active-version')).toContainText('2026.1');
  await expect(page.getByTestId('plans-sample-badge')).toContainText('示例');
  await expect(page.getByTestId('plans-sample-notice')).toContainText('示例方案，仅供熟悉系统，正式受理前请导入本县招生方案');
  await expect(page.getByTestId('plans-overview')).toContainText('示例县（示例）（379901）');
  await expect(page.getByTestId('plans-overview')).toContainText('2026-06-15 至 2026-07-10');
  await expect(page.getByTestId('plans-schools')).toContainText('示例县育才民办小学');
  await expect(page.getByTestId('plans-types')).toContainText('第 1 顺位');
  await expect(page.getByTestId('plans-points')).toContainText('居住证：每月 1 分');
  await expect(page.getByTestId('plans-hotlines')).toContainText('0000-1234567');
  await page.getByTestId('plans-zone-search').fill('锦绣');
  await expect(page.getByTestId('plans-zones').getByTestId('plans-zone-overlap')).toHaveCount(2);
  await shotAt(page, desk, '12-plans');
  await shotAt(page, desk, '12b-plans-zones', 'plans-zones');
  await shotAt(page, desk, '12c-plans-types', 'plans-types');

  // A broken plan: every problem listed at its exact path, nothing imported.
  const sample = JSON.parse(readFileSync(SAMPLE_PLAN, 'utf8')) as Record<string, unknown> & { zones: { schoolIds: string[] }[]; schools: { plannedPlaces: number }[] };
  const broken = structuredClone(sample);
  (broken.zones[12] as { schoolIds: string[] }).schoolIds[0] = 'p-nowhere';
  (broken.schools[0] as { plannedPlaces: number }).plannedPlaces = -5;
  broken.version = '2026-2';
  await page.getByTestId('plans-import-file').setInputFiles({ name: 'broken-plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  const problems = page.getByTestId('plans-import-problems');
  await expect(problems).toBeVisible();
  await expect(problems).toContainText('zones.12.schoolIds.0');
  await expect(problems).toContainText('p-nowhere');
  await expect(problems).toContainText('schools.0.plannedPlaces');
  await expect(problems).toContainText('version');
  await expect(page.getByTestId('plans-active-version')).toContainText('2026.1');
  await shotAt(page, desk, '13-plans-import-problems');

  // Not JSON at all.
  await page.getByTestId('plans-import-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('这不是方案') });
  await expect(problems).toContainText('不是合法的 JSON');

  // A corrected plan, version bumped and no longer a sample, becomes the active one.
  const next = { ...structuredClone(sample), version: '2026.2', sample: false };
  await page.getByTestId('plans-import-file').setInputFiles({ name: 'plan-2026.2.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(next)) });
  await expect(page.getByTestId('plans-import-result')).toContainText('2026.2');
  await expect(page.getByTestId('plans-import-problems')).toHaveCount(0);
  await expect(page.getByTestId('plans-active-version')).toContainText('2026.2');
  await expect(page.getByTestId('plans-sample-badge')).toHaveCount(0);
  await expect(page.getByTestId('plans-sample-notice')).toHaveCount(0);
  await expect(page.getByTestId('plans-version-2026.2')).toHaveAttribute('data-active', 'true');
  await expect(page.getByTestId('plans-version-2026.1')).toHaveAttribute('data-active', 'false');
  await shotAt(page, desk, '14-plans-imported');

  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('home-plan-version')).toContainText('2026.2');
  await expect(page.getByTestId('home-plan-sample')).toHaveCount(0);
});
