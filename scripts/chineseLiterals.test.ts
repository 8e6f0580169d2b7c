// Staff read Chinese, and every message comes from the catalogue (shared/i18n/zhCN*.ts, issue 11). This scans the
// production code of shared/, electron/core/ and server/ for string literals (and regexes) holding Chinese characters
// outside the catalogue. Data files are allowed whole; the files that still hold messages have a budget that may only
// go down: a new literal fails, and so does a budget left higher than what remains (lower it, so the class cannot
// grow back into the room a move left).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SCANNED = ['shared', 'electron/core', 'server'];
/** Tests, test kits, shipped migrations (pinned by checksum), the catalogue, and the console's browser code (its own lint). */
const SKIPPED = /\.test\.ts$|\/testing\/|\/migrations\/|^shared\/i18n\/|^server\/console\/|\/node_modules\/|^server\/dist\//;

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
  'electron/core/services/cardReader/cardWords.ts': 'words the ID card itself stores (GA 467), compared with what is decoded',
  'electron/core/services/ocr/documentKinds.ts': 'the words county plans name 户口簿, 不动产权证 and 居住证 items with, matched to pick the OCR reading',
  'electron/core/services/reports/fonts.ts': 'the font name (宋体) Excel and WPS know',
};

/**
 * Files (or folders, ending in `/`) that still hold staff-facing messages or labels, with how many literal lines
 * remain. Move them into shared/i18n/zhCN*.ts and lower the number.
 */
const NOT_YET_MOVED: Record<string, number> = {
};

const HAN = /\p{Script=Han}/u;

/** Lines of `code` where a string, template or regex literal holds a Chinese character (comments do not count). */
function chineseLiteralLines(path: string, code: string): number[] {
  const source = ts.createSourceFile(path, code, ts.ScriptTarget.Latest, true);
  const lines = new Set<number>();
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isRegularExpressionLiteral(node)) && HAN.test(node.text)) {
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
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !SKIPPED.test(f)),
  );
}

const budgetKey = (file: string) => Object.keys(NOT_YET_MOVED).find((k) => (k.endsWith('/') ? file.startsWith(k) : file === k));

describe('Chinese literals outside the catalogue', () => {
  it('finds them in strings, templates and regexes, not in comments', () => {
    const code = "// 注释\nconst a = 'a';\nconst b = '请核对';\nconst c = `共 ${1} 项`;\nconst d = /^姓名/;\n/** 说明 */\nconst e = 'x';";
    expect(chineseLiteralLines('probe.ts', code)).toEqual([3, 4, 5]);
  });

  it('appear only in data files and within each remaining budget', () => {
    const counts = new Map<string, number>();
    const fresh: string[] = [];
    let total = 0;
    for (const file of scannedFiles()) {
      if (DATA[file] !== undefined) continue;
      const lines = chineseLiteralLines(file, readFileSync(join(ROOT, file), 'utf8'));
      if (lines.length === 0) continue;
      total += lines.length;
      const key = budgetKey(file);
      if (key === undefined) fresh.push(`${file}:${lines.join(',')}`);
      else counts.set(key, (counts.get(key) ?? 0) + lines.length);
    }
    console.log(`Chinese literal lines outside the catalogue and data files: ${total} (budget ${Object.values(NOT_YET_MOVED).reduce((a, b) => a + b, 0)})`);
    expect(fresh, 'Chinese text belongs in shared/i18n/zhCN*.ts: take these messages from the catalogue').toEqual([]);
    const over = Object.entries(NOT_YET_MOVED).flatMap(([key, budget]) => {
      const n = counts.get(key) ?? 0;
      return n === budget ? [] : [`${key}: ${n} lines, budget ${budget}${n < budget ? ' (lower the budget)' : ' (take the new ones from the catalogue)'}`];
    });
    expect(over).toEqual([]);
  });

  it('lists data files that exist', () => {
    const files = new Set(scannedFiles());
    expect(Object.keys(DATA).filter((f) => !files.has(f))).toEqual([]);
  });
});
