import { describe, expect, it } from 'vitest';
import { buildDocument, NotApplicable } from '../../../../shared/print/documents';
import { parseReceiptQr } from '../../../../shared/print/qr';
import { documentKinds, type DocumentKind } from '../../../../shared/print/types';
import { renderPdf } from './render';
import { faceFor, FONT_CHAIN } from './fonts';
import { CHILD_ID, lotteryOutcome, printData, reviewResult, supplementVisit } from '../../testing/printData';
import { pdfFonts, pdfGray, pdfInfo, pdfLayoutText, pdfLines, pdfQrCodes, pdfText, pdfWords } from '../../testing/pdfTools';

// Every printed document from fixtures through the real pdfmake + fonts, checked with poppler and zbar.

const outcomeFor: Partial<Record<DocumentKind, 'admitted' | 'reassigned' | 'rejected'>> = {
  admissionNotice: 'admitted',
  reassignmentNotice: 'reassigned',
  rejectionNotice: 'rejected',
  lotteryResult: 'admitted',
};

function dataFor(kind: DocumentKind) {
  const outcome = outcomeFor[kind];
  if (kind === 'supplementReceipt') return printData({ supplement: supplementVisit() }, { proxy: { name: '王建国', relation: '舅舅', idNumber: '370102198001010011', mobile: '13700001111' } });
  return printData(
    outcome
      ? { result: reviewResult({ outcome, reasons: outcome === 'rejected' ? ['房产登记日期晚于方案规定的截止日期。'] : outcome === 'reassigned' ? ['报名学校学位已满。'] : [], ...(kind === 'lotteryResult' ? { lottery: lotteryOutcome() } : {}) }) }
      : {},
    { proxy: { name: '王建国', relation: '舅舅', idNumber: '370102198001010011', mobile: '13700001111' } },
  );
}

const expected: Record<DocumentKind, string[]> = {
  receipt: ['受理回执', '379901-A01-20260601-0007', 'K7M2Q-9XH4T', '张小明', '小学一年级', '房户一致', '示例县实验小学', '2026年6月1日 09:30', '刘晓燕', '尚未上传至招生平台', '出生医学证明', '0000-1234567'],
  materialsList: ['材料接收清单', '户口簿', '监护人签字', '经办人签字'],
  supplementNotice: ['补充材料一次性告知书', '出生医学证明', '2026年6月6日', '政务服务中心一楼'],
  privacyConsent: ['个人信息', '处理目的', '保存期限', '张大伟', '138****5678'],
  proxyAuthorization: ['授权委托书', '王建国', '舅舅', '受托人签字'],
  admissionNotice: ['录取通知书', '已被示例县实验小学录取', '2026年8月28日', '东校区报告厅', 'K7M2Q-9XH4T'],
  reassignmentNotice: ['调剂通知书', '调剂至', '学位已满', 'K7M2Q-9XH4T'],
  rejectionNotice: ['不予通过告知书', '房产登记日期晚于', '申请复核', '2026年7月25日', 'K7M2Q-9XH4T'],
  supplementReceipt: ['补充材料接收回执', '2026年6月3日 10:00', '儿童居民身份证', '原件已核', '仍未补齐', '居住证', '2026年6月6日', '李云', 'K7M2Q-9XH4T'],
  lotteryResult: ['电脑随机派位结果告知单', '示例县育才民办小学（p-yucai）', '第3位/共10位', '中签', '已录取：示例县实验小学', '0a1b2c3d4e5f6071 8293a4b5c6d7e8f9', '逐字节重算', 'K7M2Q-9XH4T'],
};

const squash = (s: string) => s.replace(/\s+/g, '');

describe('printed documents', () => {
  for (const kind of documentKinds) {
    it(`${kind}: renders on A4 with its text, the masked ID and never the full ID`, async () => {
      const r = await renderPdf(buildDocument(kind, 'A4', dataFor(kind)));
      const text = squash(pdfText(r.pdf));
      for (const t of expected[kind]) expect(text).toContain(squash(t));
      expect(text).toContain('3701**********0011');
      expect(text).not.toContain(CHILD_ID);
      expect(text).not.toContain('370102198001010011');
      const info = pdfInfo(r.pdf);
      expect([info.width, info.height].map(Math.round)).toEqual([595, 842]);
      expect(r.missingGlyphs).toEqual([]);
    });
  }

  it('lotteryResult: 未中签 with the place in the waiting list, and refused for a result without a draw', async () => {
    const lost = reviewResult({ outcome: 'awaiting_reassignment', schoolCode: null, schoolName: null, lottery: lotteryOutcome({ rank: 7, won: false }) });
    const text = squash(pdfText((await renderPdf(buildDocument('lotteryResult', 'A4', printData({ result: lost })))).pdf));
    for (const t of ['第7位/共10位', '未中签', '待调剂']) expect(text).toContain(t);
    expect(text).not.toContain('已录取');
    expect(() => buildDocument('lotteryResult', 'A4', printData({ result: reviewResult() }))).toThrow(NotApplicable);
    expect(() => buildDocument('lotteryResult', 'A4', printData())).toThrow(/NO_REVIEW_RESULT/);
  });

  it('补充材料告知书 and 补充材料接收回执 carry the receipt QR the family brings back; a closed visit says so', async () => {
    for (const kind of ['supplementNotice', 'supplementReceipt'] as const) {
      const r = await renderPdf(buildDocument(kind, 'A4', dataFor(kind)));
      expect(pdfQrCodes(r.pdf).map(parseReceiptQr), kind).toEqual([{ receiptNo: '379901-A01-20260601-0007', verificationCode: 'K7M2Q-9XH4T' }]);
    }
    const closed = await renderPdf(buildDocument('supplementReceipt', 'A4', printData({ supplement: supplementVisit({ remaining: [], deadline: null }) })));
    const text = squash(pdfText(closed.pdf));
    expect(text).toContain('所缺材料已全部补齐');
    expect(text).not.toContain('仍未补齐');
    expect(() => buildDocument('supplementReceipt', 'A4', printData())).toThrow(NotApplicable);
  });

  it('receipt QR holds the receipt number and verification code on A4, A5 and the 80 mm roll', async () => {
    const sizes: Record<string, [number, number]> = { A4: [595, 842], A5: [420, 595] };
    for (const paper of ['A4', 'A5', 'roll80'] as const) {
      const r = await renderPdf(buildDocument('receipt', paper, printData()));
      const codes = pdfQrCodes(r.pdf).map(parseReceiptQr);
      expect(codes, paper).toEqual([{ receiptNo: '379901-A01-20260601-0007', verificationCode: 'K7M2Q-9XH4T' }]);
      const info = pdfInfo(r.pdf);
      expect(info.pages, paper).toBe(1);
      if (paper === 'roll80') expect(Math.round(info.width)).toBe(227);
      else expect([info.width, info.height].map(Math.round)).toEqual(sizes[paper]);
    }
  });

  it('notices label the school they mean: 录取学校; 调剂学校 beside 原报名学校, as the text says', async () => {
    const rows = (pdf: Buffer) => pdfLayoutText(pdf).split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
    const admitted = rows((await renderPdf(buildDocument('admissionNotice', 'A4', printData({ result: reviewResult({ schoolName: '示例县实验小学' }) })))).pdf);
    expect(admitted).toContain('录取学校 示例县实验小学');
    expect(admitted.some((l) => l.startsWith('报名学校'))).toBe(false);

    const moved = reviewResult({ outcome: 'reassigned', schoolName: '示例县第二实验小学', reasons: ['学位已满。'] });
    const pdf = (await renderPdf(buildDocument('reassignmentNotice', 'A4', printData({ result: moved })))).pdf;
    const lines = rows(pdf);
    expect(lines).toContain('调剂学校 示例县第二实验小学');
    expect(lines).toContain('原报名学校 示例县实验小学');
    expect(lines.some((l) => l.startsWith('报名学校'))).toBe(false);
    expect(squash(pdfText(pdf))).toContain('由原报名学校示例县实验小学调剂至示例县第二实验小学就读');
    // Without the school it moves to, a reassignment notice has nothing to say.
    expect(() => buildDocument('reassignmentNotice', 'A4', printData({ result: { ...moved, schoolName: null } }))).toThrow(/DOCUMENT_NOT_APPLICABLE/);
  });

  it('the materials list states exactly the one state recorded per item and the scanned pages', async () => {
    const data = printData({}, {
      materials: [
        { name: '户口簿', reason: 'x', state: 'original_seen', required: true, pages: 4 },
        { name: '监护人居民身份证', reason: 'x', state: 'copy_kept', required: true },
        { name: '出生医学证明', reason: 'x', state: 'missing', required: false },
      ],
    });
    const rows = pdfLayoutText((await renderPdf(buildDocument('materialsList', 'A4', data))).pdf)
      .split('\n')
      .map((l) => l.trim().split(/\s{2,}/));
    expect(rows).toContainEqual(['1', '户口簿', '原件已核', '已扫描 4 页']);
    expect(rows).toContainEqual(['2', '监护人居民身份证', '已留复印件', '未扫描']);
    expect(rows).toContainEqual(['3', '出生医学证明', '缺', '未扫描']);
    // No yes/no columns that claim a copy was kept for an item only marked 原件已核.
    expect(rows.flat()).not.toContain('是');
  });

  it('every notice carries the verification code and a QR code that holds it', async () => {
    for (const kind of ['admissionNotice', 'reassignmentNotice', 'rejectionNotice'] as const) {
      const r = await renderPdf(buildDocument(kind, 'A4', dataFor(kind)));
      expect(squash(pdfText(r.pdf)), kind).toContain('验证码K7M2Q-9XH4T');
      expect(pdfQrCodes(r.pdf).map(parseReceiptQr), kind).toEqual([{ receiptNo: '379901-A01-20260601-0007', verificationCode: 'K7M2Q-9XH4T' }]);
    }
  });

  it('the proxy form names each role once, as a heading, and its labels stay whole', async () => {
    const lines = pdfLines((await renderPdf(buildDocument('proxyAuthorization', 'A4', dataFor('proxyAuthorization')))).pdf).map((l) => l.text.replace(/\s+/g, ''));
    expect(lines.filter((l) => l === '委托人（监护人）')).toHaveLength(1);
    expect(lines.filter((l) => l === '受托人')).toHaveLength(1);
    expect(lines.filter((l) => l === '姓名')).toHaveLength(2);
    expect(lines).toContain('委托人（监护人）签字：____________日期：年月日');
  });

  it('a notice is never dated before the application was received', () => {
    // Submitted 2026-06-01 09:30 China time; a decision the evening before is refused, the same day is fine.
    for (const kind of ['admissionNotice', 'reassignmentNotice', 'rejectionNotice'] as const) {
      const outcome = outcomeFor[kind]!;
      const early = printData({ result: reviewResult({ outcome, schoolName: '示例县第二实验小学', decidedAt: '2026-05-31T12:00:00.000Z' }) });
      let error: unknown;
      try {
        buildDocument(kind, 'A4', early);
      } catch (e: unknown) {
        error = e;
      }
      expect(error, kind).toBeInstanceOf(NotApplicable);
      expect((error as NotApplicable).code).toBe('NOTICE_DATE_BEFORE_RECEIPT');
      expect((error as NotApplicable).values).toMatchObject({ decided: '2026年5月31日', received: '2026年6月1日' });
      const sameDay = printData({ result: reviewResult({ outcome, schoolName: '示例县第二实验小学', decidedAt: '2026-05-31T16:00:00.000Z' }) });
      expect(() => buildDocument(kind, 'A4', sameDay), kind).not.toThrow();
    }
  });

  it('no printout promises a date that has passed on the day it is printed', async () => {
    // Printed on 2 December 2026: the sample plan's "2026 年 8 月 10 日前", the 5-day supplement deadline, the
    // report date and the appeal deadline have all passed. What is left are facts (受理时间, 审核日期, 出具日期).
    const printedOn = '2026-12-02';
    const dates = (text: string) => [...text.replace(/\s+/g, '').matchAll(/(\d{4})年(\d{1,2})月(\d{1,2})日/g)].map((m) => `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`);
    for (const kind of documentKinds) {
      const data = { ...dataFor(kind), printedOn };
      const text = pdfText((await renderPdf(buildDocument(kind, 'A4', data))).pdf);
      const facts = new Set([data.application.submittedAt, data.issuedAt, data.result?.decidedAt, data.supplement?.at].filter((x) => x !== undefined).map((iso) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)));
      const promisedPast = dates(text).filter((d) => !facts.has(d) && d < printedOn);
      expect(promisedPast, `${kind}:\n${text}`).toEqual([]);
      expect(squash(text), kind).not.toMatch(/8月10日/);
    }
    const receipt = squash(pdfText((await renderPdf(buildDocument('receipt', 'A4', { ...printData(), printedOn }))).pdf));
    expect(receipt).toContain(squash(printData().county.resultsAnnouncementLate));
    const supplement = squash(pdfText((await renderPdf(buildDocument('supplementNotice', 'A4', { ...printData(), printedOn }))).pdf));
    expect(supplement).toContain('补交期限以招生平台公布为准');
    const rejection = squash(pdfText((await renderPdf(buildDocument('rejectionNotice', 'A4', { ...dataFor('rejectionNotice'), printedOn }))).pdf));
    expect(rejection).toContain('申请复核的期限以招生平台公布为准');
    // Before the dates, they are printed.
    const early = squash(pdfText((await renderPdf(buildDocument('receipt', 'A4', printData()))).pdf));
    expect(early).toContain('2026年8月10日前');
  });

  it('the receipt names the materials verified by data sharing (零证明) and says no paper is needed, only when there are any', async () => {
    const base = printData();
    const materials = base.application.materials.map((m, i) => (i === 1 ? { ...m, state: 'dept_verified' as const, pages: undefined } : m));
    const verified = squash(pdfText((await renderPdf(buildDocument('receipt', 'A4', { ...base, application: { ...base.application, materials } }))).pdf));
    expect(verified).toContain(squash(`${materials[1]!.name}：部门数据已核验`));
    expect(verified).toContain('家长无需提交纸质证明');
    const paper = squash(pdfText((await renderPdf(buildDocument('receipt', 'A4', base))).pdf));
    expect(paper).not.toContain('部门数据已核验');
  });

  it('the receipt says whether the family accepts reassignment and names siblings applying together by masked ID number (issue 13)', async () => {
    const base = printData();
    const twin = CHILD_ID.slice(0, 14) + '0011';
    const receipt = (application: Partial<typeof base.application>) =>
      renderPdf(buildDocument('receipt', 'A4', { ...base, application: { ...base.application, ...application } })).then((r) => squash(pdfText(r.pdf)));
    const refused = await receipt({ acceptsReassignment: false, siblingIds: [twin] });
    expect(refused).toContain('服从调剂否');
    expect(refused).toContain(`同胞同时报名${twin.slice(0, 4)}**********${twin.slice(-4)}`);
    expect(refused).not.toContain(twin);
    // Older callers and the usual family: 是, and no sibling row.
    const usual = await receipt({});
    expect(usual).toContain('服从调剂是');
    expect(usual).not.toContain('同胞同时报名');
  });

  it('the same data renders to the same bytes', async () => {
    const a = await renderPdf(buildDocument('receipt', 'A4', printData()));
    const b = await renderPdf(buildDocument('receipt', 'A4', printData()));
    expect(a.pdf.equals(b.pdf)).toBe(true);
  });

  it('rare names extract back exactly and take the fallback fonts', async () => {
    const names = ['𠮷田𠀋一', '阿依古丽·买买提', '龑䶮𪚥'];
    for (const name of names) {
      const r = await renderPdf(buildDocument('receipt', 'A4', printData({}, { child: { name, idType: '居民身份证', idNumber: CHILD_ID, birthDate: '2020-03-15', sex: '女' } })));
      expect(squash(pdfText(r.pdf))).toContain(name);
      expect(r.missingGlyphs).toEqual([]);
      for (const ch of name) expect(faceFor(ch.codePointAt(0)!), ch).toBeGreaterThanOrEqual(0);
    }
    const child = (name: string) => ({ child: { name, idType: '居民身份证', idNumber: CHILD_ID, birthDate: '2020-03-15', sex: '女' } });
    // 𠮷 is among Noto Sans CJK SC's Ext B characters (the CFF "rest" font); 𪚥 only HanaMin B has.
    const fonts = (name: string) => renderPdf(buildDocument('receipt', 'A4', printData({}, child(name)))).then((r) => pdfFonts(r.pdf));
    expect(await fonts('张小明')).toEqual(['NotoSansCJKsc-Regular (CID TrueType)']);
    expect(await fonts('𠮷田')).toEqual(['NotoSansCJKsc-Regular (CID TrueType)', 'NotoSansCJKsc-Regular (CID Type 0C)']);
    expect(await fonts('𪚥')).toEqual(['NotoSansCJKsc-Regular (CID TrueType)', 'HanaMinB (CID TrueType)']);
  });

  it('no rare character prints as the missing-glyph box', async () => {
    // Render each character alone, large; its pixels must differ from the .notdef box of a code point no font has.
    const one = (ch: string) =>
      renderPdf({ pageSize: { width: 160, height: 160 }, pageMargins: [10, 10, 10, 10], defaultStyle: { font: 'DeskSans', fontSize: 72 }, content: [ch] });
    const box = pdfGray((await one('\u{10FFFD}')).pdf).pixels;
    const blank = pdfGray((await one(' ')).pdf).pixels;
    for (const ch of ['𠮷', '𠀋', '𪚥', '䶮', '龑', '古', '·']) {
      const px = pdfGray((await one(ch)).pdf).pixels;
      expect(px.equals(box), `${ch} renders as the missing-glyph box`).toBe(false);
      expect(px.equals(blank), `${ch} renders blank`).toBe(false);
    }
  });

  it('a character no font has is reported, not silently dropped', async () => {
    const r = await renderPdf(buildDocument('receipt', 'A4', printData({}, { child: { name: '张\u{10FFFD}', idType: '居民身份证', idNumber: CHILD_ID, birthDate: '2020-03-15', sex: '男' } })));
    expect(r.missingGlyphs).toEqual(['\u{10FFFD}']);
  });

  it('very long names and addresses and empty optional fields stay inside the page', async () => {
    const long = '欧阳'.repeat(30);
    const data = printData(
      {},
      {
        child: { name: long, idType: '居民身份证', idNumber: CHILD_ID, birthDate: '2020-03-15', sex: '男' },
        counterName: '示例县城关街道政务服务中心一楼东侧教育招生专用受理窗口（临时增设第十二号窗口）'.repeat(2),
        schoolName: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
        clerkName: '',
        materials: [],
      },
    );
    for (const paper of ['A4', 'A5', 'roll80'] as const) {
      const r = await renderPdf(buildDocument('receipt', paper, data));
      for (const page of pdfWords(r.pdf)) {
        for (const w of page.words) {
          expect(w.xMin, `${paper} ${w.text}`).toBeGreaterThanOrEqual(0);
          expect(w.xMax, `${paper} ${w.text}`).toBeLessThanOrEqual(page.width);
          expect(w.yMax, `${paper} ${w.text}`).toBeLessThanOrEqual(page.height);
        }
      }
      expect(squash(pdfText(r.pdf))).toContain(long);
    }
  });

  it('a document without its data is refused, not printed blank', () => {
    expect(() => buildDocument('admissionNotice', 'A4', printData())).toThrow(NotApplicable);
    expect(() => buildDocument('admissionNotice', 'A4', printData({ result: reviewResult({ outcome: 'rejected' }) }))).toThrow(/REVIEW_RESULT_MISMATCH/);
    expect(() => buildDocument('proxyAuthorization', 'A4', printData())).toThrow(/DOCUMENT_NOT_APPLICABLE/);
    const complete = printData({}, { materials: [{ name: '户口簿', reason: 'x', state: 'original_seen', required: true }] });
    expect(() => buildDocument('supplementNotice', 'A4', complete)).toThrow(/DOCUMENT_NOT_APPLICABLE/);
  });

  it('the font chain is the one shipped in resources/fonts', () => {
    expect(FONT_CHAIN.map((f) => f.file)).toEqual(['NotoSansSC-Common.ttf', 'NotoSansSC-Rest.otf', 'HanaMinB.ttf', 'BabelStoneHan-Ext.ttf']);
  });
});
