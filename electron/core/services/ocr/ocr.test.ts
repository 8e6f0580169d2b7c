// Suggestions read from scanned pages: the field rules on their own, then a small sample of rendered, badly
// photographed pages through the real path (documents.importFile → blob store → OCR worker thread → fields).
// The large measured set is the bench's (bench/ocr.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlannedDesk, type TestDesk } from '../../testing/desk';
import { openTestDesk, setUpDesk } from '../../testing/desk';
import { certificateNumbersIn, datesIn, extractFields, idNumbersIn } from './fields';
import { documentKindOf } from './documentKinds';
import type { OcrLine } from './engine';
import { WorkerOcr } from './pool';
import { DEV_OCR_WORKER } from '../../../harness/testPorts';
import { testPage, type TestPage } from '../../testing/ocrPages';

/** OCR output recorded from a rendered 户口簿 spread (testPage('hukou_spread', 1701)), with what it printed. */
const spread = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'hukou-spread.json'), 'utf8')) as { persons: Array<Record<string, string>>; lines: OcrLine[] };

const line = (text: string, x: number, y: number, w = text.length * 20, h = 24): OcrLine => ({ text, confidence: 0.98, box: { x, y, w, h } });
const scored = (text: string, chars: number[], x: number, y: number, w = [...text].length * 18, h = 24): OcrLine => ({ ...line(text, x, y, w, h), chars });

describe('field rules', () => {
  it('offers an ID number only when its check digit holds, reading digit look-alikes as digits', () => {
    expect(idNumbersIn('公民身份号码 371102198805120018')).toEqual(['371102198805120018']);
    expect(idNumbersIn('371102198805120017')).toEqual([]); // one digit misread: the check digit catches it
    expect(idNumbersIn('3711O2198805l20018')).toEqual(['371102198805120018']);
    expect(idNumbersIn('51010719830113531x')).toEqual(['51010719830113531X']);
    expect(idNumbersIn('371102198813400013')).toEqual([]); // no 13th month, whatever the check digit says
  });

  it('reads the date forms printed on these documents', () => {
    expect(datesIn('2016年07月23日 由山东省济南市历下区迁来')).toEqual(['2016-07-23']);
    expect(datesIn('2025.02.12-2026.02.12')).toEqual(['2025-02-12', '2026-02-12']);
    expect(datesIn('2019年2月30日')).toEqual([]);
  });

  it('joins an address wrapped onto the next line but stops at the next row of the table', () => {
    const lines = [
      line('坐落', 100, 300),
      line('山东省日照市东港区海曲东路88号锦绣小区3号楼2单元', 250, 290, 700),
      line('501室', 250, 322, 80),
      line('不动产单元号', 60, 380),
      line('371102001001GB00001F00010001', 250, 380, 500),
    ];
    expect(extractFields('property_certificate', lines)).toEqual([{ field: 'address', value: '山东省日照市东港区海曲东路88号锦绣小区3号楼2单元501室', confidence: 0.98 }]);
  });

  it('never offers a relation the 户口簿 does not use, nor a name that is a label', () => {
    const lines = [line('姓名', 100, 100), line('性别', 250, 100), line('户主或与户主关系', 500, 100), line('长子x', 700, 100)];
    expect(extractFields('hukou_booklet', lines)).toEqual([]);
  });

  it('reads the certificate number as the desk stores it (ASCII brackets), with digit look-alikes as digits', () => {
    expect(certificateNumbersIn('鲁（2019）日照市不动产权第0O12345号')).toEqual(['鲁(2019)日照市不动产权第0012345号']);
    expect(certificateNumbersIn('京(2017)市辖区不动产权第6017399号')).toEqual(['京(2017)市辖区不动产权第6017399号']);
    expect(certificateNumbersIn('不动产权证书')).toEqual([]);
  });

  it('marks characters read with low probability, and a name cell wider than what was read as incomplete', () => {
    // 𠮷 is not in the recogniser's dictionary: it comes out as 吉 with a low probability.
    const lookalike = extractFields('hukou_booklet', [line('常住人口登记卡', 100, 20), line('姓名', 20, 100, 40), scored('吉田明', [0.69, 0.99, 1], 80, 100)]);
    expect(lookalike).toEqual([{ field: 'name', value: '吉田明', confidence: 0.98, uncertain: [0], person: 0 }]);
    // 龑 yields nothing: "小龙" in a cell as wide as three characters.
    const dropped = extractFields('residence_permit', [line('姓名', 20, 100, 40), scored('小龙', [1, 1], 80, 100, 54)]);
    expect(dropped).toEqual([{ field: 'name', value: '小龙', confidence: 0.98, incomplete: true }]);
    // A lone surname left of a skipped character is still that name's cell, never the next label.
    const lone = extractFields('hukou_booklet', [line('常住人口登记卡', 100, 20), line('姓名', 20, 100, 40), scored('王', [1], 80, 100, 39), line('户主或与', 140, 96, 80)]);
    expect(lone).toEqual([{ field: 'name', value: '王', confidence: 0.98, incomplete: true, person: 0 }]);
    // Read well and as wide as its text: nothing marked.
    const clean = extractFields('residence_permit', [line('姓名', 20, 100, 40), scored('张伟', [0.99, 0.98], 80, 100, 36)]);
    expect(clean).toEqual([{ field: 'name', value: '张伟', confidence: 0.98 }]);
  });

  it('keeps each person of a 户口簿 spread apart (recorded OCR output of a rendered, photographed two-card page)', () => {
    const byPerson = (fields: ReturnType<typeof extractFields>) => {
      const out: Array<Record<string, string>> = [];
      for (const f of fields) if (f.person !== undefined) (out[f.person] ??= {})[f.field] = f.value;
      return out;
    };
    // Left the householder, right a school-age son; the right card sits lower (the page is turned).
    expect(spread.persons.map((p) => p.relation)).toEqual(['户主', '次子']);
    expect(byPerson(extractFields('hukou_booklet', spread.lines))).toEqual(spread.persons);
    // A page with one card is one person, as before.
    const left = spread.lines.filter((l) => l.box.x < 850);
    expect(byPerson(extractFields('hukou_booklet', left))).toEqual([spread.persons[0]]);
  });

  it('offers no person of a spread whose cards it cannot tell apart', () => {
    // The right card's 姓名 label unread: two cards (two titles), one anchor. Nothing rather than a mix.
    const unanchored = spread.lines.filter((l) => !(l.text === '姓名' && l.box.x > 850));
    expect(extractFields('hukou_booklet', unanchored).filter((f) => f.field !== 'address')).toEqual([]);
    // The right 姓名 label read far off to the right: the left card takes the right card's lines and with them a
    // second ID number, so it is left out; the right "card" holds no number or date of its own.
    const misplaced = spread.lines.map((l) => (l.text === '姓名' && l.box.x > 850 ? { ...l, box: { ...l.box, x: 1700 } } : l));
    expect(extractFields('hukou_booklet', misplaced).filter((f) => f.field === 'idNumber' || f.field === 'name')).toEqual([]);
  });

  it('knows the documents by the plan material names', () => {
    expect(documentKindOf('户口簿')).toBe('hukou_booklet');
    expect(documentKindOf('不动产权证书')).toBe('property_certificate');
    expect(documentKindOf('居住证')).toBe('residence_permit');
    expect(documentKindOf('港澳台居民居住证')).toBeNull();
    expect(documentKindOf('出生医学证明')).toBeNull();
  });
});

describe('suggestions from captured pages (worker thread, real models)', () => {
  let desk: TestDesk;
  let pages: TestPage[];
  let appId: string;

  beforeAll(async () => {
    pages = [await testPage('hukou_card', 71), await testPage('residence_permit', 72), await testPage('property', 73)];
    desk = await openTestDesk(undefined, { ocr: true });
    await setUpDesk(desk);
    const draft = await desk.call('applications.saveDraft', { data: { grade: 'primary1', child: { name: '张小明' } } });
    appId = draft.id;
  }, 120_000);
  afterAll(() => desk.cleanup());

  it('suggests each field of the page, linked to the page it came from, and fills nothing by itself', async () => {
    const items = { hukou_card: 'hukou-booklet', residence_permit: 'residence-permit:0', property: 'property-certificate' } as const;
    for (const page of pages) {
      const materialKey = items[page.layout as keyof typeof items];
      const { pages: stored } = await desk.call('documents.importFile', { applicationId: appId, materialKey, source: 'camera', dataBase64: page.image.toString('base64') });
      const answer = await desk.call('ocr.suggest', { applicationId: appId, materialKey });
      expect(answer.kind, `seed ${page.seed}`).toBe(page.kind);
      const got = Object.fromEntries(answer.suggestions.map((s) => [s.field, s.value]));
      expect(got, `${page.layout} seed ${page.seed}`).toEqual(page.truth);
      for (const s of answer.suggestions) expect(s).toMatchObject({ pageId: stored[0]?.id, pageNo: 1 });
      expect(answer.pages).toEqual([expect.objectContaining({ pageId: stored[0]?.id, pageNo: 1 })]);
    }
    const record = await desk.call('applications.get', { id: appId });
    expect(record.data.child).toEqual({ name: '张小明' });
    for (const part of ['guardians', 'hukou', 'housing'] as const) expect(record.data[part]).toBeUndefined();
  }, 240_000);

  it('offers nothing for items it cannot read, and says so when the item is unknown', async () => {
    const answer = await desk.call('ocr.suggest', { applicationId: appId, materialKey: 'birth-certificate' });
    expect(answer).toMatchObject({ kind: null, suggestions: [], pages: [] });
    expect((await desk.fail('ocr.suggest', { applicationId: appId, materialKey: 'no-such-item' })).code).toBe('DOC_MATERIAL_UNKNOWN');
  });
});

describe('rare characters on a rendered page', () => {
  let desk: TestDesk;
  let appId: string;
  beforeAll(async () => {
    desk = await openTestDesk(undefined, { ocr: true });
    await setUpDesk(desk);
    appId = (await desk.call('applications.saveDraft', { data: { grade: 'primary1' } })).id;
  }, 120_000);
  afterAll(() => desk.cleanup());

  it('never offers a rare-character name as if it were read exactly: it is exact, or marked uncertain or incomplete', async () => {
    // 𠮷 (Ext B), 龑 and 𪚥 are outside the recogniser's 6,623 characters; the fonts print them.
    const cases = [
      { layout: 'hukou_card', name: '𠮷田明', seed: 71, key: 'hukou-booklet' },
      { layout: 'residence_permit', name: '龑小龙', seed: 73, key: 'residence-permit:0' },
      { layout: 'hukou_card', name: '王𪚥', seed: 72, key: 'hukou-booklet' },
    ] as const;
    for (const c of cases) {
      const page = await testPage(c.layout, c.seed, { name: c.name });
      await desk.call('documents.importFile', { applicationId: appId, materialKey: c.key, source: 'camera', dataBase64: page.image.toString('base64') });
      const answer = await desk.call('ocr.suggest', { applicationId: appId, materialKey: c.key });
      const names = answer.suggestions.filter((s) => s.field === 'name');
      expect(names.length, c.name).toBeGreaterThan(0);
      for (const s of names) {
        const flagged = (s.uncertain?.length ?? 0) > 0 || s.incomplete === true;
        expect(s.value === c.name || flagged, `${c.name}: offered ${s.value} ${JSON.stringify(s)}`).toBe(true);
      }
      // The rest of the page is read as usual.
      expect(answer.suggestions.find((s) => s.field === 'idNumber')?.value).toBe(page.truth.idNumber);
      const pages = await desk.call('documents.list', { applicationId: appId });
      for (const p of pages.items.find((i) => i.materialKey === c.key)?.pages ?? []) await desk.call('documents.removePage', { pageId: p.id });
    }
  }, 240_000);
});

describe('taking a suggestion', () => {
  it('is audited with the field, the page and the flags, never the value; a removed page is refused', async () => {
    const { desk } = await openPlannedDesk();
    try {
      const draft = await desk.call('applications.saveDraft', { data: { grade: 'primary1' } });
      const page = await testPage('hukou_card', 9);
      const { pages } = await desk.call('documents.importFile', { applicationId: draft.id, materialKey: 'hukou-booklet', source: 'camera', dataBase64: page.image.toString('base64') });
      const pageId = pages[0]?.id ?? '';
      const input = { applicationId: draft.id, materialKey: 'hukou-booklet', pageId, field: 'moveInDate' as const, path: 'hukou.moveInDate', confidence: 0.99, uncertain: false };
      expect(await desk.call('ocr.accepted', input)).toEqual({ recorded: true });
      const audit = await desk.call('audit.list', { limit: 10 });
      const entry = audit.find((e: { action: string }) => e.action === 'ocr.suggestionAccepted');
      expect(entry).toMatchObject({ target: draft.id, details: { materialKey: 'hukou-booklet', pageId, pageNo: 1, field: 'moveInDate', path: 'hukou.moveInDate', uncertain: false } });
      expect(JSON.stringify(entry)).not.toContain(page.truth.moveInDate ?? '');
      expect((await desk.fail('ocr.accepted', { ...input, materialKey: 'property-certificate' })).code).toBe('DOC_PAGE_NOT_FOUND');
      await desk.call('documents.removePage', { pageId });
      expect((await desk.fail('ocr.accepted', input)).code).toBe('DOC_PAGE_NOT_FOUND');
    } finally {
      desk.cleanup();
    }
  }, 120_000);
});

describe('when recognition cannot start', () => {
  it('explains in Chinese that the models are missing and offers no suggestions', async () => {
    const { desk, planKey } = await openPlannedDesk();
    expect(planKey).toBeTruthy();
    const broken = new WorkerOcr({ workerScript: DEV_OCR_WORKER, modelsDir: '/nonexistent/models' });
    Object.assign(desk.ports, { ocr: broken });
    try {
      const draft = await desk.call('applications.saveDraft', { data: { grade: 'primary1' } });
      const page = await testPage('residence_permit', 5);
      await desk.call('documents.importFile', { applicationId: draft.id, materialKey: 'residence-permit:0', source: 'camera', dataBase64: page.image.toString('base64') });
      const err = await desk.fail('ocr.suggest', { applicationId: draft.id, materialKey: 'residence-permit:0' });
      expect(err.code).toBe('OCR_UNAVAILABLE');
      expect(err.message).toContain('缺少识别模型文件');
    } finally {
      desk.cleanup();
    }
  });
});
