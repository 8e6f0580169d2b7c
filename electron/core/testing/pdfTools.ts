// Poppler and zbar wrappers for tests, the bench and e2e: what a PDF says, looks like and encodes.
// Not used by production code. Needs Debian poppler-utils and zbar-tools (installed by .ci/run).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function withFile<T>(pdf: Buffer, fn: (file: string, dir: string) => T, ext = 'pdf'): T {
  const dir = mkdtempSync(join(tmpdir(), 'desk-pdf-'));
  try {
    const file = join(dir, `doc.${ext}`);
    writeFileSync(file, pdf);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfText(pdf: Buffer): string {
  return withFile(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

export interface PageInfo {
  pages: number;
  width: number;
  height: number;
}

export function pdfInfo(pdf: Buffer): PageInfo {
  const out = withFile(pdf, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(out);
  return { pages: Number(/Pages:\s+(\d+)/.exec(out)?.[1] ?? 0), width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0) };
}

/** Embedded fonts as `name (type)`, subset prefix removed, e.g. `HanaMinB (CID TrueType)`. */
export function pdfFonts(pdf: Buffer): string[] {
  const out = withFile(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((l) => {
      const [name = '', ...rest] = l.split(/\s+/);
      const type = rest.slice(0, rest.indexOf('Identity-H') >= 0 ? rest.indexOf('Identity-H') : 2).join(' ');
      return `${name.replace(/^[A-Z]{6}\+/, '')} (${type})`;
    });
}

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  page: number;
}

/** Every word with its box, per page (pdftotext -bbox). */
export function pdfWords(pdf: Buffer): { width: number; height: number; words: Word[] }[] {
  const html = withFile(pdf, (file) => execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
  const pages: { width: number; height: number; words: Word[] }[] = [];
  const re = /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const m of html.matchAll(re)) {
    if (m[1]) pages.push({ width: Number(m[1]), height: Number(m[2]), words: [] });
    else pages.at(-1)?.words.push({ xMin: Number(m[3]), yMin: Number(m[4]), xMax: Number(m[5]), yMax: Number(m[6]), text: m[7] ?? '', page: pages.length });
  }
  return pages;
}

/** Every text line as poppler lays it out (pdftotext -bbox-layout): one entry per line of a paragraph or cell. */
export function pdfLines(pdf: Buffer): { page: number; text: string }[] {
  const html = withFile(pdf, (file) => execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
  const lines: { page: number; text: string }[] = [];
  let page = 0;
  for (const m of html.matchAll(/<page |<line [^>]*>([\s\S]*?)<\/line>/g)) {
    if (m[0].startsWith('<page')) page++;
    else lines.push({ page, text: [...(m[1] ?? '').matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join(' ') });
  }
  return lines;
}

/** Text with the page's layout kept (pdftotext -layout): a table row is one line. */
export function pdfLayoutText(pdf: Buffer): string {
  return withFile(pdf, (file) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

/** PNG renders of every page. */
export function pdfPngs(pdf: Buffer, dpi = 100): Buffer[] {
  return withFile(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(join(dir, f)));
  });
}

/** Gray pixels of page 1 (pdftoppm -gray, PGM), for comparing glyph renders. */
export function pdfGray(pdf: Buffer, dpi = 72): { width: number; height: number; pixels: Buffer } {
  return withFile(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'g')]);
    const pgm = readFileSync(join(dir, 'g.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString('latin1', 0, 40));
    if (!header) throw new Error('not a PGM');
    return { width: Number(header[1]), height: Number(header[2]), pixels: pgm.subarray(header[0].length) };
  });
}

/** QR codes found on page 1 (zbarimg on a 150 dpi render). */
export function pdfQrCodes(pdf: Buffer): string[] {
  const png = pdfPngs(pdf, 150)[0];
  if (!png) return [];
  return withFile(png, (file) => {
    try {
      return execFileSync('zbarimg', ['--quiet', '--raw', '-Sqrcode.enable', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
    } catch {
      return [];
    }
  }, 'png');
}
