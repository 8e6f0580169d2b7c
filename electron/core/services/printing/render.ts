import pdfmake from 'pdfmake';
import PdfmakeDocument from 'pdfmake/js/PDFDocument.js';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type * as fontkit from 'fontkit';
import { FONT_CHAIN, loadFace, splitRuns } from './fonts';

// pdfmake rendering in the core. Fonts come from memory (pdfmake's virtual file system), never from paths
// a document could name; remote and local resource access is refused. Text is split into runs by glyph
// coverage before layout, so rare characters take a fallback font instead of printing as boxes.

let configured = false;

/** pdfmake's in-memory file system (absent from its type declarations). */
const vfs = (pdfmake as unknown as { virtualfs: { existsSync(name: string): boolean; writeFileSync(name: string, data: Buffer): void } }).virtualfs;

interface EmbeddedFontLike {
  font: fontkit.Font;
  subset: unknown;
  unicode: number[][];
  widths: number[];
  layoutCache?: Record<string, unknown>;
  deskShared?: true;
}

/** Parsed fonts and laid-out runs, shared by every document this process renders. */
const shared = new Map<string, { font: fontkit.Font; layoutCache: Record<string, unknown> }>();

function configure(): void {
  if (configured) return;
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  // pdfkit parses each font afresh for every document (tables, CFF, layout). Reuse one parsed font and
  // its layout cache per face instead; each document still gets its own subset, so the output is the same.
  // CommonJS module with __esModule: ESM import gives the exports object, a CommonJS bundle gives the class.
  const cls = PdfmakeDocument.default ?? PdfmakeDocument;
  type Provide = (this: unknown, family: string, bold: boolean, italics: boolean) => EmbeddedFontLike;
  const proto = cls.prototype as { provideFont: Provide };
  const original = proto.provideFont;
  proto.provideFont = function provideFont(family, bold, italics) {
    const ef = original.call(this, family, bold, italics);
    const face = FONT_CHAIN.find((f) => f.family === family);
    if (!face || ef.deskShared) return ef;
    let s = shared.get(family);
    if (!s) {
      s = { font: loadFace(face).font, layoutCache: Object.create(null) as Record<string, unknown> };
      shared.set(family, s);
    }
    ef.font = s.font;
    ef.subset = s.font.createSubset();
    ef.widths = [s.font.getGlyph(0).advanceWidth];
    ef.unicode = [[0]];
    if (ef.layoutCache) ef.layoutCache = s.layoutCache;
    ef.deskShared = true;
    return ef;
  };
  configured = true;
}

/** Register a face with pdfmake the first time a document uses it. */
function ensureFace(index: number, fonts: Record<string, Record<string, string>>): void {
  const face = FONT_CHAIN[index]!;
  if (fonts[face.family]) return;
  const file = `${face.family}.font`;
  if (!vfs.existsSync(file)) vfs.writeFileSync(file, loadFace(face).bytes);
  // One weight: emphasis is by size, never by a synthesized bold.
  fonts[face.family] = { normal: file, bold: file, italics: file, bolditalics: file };
}

type Inline = string | { text: unknown; [k: string]: unknown };

interface Splitter {
  missing: Set<string>;
  used: Set<number>;
}

function splitString(text: string, s: Splitter): string | Inline[] {
  const runs = splitRuns(text, s.missing);
  for (const r of runs) s.used.add(r.face);
  if (runs.length === 1 && runs[0]!.face === 0) return text;
  return runs.map((r) => (r.face === 0 ? r.text : { text: r.text, font: FONT_CHAIN[r.face]!.family }));
}

/**
 * An inline object whose text needs several fonts becomes one inline per run, each with the object's own
 * properties: pdfmake does not carry an inline's style to a nested text array. The runs of a kept (noWrap)
 * inline are glued with `noNewLine`, so a line never breaks between them either.
 */
function splitInline(part: Record<string, unknown>, s: Splitter): unknown[] {
  if (typeof part.text !== 'string') return [node(part, s)];
  const r = splitString(part.text, s);
  if (typeof r === 'string') return [part];
  return r.map((run, i) => {
    const own = typeof run === 'string' ? { text: run } : run;
    const glued = part.noWrap === true && i < r.length - 1 ? { noNewLine: true } : {};
    return { ...part, ...own, ...glued };
  });
}

function inlineText(value: unknown, s: Splitter): unknown {
  if (typeof value === 'string') return splitString(value, s);
  if (Array.isArray(value)) {
    return value.flatMap((part: unknown) => {
      if (typeof part === 'string') {
        const r = splitString(part, s);
        return typeof r === 'string' ? [r] : r;
      }
      if (part !== null && typeof part === 'object' && !Array.isArray(part)) return splitInline(part as Record<string, unknown>, s);
      return [node(part, s)];
    });
  }
  return value;
}

const CHILD_LISTS = ['stack', 'columns', 'ol', 'ul'] as const;

function node(value: unknown, s: Splitter): unknown {
  if (typeof value === 'string') {
    const r = splitString(value, s);
    return typeof r === 'string' ? r : { text: r };
  }
  if (Array.isArray(value)) return value.map((v: unknown) => node(v, s));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if ('text' in out) out.text = inlineText(out.text, s);
  for (const key of CHILD_LISTS) if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((v) => node(v, s));
  const table = out.table as { body?: unknown[][] } | undefined;
  if (table && Array.isArray(table.body)) out.table = { ...table, body: table.body.map((row) => row.map((cell) => node(cell, s))) };
  return out;
}

export interface Rendered {
  pdf: Buffer;
  pages: number;
  /** Characters no bundled font has (printed as boxes): the caller warns the clerk. */
  missingGlyphs: string[];
  /** Font families the document embeds. */
  fonts: string[];
}

/** Render a builder's definition to PDF bytes: same definition, same bytes. */
export async function renderPdf(def: TDocumentDefinitions): Promise<Rendered> {
  configure();
  const s: Splitter = { missing: new Set(), used: new Set([0]) };
  const content = node(def.content, s) as Content;
  const footer = def.footer;
  const wrapped: TDocumentDefinitions = { ...def, content };
  if (typeof footer === 'function') {
    wrapped.footer = (page, pages, size) => node(footer(page, pages, size), s) as Content;
  }
  const fonts: Record<string, Record<string, string>> = {};
  // The footer is laid out during rendering; it only ever holds digits and the primary font's text.
  for (const i of s.used) ensureFace(i, fonts);
  pdfmake.setFonts(fonts);
  const doc = pdfmake.createPdf(wrapped);
  const pdf = Buffer.from(await doc.getBuffer());
  const pages = (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
  return { pdf, pages, missingGlyphs: [...s.missing], fonts: [...s.used].map((i) => FONT_CHAIN[i]!.family) };
}
