import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { DeskError } from '../../../../shared/contract/result';

// The fonts printed documents use (resources/fonts, built by scripts/subset-fonts.py from Debian's
// fonts-noto-cjk, fonts-hanazono (SIL OFL 1.1) and fonts-babelstone-han (Arphic Public License)). Names are
// limited to what these fonts draw (shared/domain/nameGlyphs.ts; a test keeps the two in step).
// pdfkit, under pdfmake, has no glyph fallback: a character its font lacks prints as an empty box. So every text run is split by glyph coverage: each
// character goes to the first font in this chain that has it. The primary font is small (GB 2312 and
// symbols) so ordinary receipts load and subset fast; the fallbacks load only when a character needs them.

export interface FontFace {
  /** pdfmake family name. */
  family: string;
  file: string;
}

export const FONT_CHAIN: readonly FontFace[] = [
  { family: 'DeskSans', file: 'NotoSansSC-Common.ttf' },
  { family: 'DeskSansRest', file: 'NotoSansSC-Rest.otf' },
  { family: 'DeskHanaMinB', file: 'HanaMinB.ttf' },
  { family: 'DeskBabelStoneExt', file: 'BabelStoneHan-Ext.ttf' },
];

let configuredDir: string | null = null;

/** Where the font files are (Electron main sets the packaged app's resources folder). */
export function setFontsDir(dir: string): void {
  configuredDir = dir;
}

export function fontsDir(): string {
  const candidates = [configuredDir, process.env.DESK_FONTS_DIR, join(process.cwd(), 'resources', 'fonts')];
  for (const c of candidates) if (c && existsSync(join(c, FONT_CHAIN[0]!.file))) return c;
  throw new DeskError('PRINT_FONT_MISSING', { file: FONT_CHAIN[0]!.file });
}

interface Loaded {
  bytes: Buffer;
  font: fontkit.Font;
}
const loaded = new Map<string, Loaded>();

/** The face's bytes and parsed font, read once per process. */
export function loadFace(face: FontFace): Loaded {
  const hit = loaded.get(face.family);
  if (hit) return hit;
  const path = join(fontsDir(), face.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new DeskError('PRINT_FONT_MISSING', { file: face.file });
  }
  const entry = { bytes, font: fontkit.create(bytes) };
  loaded.set(face.family, entry);
  return entry;
}

/** Characters that take the font of the text around them (spaces, joiners, variation selectors). */
function isNeutral(cp: number): boolean {
  return (
    cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x3000 || cp === 0x200b || cp === 0x200c || cp === 0x200d ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

const coverageCache = new Map<number, number>();

/** Index in FONT_CHAIN of the first font with a glyph for `cp`, or -1 when none has one. */
export function faceFor(cp: number): number {
  const hit = coverageCache.get(cp);
  if (hit !== undefined) return hit;
  let found = -1;
  for (let i = 0; i < FONT_CHAIN.length; i++) {
    if (loadFace(FONT_CHAIN[i]!).font.hasGlyphForCodePoint(cp)) {
      found = i;
      break;
    }
  }
  coverageCache.set(cp, found);
  return found;
}

export interface Run {
  text: string;
  /** Index in FONT_CHAIN. */
  face: number;
}

/** Split text into runs of one font each; characters no font has are reported in `missing` (kept, in the primary font). */
export function splitRuns(text: string, missing: Set<string>): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let face: number;
    if (isNeutral(cp)) face = current?.face ?? 0;
    else {
      face = faceFor(cp);
      if (face < 0) {
        missing.add(ch);
        face = 0;
      }
    }
    if (current && current.face === face) current.text += ch;
    else {
      current = { text: ch, face };
      runs.push(current);
    }
  }
  return runs;
}
