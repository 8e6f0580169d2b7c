// The standard application (issue 10): a child with an ID number, two guardians, an owned home, four papers,
// submit, print — as the keystrokes a clerk makes, shared by the e2e specs and the clerk bench. Typed text
// is data; every other key (Enter, Alt+→, Y, F2, the 1 that marks a paper, Ctrl+Enter…) is counted apart.
// With the card reader, the cards of the child and both parents are laid on the reader instead of typing
// their names, ID numbers and the 户籍 address. With the reader and a 户口簿 page (issue 17's "done when"): the
// parents' two cards are laid on the reader, the 户口簿 opened at the father's and the child's 登记卡 is captured,
// and the child's name, ID number and 迁入 date are taken from it with F4.
import { expect, type Page } from '@playwright/test';
import { checkDigit } from '../shared/domain/idNumber';
import type { StandinCard } from '../electron/core/testing/cardReaderStandin/build';
import type { CardPerson } from '../electron/core/testing/ocrPages';

export function residentId(area: string, birth: string, seq: number): string {
  const first17 = `${area}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

const HUKOU_ADDRESS = '示例县城关街道书香苑3号楼201室';

export const STANDARD = {
  child: { name: '张小明', id: residentId('379901', '2020-03-15', 31), birth: '2020-03-15', sex: '1' as const },
  father: { name: '张伟', id: residentId('379901', '1988-06-02', 15), birth: '1988-06-02', sex: '1' as const, mobile: '13805310001' },
  mother: { name: '李娜', id: residentId('379901', '1990-01-20', 26), birth: '1990-01-20', sex: '2' as const, mobile: '13805310002' },
  hukouAddress: HUKOU_ADDRESS,
  moveIn: '2020-04-01',
  certificate: '鲁(2019)示例县不动产权第0012345号',
  registered: '2019-05-20',
  zoneQuery: '书香',
};

type Person = { name: string; id: string; birth: string; sex: '1' | '2' };

/** The person's card as the stand-in reader returns it (the mother's expired last year: flagged, still read). */
export function cardOf(p: Person, expired = false): StandinCard {
  return {
    name: p.name,
    sex: p.sex,
    nation: '01',
    birth: p.birth.replace(/-/g, ''),
    address: HUKOU_ADDRESS,
    id: p.id,
    authority: '示例县公安局',
    start: expired ? '20150101' : '20210101',
    end: expired ? '20250101' : '20310101',
  };
}

/** The 户口簿 opened flat at the father's card (户主) and the child's (长子): the page the clerk captures. */
export const HUKOU_SPREAD: CardPerson[] = [
  {
    name: STANDARD.father.name,
    sex: '男',
    birthDate: STANDARD.father.birth,
    idNumber: STANDARD.father.id,
    relation: '户主',
    moveIn: '2015-09-01',
    from: '山东省日照市东港区',
    birthPlace: '山东省日照市东港区',
    registered: '2015-09-01',
  },
  {
    name: STANDARD.child.name,
    sex: '男',
    birthDate: STANDARD.child.birth,
    idNumber: STANDARD.child.id,
    relation: '长子',
    moveIn: STANDARD.moveIn,
    from: '山东省日照市东港区',
    birthPlace: '山东省日照市东港区',
    registered: STANDARD.moveIn,
  },
];

export interface Keys {
  /** Data: text typed into a field. */
  type(text: string): Promise<void>;
  /** Anything else pressed. */
  press(key: string): Promise<void>;
}

export interface CardReader {
  /** Lay a card on the reader (takes the previous one off). */
  lay(card: StandinCard): Promise<void>;
  /** The form shows the card's person (an automatic read needs the reader's next poll). */
  filled(path: string, value: string): Promise<void>;
}

export interface PageCapture {
  /** Capture the 户口簿 page for the application open on ② (to the scan desk and back) . */
  capture(): Promise<void>;
  /** The page's value for the field at `path` is offered beside the form (recognition has answered). */
  offered(path: string): Promise<void>;
}

/**
 * Types the standard application from 新建申请 to the printed receipt, waiting for nothing (unless a card is read
 * or a page recognised). With `hukou` (and a reader), the child comes from the captured 户口簿 page, not a card.
 */
export async function standardApplication(k: Keys, reader?: CardReader, hukou?: PageCapture): Promise<void> {
  const a = STANDARD;
  await k.press('Enter'); // 新建申请
  // ① the grade is preset: the cursor starts in the child's name; Enter passes the preset 居民身份证.
  if (reader && hukou) {
    // The child's values are on the 户口簿 page, captured once the parents' cards have made the draft: ② first.
    await k.press('Alt+ArrowRight');
  } else if (reader) {
    // The child's card laid on the reader is read by itself; with nothing left on ①, on to ②.
    await reader.lay(cardOf(a.child));
    await reader.filled('guardians.0.relation', '');
  } else {
    await k.type(a.child.name);
    await k.press('Enter');
    await k.type(a.child.id);
    await k.press('Enter'); // last field: on to ②
  }
  // ② father, Enter on 添加监护人, mother (preset as the other parent).
  await k.type('fq');
  await k.press('Enter');
  if (reader) {
    await reader.lay(cardOf(a.father));
    await k.press('F2');
    await reader.filled('guardians.0.name', a.father.name);
  } else {
    await k.type(a.father.name);
    await k.press('Enter');
    await k.type(a.father.id);
    await k.press('Enter');
  }
  await k.type(a.father.mobile);
  await k.press('Enter'); // → 添加监护人
  await k.press('Enter'); // adds the second guardian, cursor in her name
  if (reader) {
    await reader.lay(cardOf(a.mother, true));
    await k.press('F2');
    await reader.filled('guardians.1.name', a.mother.name);
  } else {
    await k.type(a.mother.name);
    await k.press('Enter');
    await k.type(a.mother.id);
    await k.press('Enter');
  }
  await k.type(a.mother.mobile);
  if (hukou) {
    // The 户口簿 spread is captured; back on ① F4 takes the child's name and number (the father's card on the
    // page is matched to guardian 0 by his number, the child by being the page's only minor), on to ②, then ③.
    await hukou.capture();
    await k.press('Alt+ArrowLeft');
    await hukou.offered('child.name');
    await k.press('F4');
    await k.press('F4');
  }
  await k.press('Alt+ArrowRight');
  // ③ Y: 户籍在本县. With the cards, the 户籍 address came from a card: Enter keeps it.
  await k.press('y');
  if (!reader) await k.type(a.hukouAddress);
  await k.press('Enter');
  if (hukou) {
    await hukou.offered('hukou.moveInDate');
    await k.press('F4'); // the child's 迁入 date from his 登记卡; on as Enter would
  } else {
    await k.type(a.moveIn);
    await k.press('Enter');
  }
  await k.type('bdc'); // 不动产权证书 by its pinyin initials
  await k.press('Enter');
  await k.type(a.certificate);
  await k.press('Enter');
  await k.type('fmgy'); // 父母共有: the owners' names are taken from ②
  await k.press('Enter');
  await k.type(a.registered);
  await k.press('Enter');
  await k.press('Control+d'); // 住房地址 = 户籍地址, and on to ④
  await k.press('Alt+ArrowRight'); // nothing special: → ⑤
  await k.type(a.zoneQuery);
  await k.press('Enter'); // the zone's only school is chosen with it: → ⑥
  await k.press('Enter'); // the derived type: → ⑦
  // ⑦ 户口簿, 监护人身份证, 儿童身份证 seen; no 出生医学证明 (Enter passes); 不动产权证书 seen.
  for (const key of ['1', '1', '1', 'Enter', '1']) await k.press(key);
  await k.press('Control+Enter'); // submit
  await k.press('Enter'); // print the receipt
}

interface StoredApplication {
  child: { name: string; idNumber: string; birthDate: string; sex: string };
  guardians: { relation: string; name: string; idNumber: string; mobile: string }[];
  hukou: { inCounty: boolean; address: string; moveInDate: string };
  housing: { kind: string; certificateNumber: string; owner: string; ownerName: string; registrationDate: string; address: string };
  school: { zoneEntryId: string; schoolId: string };
  materials: { itemId: string; state: string }[];
}

/** Every field the script answered, as stored; differences listed (empty when all match). */
export function differences(data: StoredApplication): string[] {
  const a = STANDARD;
  const want: Record<string, unknown> = {
    'child.name': a.child.name,
    'child.idNumber': a.child.id,
    'child.birthDate': a.child.birth,
    'guardians.0': ['father', a.father.name, a.father.id, a.father.mobile],
    'guardians.1': ['mother', a.mother.name, a.mother.id, a.mother.mobile],
    'guardians.length': 2,
    'hukou.inCounty': true,
    'hukou.address': a.hukouAddress,
    'hukou.moveInDate': a.moveIn,
    'housing.kind': 'property_certificate',
    'housing.certificateNumber': a.certificate,
    'housing.owner': 'parents',
    'housing.ownerName': `${a.father.name}、${a.mother.name}`,
    'housing.registrationDate': a.registered,
    'housing.address': a.hukouAddress,
    'school.zoneEntryId': 'zp09',
    materials: 'child-id:original_seen,guardian-id:original_seen,hukou-booklet:original_seen,property-certificate:original_seen',
  };
  const g = (i: number) => {
    const x = data.guardians[i];
    return x ? [x.relation, x.name, x.idNumber, x.mobile] : null;
  };
  const got: Record<string, unknown> = {
    'child.name': data.child.name,
    'child.idNumber': data.child.idNumber,
    'child.birthDate': data.child.birthDate,
    'guardians.0': g(0),
    'guardians.1': g(1),
    'guardians.length': data.guardians.length,
    'hukou.inCounty': data.hukou.inCounty,
    'hukou.address': data.hukou.address,
    'hukou.moveInDate': data.hukou.moveInDate,
    'housing.kind': data.housing.kind,
    'housing.certificateNumber': data.housing.certificateNumber,
    'housing.owner': data.housing.owner,
    'housing.ownerName': data.housing.ownerName,
    'housing.registrationDate': data.housing.registrationDate,
    'housing.address': data.housing.address,
    'school.zoneEntryId': data.school.zoneEntryId,
    materials: data.materials
      .map((m) => `${m.itemId}:${m.state}`)
      .sort()
      .join(','),
  };
  return Object.keys(want).filter((key) => JSON.stringify(want[key]) !== JSON.stringify(got[key])).map((key) => `${key}: typed ${JSON.stringify(want[key])}, stored ${JSON.stringify(got[key])}`);
}

/** The application the script submitted, read back from the core by its receipt number. */
export async function storedApplication(page: Page, rpc: (method: string, input: unknown) => Promise<{ ok: boolean; value?: unknown }>): Promise<StoredApplication> {
  await expect(page.getByTestId('intake-print-notice')).toBeVisible({ timeout: 30_000 });
  const receiptNo = (await page.getByTestId('intake-receipt-no').innerText()).trim();
  const found = await rpc('applications.search', { query: receiptNo });
  const id = (found.value as { rows: { id: string }[] }).rows[0]?.id ?? '';
  const record = await rpc('applications.get', { id });
  return (record.value as { data: StoredApplication }).data;
}

/** The reader's fill as the page shows it: the field holds the card's value (or, for '' , the step moved on). */
export function pageReader(page: Page, lay: (card: StandinCard) => void): CardReader {
  return {
    lay: (card) => {
      lay(card);
      return Promise.resolve();
    },
    filled: async (path, value) => {
      if (value === '') await expect(page.getByTestId(`f-${path}`)).toBeFocused({ timeout: 15_000 });
      else await expect(page.getByTestId(`f-${path}`)).toHaveValue(value, { timeout: 15_000 });
    },
  };
}

/**
 * Captures the 户口簿 page the way the clerk does: the panel's 户口簿 button to the scan desk, 文件, the file,
 * back to the form (each click or file choice is one action, told to `action`); offered values are waited for.
 */
export function pageCapture(page: Page, file: string, action: () => void): PageCapture {
  return {
    capture: async () => {
      action();
      await page.getByTestId('ocr-suggestions').getByTestId('ocr-scan-hukou-booklet').click();
      await expect(page.getByTestId('scan-page')).toBeVisible();
      action();
      await page.getByTestId('scan-source').getByText('文件', { exact: true }).click();
      action();
      await page.getByTestId('file-input').setInputFiles(file);
      await expect(page.getByTestId('page-1')).toBeVisible({ timeout: 60_000 });
      action();
      await page.getByTestId('scan-back').click();
      await expect(page.getByTestId('intake-step-2')).toBeVisible();
    },
    offered: async (path) => {
      await expect(page.locator(`[data-testid^="ocr-suggestion-"][data-path="${path}"][data-state="offer"]`)).toBeVisible({ timeout: 120_000 });
    },
  };
}
