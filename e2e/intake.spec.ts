// The intake wizard as a counter clerk uses it: a walk-in family taken from 新建申请 to 已受理 with
// the keyboard alone (no clicks inside the wizard), against the real core through the browser
// harness. Covers a 房户一致 family, a migrant family with points, rare-character and minority
// names kept exactly, a wrong check digit refused at the field, and a reload that resumes the draft.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, type DeskFixture } from './fixtures';
import { checkDigit } from '../shared/domain/idNumber';
import { computeMigrantPoints } from '../shared/domain/points';
import { validatePlan, type CountyPlan } from '../shared/plan/schema';
import type { ApplicationSummary } from '../shared/contract';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

// The smallest counter screen we support: the step and the summary side by side, no sideways scrolling.
test.use({ viewport: { width: 1366, height: 768 } });

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  // A string, because e2e/ type-checks without the DOM lib.
  const overflow = await page.evaluate<number>(
    "(() => { const el = document.querySelector('[data-testid=\"page-content\"]'); return el ? el.scrollWidth - el.clientWidth : 1; })()",
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

function samplePlan(): CountyPlan {
  const checked = validatePlan(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json'), 'utf8')));
  if (!checked.ok) throw new Error('sample plan invalid');
  return checked.plan;
}

/** A valid resident ID: area + birth date + sequence (odd = male) + GB 11643 check character. */
function residentId(area: string, birth: string, seq: number): string {
  const first17 = `${area}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

/** The same number with a check character that is certainly wrong. */
function wrongCheck(id: string): string {
  const right = id.slice(17);
  return id.slice(0, 17) + (right === '1' ? '2' : '1');
}

interface Guardian {
  /** Typed into the relation select to find it, e.g. '父亲'. */
  relation: string;
  name: string;
  id: string;
  mobile: string;
  migrant?: { residencePermit: number; socialInsurance: number; businessLicence: number };
}

interface Applicant {
  childName: string;
  childId: string;
  guardians: Guardian[];
  hukou: { inCounty: true; address: string; moveIn: string } | { inCounty: false; address: string };
  housing: { kind: string; certificate: string; owner?: string; ownerName?: string; registered?: string; address: string };
  zoneQuery: string;
  /** Key per material row ('1' original seen, '2' copy kept, '3' missing); '1' when not listed. */
  materials?: Record<string, '1' | '2' | '3'>;
}

async function setUp(page: Page, desk: DeskFixture): Promise<void> {
  const res = await desk.rpc('setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  expect(res.ok, JSON.stringify(res.error)).toBe(true);
  await page.goto(desk.url);
  await expect(page.getByTestId('main-frame')).toBeVisible();
  await page.getByTestId('nav-intake').click();
  await expect(page.getByTestId('intake-new')).toBeFocused();
}

const key = (page: Page, k: string) => page.keyboard.press(k);

/** Tests run on the real date: is the counter's day outside the sample plan's 报名时间 (2026-06-15 to 2026-07-10)? */
const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const outsideWindow = day < '2026-06-15' || day > '2026-07-10';

/**
 * Outside the 报名时间 the core holds the submission until a supervisor approves (issue 10): the wizard has said so
 * on every step, and the approval dialog opens by itself with the cursor in 原因; the signed-in admin types one and
 * Enter, and the submission goes on.
 */
async function approveWindow(page: Page, desk: DeskFixture, prefix: string): Promise<void> {
  if (!outsideWindow) return;
  await expect(page.getByTestId('intake-window-warning')).toContainText('须经主管批准');
  await expect(page.getByTestId('intake-window-reason')).toBeFocused();
  await desk.shot(page, `${prefix}-08a-window-approval`);
  await typeEnter(page, '家长外出务工返乡，经教育局同意补报');
}

async function typeEnter(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
  await key(page, 'Enter');
}

/** A type-to-find option list: type, one Enter picks the highlighted match and moves on. */
async function pick(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
  await expect(page.locator('[role="listbox"] [data-active="true"]')).toContainText(text);
  await key(page, 'Enter');
  await expect(page.locator('[role="listbox"]')).toHaveCount(0);
}

async function expectStep(page: Page, n: number): Promise<void> {
  await expect(page.getByTestId(`intake-step-${n}`)).toBeVisible();
}

async function nextStep(page: Page, n: number): Promise<void> {
  await key(page, 'Alt+ArrowRight');
  await expectStep(page, n);
}

const field = (page: Page, path: string) => page.getByTestId(`f-${path}`);

async function stepChild(page: Page, a: Applicant, desk: DeskFixture, prefix: string, badIdFirst = false): Promise<void> {
  await expectStep(page, 1);
  // The cursor starts in the first unanswered field: the grade (小学一年级) is preset from the plan.
  await expect(field(page, 'child.name')).toBeFocused();
  await typeEnter(page, a.childName);
  // Enter passes over the preset 居民身份证 (Tab still reaches it).
  await expect(field(page, 'child.idNumber')).toBeFocused();
  if (badIdFirst) {
    await typeEnter(page, wrongCheck(a.childId));
    const error = page.getByTestId('error-child.idNumber');
    await expect(error).toContainText('校验位不正确');
    await expect(error).toContainText(`应为 ${a.childId.slice(17)}`);
    // Nothing else was lost.
    await expect(field(page, 'child.name')).toHaveValue(a.childName);
    await desk.shot(page, `${prefix}-01a-wrong-check-digit`);
    // Back into the number with Shift+Tab, retype it.
    await expect(page.getByTestId('intake-next')).toBeFocused();
    await key(page, 'Shift+Tab');
    await expect(field(page, 'child.idNumber')).toBeFocused();
    await key(page, 'Control+A');
  }
  await page.keyboard.type(a.childId);
  await expect(page.getByTestId('error-child.idNumber')).toHaveCount(0);
  // Birth date and sex come from the number; the age check is shown at once.
  await expect(field(page, 'child.birthDate')).toHaveValue(`${a.childId.slice(6, 10)}-${a.childId.slice(10, 12)}-${a.childId.slice(12, 14)}`);
  await expect(page.getByTestId('intake-age-check')).toContainText('符合小学一年级入学年龄');
  await desk.shot(page, `${prefix}-01-child`);
  // Enter on the step's last field goes on to the next step.
  await key(page, 'Enter');
  await expectStep(page, 2);
}

async function fillGuardian(page: Page, i: number, g: Guardian): Promise<void> {
  if (i > 0 && (await field(page, `guardians.${i}.name`).evaluate((el) => el === el.ownerDocument.activeElement))) {
    // The second guardian is preset as the other parent; the cursor is in the name.
    await expect(field(page, `guardians.${i}.relation`)).toHaveValue(g.relation);
  } else {
    await expect(field(page, `guardians.${i}.relation`)).toBeFocused();
    await pick(page, g.relation);
  }
  await expect(field(page, `guardians.${i}.name`)).toBeFocused();
  await typeEnter(page, g.name);
  await expect(field(page, `guardians.${i}.idNumber`)).toBeFocused();
  await typeEnter(page, g.id);
  await expect(field(page, `guardians.${i}.mobile`)).toBeFocused();
  await page.keyboard.type(g.mobile);
}

async function stepGuardians(page: Page, a: Applicant, desk: DeskFixture, prefix: string): Promise<void> {
  for (const [i, g] of a.guardians.entries()) {
    await fillGuardian(page, i, g);
    if (i < a.guardians.length - 1) {
      // Enter reaches 添加监护人 and presses it: the new card's first unanswered field gets the cursor.
      await key(page, 'Enter');
      await expect(page.getByTestId('intake-add-guardian')).toBeFocused();
      await key(page, 'Enter');
    }
  }
  await desk.shot(page, `${prefix}-02-guardians`);
  await nextStep(page, 3);
}

async function stepHousing(page: Page, a: Applicant, desk: DeskFixture, prefix: string): Promise<void> {
  // 是 / 否: the cursor is on 是 (the likelier answer); Enter chooses it and moves on, N answers 否.
  await expect(page.getByTestId('intake-step-3').locator('input[type="radio"]').first()).toBeFocused();
  await expect(page.getByTestId('keys-hukou.inCounty')).toContainText('Y');
  await key(page, a.hukou.inCounty ? 'Enter' : 'n');
  await expect(field(page, 'hukou.address')).toBeFocused();
  await typeEnter(page, a.hukou.address);
  if (a.hukou.inCounty) {
    await expect(field(page, 'hukou.moveInDate')).toBeFocused();
    await typeEnter(page, a.hukou.moveIn);
  }
  await expect(field(page, 'housing.kind')).toBeFocused();
  await pick(page, a.housing.kind);
  await expect(field(page, 'housing.certificateNumber')).toBeFocused();
  await typeEnter(page, a.housing.certificate);
  if (a.housing.owner) {
    await expect(field(page, 'housing.owner')).toBeFocused();
    await pick(page, a.housing.owner);
    if (await field(page, 'housing.ownerName').evaluate((el) => el === el.ownerDocument.activeElement)) await typeEnter(page, a.housing.ownerName ?? '');
    // A parent's home: the owner's name is taken from 监护人 and Enter passes over it.
    else await expect(field(page, 'housing.ownerName')).toHaveValue(a.housing.ownerName ?? '');
    await expect(field(page, 'housing.registrationDate')).toBeFocused();
    await typeEnter(page, a.housing.registered ?? '');
  }
  await expect(field(page, 'housing.address')).toBeFocused();
  await page.keyboard.type(a.housing.address);
  await desk.shot(page, `${prefix}-03-housing`);
  await nextStep(page, 4);
}

async function stepSpecial(page: Page, a: Applicant, desk: DeskFixture, prefix: string): Promise<void> {
  if (!a.hukou.inCounty) {
    for (const [i, g] of a.guardians.entries()) {
      const m = g.migrant ?? { residencePermit: 0, socialInsurance: 0, businessLicence: 0 };
      await expect(field(page, `guardians.${i}.migrant.residencePermitMonths`)).toBeFocused();
      await typeEnter(page, String(m.residencePermit));
      await typeEnter(page, String(m.socialInsurance));
      await typeEnter(page, String(m.businessLicence));
    }
  }
  await expect(field(page, 'preferential.categoryId')).toBeFocused(); // 不属于优待对象
  await key(page, 'Enter');
  await expect(field(page, 'disability')).toBeFocused();
  await desk.shot(page, `${prefix}-04-special`);
  await key(page, 'Enter');
  await expectStep(page, 5);
}

async function stepSchool(page: Page, a: Applicant, desk: DeskFixture, prefix: string): Promise<void> {
  await expect(field(page, 'school.search')).toBeFocused();
  await page.keyboard.type(a.zoneQuery);
  await expect(page.locator('[role="listbox"] [data-active="true"]')).toContainText(a.zoneQuery);
  await desk.shot(page, `${prefix}-05a-zone-search`);
  // A single-school zone: its school is chosen with it, so the one Enter that picks the zone goes on to ⑥.
  await key(page, 'Enter');
  await expectStep(page, 6);
  await expect(page.getByTestId('intake-summary')).toContainText(a.zoneQuery);
}

async function stepMaterials(page: Page, a: Applicant, desk: DeskFixture, prefix: string): Promise<void> {
  const rows = page.getByTestId('intake-step-7').locator('[data-testid^="material-"]');
  const count = await rows.count();
  expect(count).toBeGreaterThan(2);
  await desk.shot(page, `${prefix}-07-materials`);
  for (let i = 0; i < count; i++) {
    // Past the last paper still to mark, the wizard is on 核对提交 already.
    if (await page.getByTestId('intake-step-8').isVisible()) break;
    const row = rows.nth(i);
    // One of a "one of these" group was received: Enter passes over the others.
    if ((await row.getAttribute('data-enter-skip')) === 'true') continue;
    const id = ((await row.getAttribute('data-testid')) ?? '').replace(/^material-/, '');
    await expect(row.locator('input[type="radio"]').first()).toBeFocused();
    await key(page, a.materials?.[id] ?? '1');
  }
  // Marking the last paper goes on to 核对提交.
  await expectStep(page, 8);
}

/** Steps 1–8 and the submission, keyboard only. Returns the receipt number. */
async function intake(page: Page, desk: DeskFixture, a: Applicant, prefix: string, hooks: { badIdFirst?: boolean; afterHousing?: () => Promise<void>; onType?: () => Promise<void> } = {}): Promise<void> {
  await stepChild(page, a, desk, prefix, hooks.badIdFirst);
  await stepGuardians(page, a, desk, prefix);
  await stepHousing(page, a, desk, prefix);
  if (hooks.afterHousing) await hooks.afterHousing();
  await stepSpecial(page, a, desk, prefix);
  await stepSchool(page, a, desk, prefix);
  await expect(page.getByTestId('intake-step-6').locator('input[type="radio"]:checked')).toBeFocused();
  if (hooks.onType) await hooks.onType();
  await desk.shot(page, `${prefix}-06-type`);
  await nextStep(page, 7);
  await stepMaterials(page, a, desk, prefix);
  await expect(page.getByTestId('intake-issues')).toContainText('信息完整，可以提交');
  await expect(page.getByTestId('intake-summary')).toContainText(a.childName.replace('•', '·'));
  await expect(page.getByTestId('intake-summary')).toBeInViewport();
  await expectNoSidewaysScroll(page);
  await desk.shot(page, `${prefix}-08-review`);
  await key(page, 'Control+Enter');
  await approveWindow(page, desk, prefix);
}

async function expectAccepted(page: Page, desk: DeskFixture, prefix: string): Promise<string> {
  await expect(page.getByTestId('intake-success')).toBeVisible();
  await expect(page.getByTestId('intake-status')).toHaveText('已受理');
  // Enter prints the receipt first (issue 5, harness fake printer); then focus moves on to 受理下一位.
  await expect(page.getByTestId('intake-print')).toBeFocused();
  const receiptNo = (await page.getByTestId('intake-receipt-no').innerText()).trim();
  expect(receiptNo).toMatch(/\S{8,}/);
  await desk.shot(page, `${prefix}-09-success`);
  await key(page, 'Enter');
  await expect(page.getByTestId('intake-print-notice')).toBeVisible();
  await expect(page.getByTestId('intake-next-applicant')).toBeFocused();
  return receiptNo;
}

test('intake: a 房户一致 family from 新建申请 to 已受理, then found in the list', async ({ page, desk }) => {
  await setUp(page, desk);
  await desk.shot(page, '1-00-start');
  await key(page, 'Enter'); // 新建申请

  const childId = residentId('379901', '2020-03-15', 31);
  const applicant: Applicant = {
    childName: '张小明',
    childId,
    guardians: [{ relation: '父亲', name: '张伟', id: residentId('379901', '1988-06-02', 15), mobile: '13805310001' }],
    hukou: { inCounty: true, address: '示例县城关街道书香苑 3 号楼 201', moveIn: '2020-04-01' },
    housing: {
      kind: '不动产权',
      certificate: '鲁(2019)示例县不动产权第0012345号',
      owner: '父母共有',
      ownerName: '张伟、李娜',
      registered: '2019-05-20',
      address: '示例县城关街道书香苑 3 号楼 201',
    },
    zoneQuery: '书香',
  };
  await intake(page, desk, applicant, '1', {
    badIdFirst: true,
    onType: async () => {
      await expect(page.getByTestId('intake-derived-type')).toHaveText('房户一致');
    },
  });
  const receiptNo = await expectAccepted(page, desk, '1');

  // The core has it, found by part of the child's ID number.
  const query = childId.slice(-8);
  const found = await desk.rpc('applications.search', { query });
  expect(found.ok).toBe(true);
  const rows = (found.value as { rows: ApplicationSummary[] }).rows;
  expect(rows.map((r) => r.receiptNo)).toContain(receiptNo);
  expect(rows.find((r) => r.receiptNo === receiptNo)?.enrollmentType).toBe('house_hukou');
  // Taken outside the 报名时间: the admin's approval is part of the record, for today.
  const taken = await desk.rpc('applications.get', { id: rows.find((r) => r.receiptNo === receiptNo)?.id });
  const approval = (taken.value as { data: { windowOverride?: { approvedBy: string; day: string; reason: string } } }).data.windowOverride;
  if (outsideWindow) expect(approval).toEqual({ approvedBy: 'admin', approvedByName: '王管理', day, reason: '家长外出务工返乡，经教育局同意补报' });
  else expect(approval).toBeUndefined();

  // 受理下一位 (Enter) starts a fresh application with the cursor in the first field.
  await key(page, 'Enter');
  await expectStep(page, 1);
  await expect(field(page, 'child.name')).toBeFocused();
  await expect(field(page, 'child.name')).toHaveValue('');

  // The application list finds it by part of the ID number.
  await page.getByTestId('nav-applications').click();
  await page.getByTestId('apps-search').click();
  await page.keyboard.type(query);
  await expect(page.getByTestId(`apps-row-${receiptNo}`)).toBeVisible();
  await desk.shot(page, '1-10-list');
});

test('intake: a migrant family with points; a reload mid-form resumes the draft', async ({ page, desk }) => {
  await setUp(page, desk);
  await key(page, 'Enter');
  const plan = samplePlan();
  const father = { relation: '父亲', name: '刘强', id: residentId('410102', '1987-02-11', 35), mobile: '13912340001', migrant: { residencePermit: 36, socialInsurance: 30, businessLicence: 0 } };
  const mother = { relation: '母亲', name: '王芳', id: residentId('410102', '1989-09-23', 46), mobile: '13912340002', migrant: { residencePermit: 24, socialInsurance: 80, businessLicence: 0 } };
  const applicant: Applicant = {
    childName: '刘子涵',
    childId: residentId('410102', '2019-12-01', 62),
    guardians: [father, mother],
    hukou: { inCounty: false, address: '河南省郑州市中原区建设路 1 号' },
    housing: { kind: '租赁', certificate: 'ZL-2024-000321', address: '示例县东城街道阳光小区 5 号楼 302' },
    zoneQuery: '阳光',
    materials: { 'business-licence': '3', 'birth-certificate': '2' },
  };
  const expected = computeMigrantPoints(
    [
      { relation: 'father', name: father.name, migrant: { residencePermitMonths: 36, socialInsuranceMonths: 30, businessLicenceMonths: 0 } },
      { relation: 'mother', name: mother.name, migrant: { residencePermitMonths: 24, socialInsuranceMonths: 80, businessLicenceMonths: 0 } },
    ],
    plan,
  ).total;

  await intake(page, desk, applicant, '2', {
    afterHousing: async () => {
      // Ctrl+S saves now; then the page is reloaded as if the PC restarted the renderer.
      await key(page, 'Control+S');
      await expect(page.getByTestId('intake-save-state')).toHaveAttribute('data-state', 'saved');
      await expect(page.getByTestId('intake-save-state')).toContainText(/已自动保存 \d{2}:\d{2}:\d{2}/);
      await expect(page).toHaveURL(/#\/intake\/[0-9a-f-]{36}$/);
      const url = page.url();
      await page.reload();
      await expect(page).toHaveURL(url);
      await expectStep(page, 4);
      await expect(page.getByTestId('intake-summary')).toContainText(applicant.childName);
      await expect(page.getByTestId('intake-summary')).toContainText('外县');
      await expect(page.getByTestId('intake-summary')).toContainText('租赁备案');
      await desk.shot(page, '2-03b-after-reload');
      // Everything typed before the reload is there.
      await key(page, 'Alt+ArrowLeft');
      await expectStep(page, 3);
      await expect(field(page, 'housing.address')).toHaveValue(applicant.housing.address);
      await expect(field(page, 'housing.certificateNumber')).toHaveValue(applicant.housing.certificate);
      await key(page, 'Alt+ArrowLeft');
      await key(page, 'Alt+ArrowLeft');
      await expectStep(page, 1);
      await expect(field(page, 'child.name')).toHaveValue(applicant.childName);
      await expect(field(page, 'child.idNumber')).toHaveValue(applicant.childId);
      await key(page, 'Alt+ArrowRight');
      await expect(field(page, 'guardians.1.mobile')).toHaveValue(mother.mobile);
      await key(page, 'Alt+ArrowRight');
      await key(page, 'Alt+ArrowRight');
      await expectStep(page, 4);
      await expect(field(page, 'guardians.0.migrant.residencePermitMonths')).toBeFocused();
      // The lock covers the form without unmounting it: what is typed survives, the cursor comes back.
      await page.keyboard.type('3');
      await page.getByTestId('lock-button').click();
      await expect(page.getByTestId('lock-overlay')).toBeVisible();
      await expect(page.getByTestId('unlock-password')).toBeFocused();
      await typeEnter(page, ADMIN.password);
      await expect(page.getByTestId('lock-overlay')).toBeHidden();
      await expect(field(page, 'guardians.0.migrant.residencePermitMonths')).toHaveValue('3');
      await field(page, 'guardians.0.migrant.residencePermitMonths').focus();
      await key(page, 'Control+A');
      await key(page, 'Backspace');
    },
    onType: async () => {
      await expect(page.getByTestId('intake-derived-type')).toHaveText('外来务工随迁子女');
      await expect(page.getByTestId('intake-points-total')).toHaveText(String(expected));
      await expect(page.getByTestId('intake-summary-points')).toHaveText(String(expected));
      await page.getByTestId('intake-points').scrollIntoViewIfNeeded();
      await desk.shot(page, '2-06b-points');
      await page.getByTestId('intake-step-6').locator('input[type="radio"]:checked').focus();
    },
  });
  const receiptNo = await expectAccepted(page, desk, '2');
  const found = await desk.rpc('applications.search', { query: receiptNo });
  const row = (found.value as { rows: ApplicationSummary[] }).rows[0];
  expect(row?.enrollmentType).toBe('migrant');
  expect(expected).toBe(36 + 15 + 24 + 36);
});

test('intake: rare characters and minority names are kept exactly; a sibling is a near match', async ({ page, desk }) => {
  await setUp(page, desk);
  const mother = { relation: '母亲', name: '古丽娜尔·吐尔逊', id: residentId('650102', '1990-01-17', 22), mobile: '13709910001' };
  const first: Applicant = {
    childName: '𠮷祥',
    childId: residentId('379901', '2020-02-29', 55),
    guardians: [mother],
    hukou: { inCounty: true, address: '示例县西湖街道碧水湾小区 1 号楼', moveIn: '2020-03-10' },
    housing: { kind: '购房合同', certificate: 'WQ-2020-88', owner: '母亲', ownerName: mother.name, registered: '2020-01-05', address: '示例县西湖街道碧水湾小区 1 号楼' },
    zoneQuery: '碧水',
  };
  await key(page, 'Enter');
  await intake(page, desk, first, '3a');
  const firstReceipt = await expectAccepted(page, desk, '3a');
  await expect(page.getByTestId('intake-success')).toContainText('𠮷祥');

  // The sibling: a minority name typed with a look-alike dot, the same mother (same phone).
  await key(page, 'Enter'); // 受理下一位
  const second: Applicant = { ...first, childName: '阿依古丽•买买提', childId: residentId('379901', '2019-10-08', 64) };
  await stepChild(page, second, desk, '3b');
  await key(page, 'Alt+ArrowLeft');
  await expect(field(page, 'child.name')).toHaveValue('阿依古丽·买买提');
  await key(page, 'Alt+ArrowRight');
  await stepGuardians(page, second, desk, '3b');
  await stepHousing(page, second, desk, '3b');
  await stepSpecial(page, second, desk, '3b');
  await stepSchool(page, second, desk, '3b');
  await nextStep(page, 7);
  await stepMaterials(page, second, desk, '3b');
  await key(page, 'Control+Enter');
  await approveWindow(page, desk, '3b');
  // Same mother's phone: the core asks to confirm it is not the same child.
  const near = page.getByTestId('intake-near-match');
  await expect(near).toContainText('监护人电话相同');
  await expect(near).toContainText('𠮷祥');
  await expect(page.getByTestId('intake-confirm-near')).toBeFocused();
  await desk.shot(page, '3b-08b-near-match');
  await key(page, 'Enter');
  const secondReceipt = await expectAccepted(page, desk, '3b');
  expect(secondReceipt).not.toBe(firstReceipt);

  // Stored and found exactly: the rare character (outside the BMP) and the U+00B7 middle dot.
  for (const [query, name, receipt] of [
    ['𠮷祥', '𠮷祥', firstReceipt],
    ['阿依古丽·买买提', '阿依古丽·买买提', secondReceipt],
    ['阿依古丽•买买提', '阿依古丽·买买提', secondReceipt],
  ] as const) {
    const res = await desk.rpc('applications.search', { query });
    expect(res.ok).toBe(true);
    const rows = (res.value as { rows: ApplicationSummary[] }).rows;
    const hit = rows.find((r) => r.receiptNo === receipt);
    expect(hit?.childName).toBe(name);
  }
  const stored = await desk.rpc('applications.search', { query: '𠮷' });
  const rare = (stored.value as { rows: ApplicationSummary[] }).rows.find((r) => r.receiptNo === firstReceipt);
  expect([...(rare?.childName ?? '')].map((c) => c.codePointAt(0)?.toString(16))).toEqual(['20bb7', '7965']);

  // And in the list page.
  await page.getByTestId('nav-applications').click();
  await page.getByTestId('apps-search').click();
  await page.keyboard.type('𠮷祥');
  await expect(page.getByTestId(`apps-row-${firstReceipt}`)).toBeVisible();
  await expect(page.getByTestId(`apps-row-${firstReceipt}`)).toContainText('𠮷祥');
  await desk.shot(page, '3-10-list-rare');

  // The same child again (a copy of the first application, as a second clerk might type it):
  // the review shows the existing application and blocks the submission.
  const firstId = (stored.value as { rows: ApplicationSummary[] }).rows.find((r) => r.receiptNo === firstReceipt)?.id ?? '';
  const original = await desk.rpc('applications.get', { id: firstId });
  const copy = await desk.rpc('applications.saveDraft', { data: (original.value as { data: unknown }).data });
  expect(copy.ok, JSON.stringify(copy.error)).toBe(true);
  const copyId = (copy.value as { id: string }).id;
  await page.goto(new URL(`#/intake/${copyId}`, page.url()).href);
  await expectStep(page, 1);
  // Told at the ID field already, with the existing receipt number; Ctrl+O opens it.
  await expect(page.getByTestId('intake-child-duplicate')).toContainText(firstReceipt);
  await desk.shot(page, '3c-01-duplicate-at-id');
  await key(page, 'Control+o');
  await expect(page).toHaveURL(new RegExp(`#/applications/${firstId}$`));
  await page.goto(new URL(`#/intake/${copyId}`, page.url()).href);
  await expectStep(page, 1);
  for (let n = 2; n <= 8; n++) await nextStep(page, n);
  const duplicate = page.getByTestId('intake-duplicate');
  await expect(duplicate).toContainText(firstReceipt);
  await expect(duplicate.locator(`a[href="#/applications/${firstId}"]`)).toBeVisible();
  await expect(page.getByTestId('intake-submit')).toBeDisabled();
  await key(page, 'Control+Enter');
  await expect(page.getByTestId('intake-submit-error')).toContainText('不能重复受理');
  await desk.shot(page, '3c-08-duplicate');
});

test('intake: an age exception, resuming a draft from the list, correcting a submitted application', async ({ page, desk }) => {
  await setUp(page, desk);
  await key(page, 'Enter');

  // Born 1 September: not 6 by 31 August 2026.
  const young: Applicant = {
    childName: '李小雨',
    childId: residentId('379901', '2020-09-01', 82),
    guardians: [{ relation: '父亲', name: '李军', id: residentId('379901', '1986-11-30', 17), mobile: '15866660001' }],
    hukou: { inCounty: true, address: '示例县南苑街道胜利路 58 号', moveIn: '2021-03-01' },
    housing: { kind: '拆迁安置', certificate: 'AZ-2021-007', owner: '父亲', ownerName: '李军', registered: '2021-02-01', address: '示例县南苑街道南苑新村 2 号楼' },
    zoneQuery: '南苑新村',
  };
  await expect(field(page, 'child.name')).toBeFocused();
  await typeEnter(page, young.childName);
  await typeEnter(page, young.childId);
  await expect(page.getByTestId('intake-age-check')).toContainText('未满 6 周岁');
  // Shift+Tab from 下一步 reaches 申请延缓/提前入学批准; an admin approves with a reason.
  await key(page, 'Shift+Tab');
  await expect(page.getByTestId('intake-age-override')).toBeFocused();
  await key(page, 'Enter');
  await expect(page.getByTestId('intake-age-reason')).toBeFocused();
  await desk.shot(page, '4-01-age-exception');
  await typeEnter(page, '经县教育局评估同意提前入学');
  await expect(page.getByTestId('intake-age-check')).toContainText('已批准年龄例外：经县教育局评估同意提前入学（批准人：王管理）');
  await expect(page.getByTestId('intake-next')).toBeFocused();
  await expect(page.getByTestId('intake-save-state')).toHaveAttribute('data-state', 'saved');
  const id = /#\/intake\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
  expect(id).not.toBe('');

  // Leave for the start page: the draft is listed and resumes where it was.
  await page.getByTestId('nav-intake').click();
  await expect(page.getByTestId('intake-new')).toBeFocused();
  await expect(page.getByTestId(`intake-draft-${id}`)).toBeVisible();
  await desk.shot(page, '4-02-drafts');
  await page.getByTestId(`intake-draft-${id}`).focus();
  await key(page, 'Enter');
  await expectStep(page, 1);
  await expect(field(page, 'child.name')).toHaveValue(young.childName);
  await expect(page.getByTestId('intake-age-check')).toContainText('已批准年龄例外');
  await nextStep(page, 2);
  await stepGuardians(page, young, desk, '4');
  await stepHousing(page, young, desk, '4');
  await stepSpecial(page, young, desk, '4');
  await stepSchool(page, young, desk, '4');
  await nextStep(page, 7);
  await stepMaterials(page, young, desk, '4');
  await key(page, 'Control+Enter');
  await approveWindow(page, desk, '4');
  const receiptNo = await expectAccepted(page, desk, '4');

  // A submitted application opens for correction: a new revision with a reason.
  await page.getByTestId('intake-view-application').click();
  await page.getByTestId('app-edit').click();
  await expect(page).toHaveURL(new RegExp(`#/intake/${id}$`));
  await expect(page.getByTestId('intake-edit-banner')).toContainText(receiptNo);
  await expect(page.getByTestId('intake-save-state')).toHaveAttribute('data-state', 'editing');
  await nextStep(page, 2);
  // Relation, name, ID number (Enter passes the preset ID type), mobile.
  for (let i = 0; i < 3; i++) await key(page, 'Enter');
  await expect(field(page, 'guardians.0.mobile')).toBeFocused();
  await key(page, 'Control+A');
  await page.keyboard.type('15866660002');
  for (let n = 3; n <= 8; n++) await nextStep(page, n);
  // No reason yet: the submission is held at the field.
  await key(page, 'Control+Enter');
  await expect(page.getByTestId('intake-issue-editReason')).toBeVisible();
  await expect(page.getByTestId('f-editReason')).toBeFocused();
  await page.keyboard.type('家长更正联系电话');
  await desk.shot(page, '4-03-edit-review');
  await key(page, 'Control+Enter');
  await expect(page.getByTestId('intake-success')).toContainText('修改已提交');
  await expect(page.getByTestId('intake-success')).toContainText('第 2 版');
  await expect(page.getByTestId('intake-receipt-no')).toHaveText(receiptNo);
  await desk.shot(page, '4-04-edited');
  const record = await desk.rpc('applications.get', { id });
  const value = record.value as { revision: number; data: { guardians: { mobile: string }[] }; revisions: { reason: string | null }[] };
  expect(value.revision).toBe(2);
  expect(value.data.guardians[0]?.mobile).toBe('15866660002');
  expect(value.revisions.at(-1)?.reason).toBe('家长更正联系电话');
});
