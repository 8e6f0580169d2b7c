import { describe, expect, it } from 'vitest';
import { buildDocument, NotApplicable } from '../../../../shared/print/documents';
import { parseReceiptQr } from '../../../../shared/print/qr';
import { documentKinds, type DocumentKind } from '../../../../shared/print/types';
import { renderPdf } from './render';
import { faceFor, FONT_CHAIN } from './fonts';
import { CHILD_ID, printData, reviewResult } from './testData';
import { pdfFonts, pdfGray, pdfInfo, pdfQrCodes, pdfText, pdfWords } from './pdfTools';

// Every printed document from fixtures through the real pdfmake + fonts, checked with poppler and zbar.

const outcomeFor: Partial<Record<DocumentKind, 'admitted' | 'reassigned' | 'rejected'>> = {
  admissionNotice: 'admitted',
  reassignmentNotice: 'reassigned',
  rejectionNotice: 'rejected',
};

function dataFor(kind: DocumentKind) {
  const outcome = outcomeFor[kind];
  return printData(
    outcome ? { result: reviewResult({ outcome, reasons: outcome === 'rejected' ? ['房产登记日期晚于方案规定的截止日期。'] : outcome === 'reassigned' ? ['报名学校学位已满。'] : [] }) } : {},
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
  reassignmentNotice: ['调剂通知书', '调剂至', '学位已满'],
  rejectionNotice: ['不予通过告知书', '房产登记日期晚于', '申请复核', '2026年7月25日'],
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
    expect(FONT_CHAIN.map((f) => f.file)).toEqual(['NotoSansSC-Common.ttf', 'NotoSansSC-Rest.otf', 'HanaMinB.ttf']);
  });
});
