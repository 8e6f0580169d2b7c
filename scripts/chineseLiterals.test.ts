// Staff read Chinese, and every message comes from the catalogue (shared/i18n/zhCN*.ts, issue 11). This scans the
// production code of shared/, electron/core/, server/ and both browser apps (the desk's renderer, the county console)
// for string literals, JSX text and regexes holding Chinese characters
// outside the catalogue. Data files (words matched in input, published formats) are allowed whole, each with its
// reason; any other Chinese literal fails. The last of the 493 lines the files held in 2026-12 moved out in issue 11.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SCANNED = ['shared', 'electron', 'server', 'renderer/src'];
/** Tests, test kits, shipped migrations (pinned by checksum), the catalogue, generated and built files. */
const SKIPPED = /\.test\.tsx?$|\/testing\/|\/migrations\/|^shared\/i18n\/|\/generated\/|\/node_modules\/|^server\/dist\/|^server\/console\/dist\//;

/** Data in Chinese that is not a message: allowed whole. */
const DATA: Record<string, string> = {
  'shared/domain/pinyinSupplement.ts': 'pinyin of rare name characters',
  'shared/domain/ethnicity.ts': 'the 56 ethnic groups as the national standard names them',
  'shared/lottery/vectors.ts': 'published lottery test vectors',
  'shared/lottery/sampleBundle.ts': 'a sample lottery bundle',
  'shared/lottery/specSummary.ts': 'the ENROLL-LOTTERY-v1 summary every bundle carries (its bytes are in the golden vectors)',
  'shared/placement/sampleCounty.ts': 'a sample county for placement',
  'electron/core/services/ocr/fields.ts': 'the printed words OCR looks for on 户口簿 and 不动产权证 pages',
  'shared/dept/headerAliases.ts': 'the column headers department extract files carry, which the import matches',
  'shared/dept/cellWords.ts': 'how department extracts write dates, sex and closed business states in cells, which the import reads',
  'shared/print/writtenDates.ts': 'the dates a county writes in its plan wording, which the printout check reads',
  'shared/plan/divisionWords.ts': 'how addresses write administrative divisions (省, 市, 县…), which the zone match reads',
  'electron/core/services/cardReader/cardWords.ts': 'words the ID card itself stores (GA 467), compared with what is decoded',
  'electron/core/services/ocr/documentKinds.ts': 'the words county plans name 户口簿, 不动产权证 and 居住证 items with, matched to pick the OCR reading',
  'electron/core/services/reports/fonts.ts': 'the font name (宋体) Excel and WPS know',
  'electron/harness/fakePrinter.ts': 'the printers the loopback test transport pretends to have',
  'renderer/src/lib/inputWords.ts': '户口簿 relations, the material names whose pages are read, and dates typed with 年/月/日',
};

const HAN = /\p{Script=Han}/u;

/** Lines of `code` where a string, template or regex literal holds a Chinese character (comments do not count). */
function chineseLiteralLines(path: string, code: string): number[] {
  const source = ts.createSourceFile(path, code, ts.ScriptTarget.Latest, true, path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const lines = new Set<number>();
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isRegularExpressionLiteral(node) || ts.isJsxText(node)) && HAN.test(node.text)) {
      lines.add(source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...lines];
}

function scannedFiles(): string[] {
  return SCANNED.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .map((f) => `${dir}/${f.split('\\').join('/')}`)
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts') && !SKIPPED.test(f)),
  );
}


describe('Chinese literals outside the catalogue', () => {
  it('finds them in strings, templates and regexes, not in comments', () => {
    const code = "// 注释\nconst a = 'a';\nconst b = '请核对';\nconst c = `共 ${1} 项`;\nconst d = /^姓名/;\n/** 说明 */\nconst e = 'x';";
    expect(chineseLiteralLines('probe.ts', code)).toEqual([3, 4, 5]);
  });

  it('finds them in JSX text and attributes of components', () => {
    const code = "const A = () => (\n  <div title=\"提示\">\n    {/* 注释 */}\n    保存\n  </div>\n);";
    expect(chineseLiteralLines('probe.tsx', code)).toEqual([2, 4]);
  });

  it('appear only in data files', () => {
    const found: string[] = [];
    for (const file of scannedFiles()) {
      if (DATA[file] !== undefined) continue;
      const lines = chineseLiteralLines(file, readFileSync(join(ROOT, file), 'utf8'));
      if (lines.length > 0) found.push(`${file}:${lines.join(',')}`);
    }
    expect(found, 'Chinese text belongs in shared/i18n/zhCN*.ts (or, if it is data matched in input, in a file listed in DATA with its reason)').toEqual([]);
  });

  it('lists data files that exist', () => {
    const files = new Set(scannedFiles());
    expect(Object.keys(DATA).filter((f) => !files.has(f))).toEqual([]);
  });
});
