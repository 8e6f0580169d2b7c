// Turning bytes from a camera, scanner or file into stored pages: sniffing by content, limits, sharp
// normalisation (EXIF orientation, rotate, crop, trim, colour modes, ~200 dpi A4, ≤ 400 KB), thumbnails,
// and PDF validation with pdf-lib (PDFs are kept as PDFs).
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { DeskError } from '../../../../shared/contract/result';
import type { PageMime } from '../../db/repos/pageRepo';

export const LIMITS = {
  /** Largest accepted file. Base64 in a 32 MB RPC body leaves room for about 23 MB. */
  maxFileBytes: 20 * 1024 * 1024,
  /** 600 dpi A4 is 35 MP; anything far beyond is a scan error or a decompression bomb. */
  maxPixels: 50_000_000,
  maxPdfPages: 60,
  /** Pages of one material item (a 户口簿 has a few; a multi-page TIFF or PDF counts its rows, not its pages). */
  maxItemPages: 40,
  /** About 200 dpi on A4 (8.27 × 11.69 in). */
  longSide: 2339,
  shortSide: 1654,
  targetBytes: 400 * 1024,
  thumbWidth: 160,
  thumbHeight: 226,
} as const;

export type Kind = 'jpeg' | 'png' | 'tiff' | 'heic' | 'avif' | 'pdf';
export type ColourMode = 'color' | 'gray' | 'bw';

export interface Transform {
  /** Clockwise quarter turns after EXIF orientation. */
  rotate?: 0 | 90 | 180 | 270 | undefined;
  /** Fractions (0–1) of the oriented, rotated image. */
  crop?: { left: number; top: number; width: number; height: number } | undefined;
  /** Cut off a plain border around the document (the scanner lid, the desk under the camera). */
  trim?: boolean | undefined;
  mode?: ColourMode | undefined;
}

export interface ProcessedPage {
  data: Buffer;
  mime: PageMime;
  width: number | null;
  height: number | null;
  pdfPages: number | null;
  thumb: Buffer;
}

/** The file's type from its first bytes; never from its name. */
export function sniff(bytes: Buffer): Kind | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 4) {
    const h = bytes.subarray(0, 4).toString('latin1');
    if (h === 'II*\0' || h === 'MM\0*') return 'tiff';
  }
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.length >= 16 && bytes.subarray(4, 8).toString('latin1') === 'ftyp') {
    const size = Math.min(bytes.readUInt32BE(0), bytes.length, 256);
    const brands: string[] = [];
    for (let o = 8; o + 4 <= size; o += 4) if (o !== 12) brands.push(bytes.subarray(o, o + 4).toString('latin1'));
    if (brands.some((b) => b === 'avif' || b === 'avis')) return 'avif';
    if (brands.some((b) => ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis'].includes(b))) return 'heic';
  }
  return null;
}

export function checkSize(name: string, bytes: number): void {
  if (bytes > LIMITS.maxFileBytes) {
    throw new DeskError('DOC_TOO_LARGE', { name, mb: (bytes / 1024 / 1024).toFixed(1), maxMb: LIMITS.maxFileBytes / 1024 / 1024 });
  }
}

/**
 * Every page a file holds, processed and ready to store. Throws a specific DeskError for anything it
 * will not accept; nothing is stored by this function, so a failure leaves nothing partial behind.
 */
export async function processFile(name: string, bytes: Buffer, transform: Transform = {}): Promise<ProcessedPage[]> {
  checkSize(name, bytes.length);
  const kind = sniff(bytes);
  if (kind === null) throw new DeskError('DOC_NOT_SUPPORTED', { name });
  if (kind === 'pdf') return [await processPdf(name, bytes)];
  if (kind === 'heic') throw new DeskError('DOC_HEIC_UNSUPPORTED', { name });
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new DeskError('DOC_CORRUPT', { name });
  }
  const pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
  if (!meta.width || !meta.height) throw new DeskError('DOC_CORRUPT', { name });
  if (pixels > LIMITS.maxPixels) {
    throw new DeskError('DOC_TOO_MANY_PIXELS', { name, mp: Math.round(pixels / 1e6), maxMp: LIMITS.maxPixels / 1e6 });
  }
  const pages = kind === 'tiff' ? (meta.pages ?? 1) : 1;
  if (pages > LIMITS.maxPdfPages) throw new DeskError('DOC_PDF_TOO_MANY_PAGES', { name, pages, max: LIMITS.maxPdfPages });
  const out: ProcessedPage[] = [];
  for (let page = 0; page < pages; page++) out.push(await processImage(name, bytes, page, transform));
  return out;
}

function input(bytes: Buffer, page = 0): Sharp {
  return sharp(bytes, { limitInputPixels: LIMITS.maxPixels, failOn: 'error', page, sequentialRead: true });
}

export async function processImage(name: string, bytes: Buffer, page: number, t: Transform): Promise<ProcessedPage> {
  try {
    let img = input(bytes, page).autoOrient();
    if (t.rotate) img = img.rotate(t.rotate);
    let quarterTurn = t.rotate === 90 || t.rotate === 270;
    if (t.crop || t.trim) {
      // Crop and trim work on the oriented image, so materialise it first (rare path: a clerk's fix).
      const { data, info } = await img.toBuffer({ resolveWithObject: true });
      img = sharp(data, { limitInputPixels: LIMITS.maxPixels });
      if (t.crop) {
        const c = t.crop;
        const left = Math.floor(clamp01(c.left) * info.width);
        const top = Math.floor(clamp01(c.top) * info.height);
        const width = Math.max(16, Math.min(info.width - left, Math.round(clamp01(c.width) * info.width)));
        const height = Math.max(16, Math.min(info.height - top, Math.round(clamp01(c.height) * info.height)));
        img = sharp(await img.extract({ left, top, width, height }).toBuffer());
      }
      if (t.trim) img = sharp(await img.trim({ threshold: 40 }).toBuffer());
      quarterTurn = false;
    }
    const mode = t.mode ?? 'color';
    const portrait = (await orientedPortrait(img)) !== quarterTurn;
    img = img.resize({
      width: portrait ? LIMITS.shortSide : LIMITS.longSide,
      height: portrait ? LIMITS.longSide : LIMITS.shortSide,
      fit: 'inside',
      withoutEnlargement: true,
    });
    let data: Buffer;
    let info: OutputInfo;
    let mime: PageMime;
    if (mode === 'bw') {
      ({ data, info } = await img.grayscale().normalise().threshold(150).png({ palette: true, colours: 2, compressionLevel: 9 }).toBuffer({ resolveWithObject: true }));
      mime = 'image/png';
    } else {
      const base = mode === 'gray' ? img.toColourspace('b-w') : img;
      const raw = await base.raw().toBuffer({ resolveWithObject: true });
      const fromRaw = () => {
        const r = sharp(raw.data, { raw: { width: raw.info.width, height: raw.info.height, channels: raw.info.channels } });
        // One-channel JPEGs are a third the size; sharp needs telling or it writes three.
        return raw.info.channels === 1 ? r.toColourspace('b-w') : r;
      };
      let quality = 82;
      ({ data, info } = await fromRaw().jpeg({ quality }).toBuffer({ resolveWithObject: true }));
      while (data.length > LIMITS.targetBytes && quality > 45) {
        quality -= 12;
        ({ data, info } = await fromRaw().jpeg({ quality }).toBuffer({ resolveWithObject: true }));
      }
      mime = 'image/jpeg';
    }
    const thumb = await sharp(data)
      .resize({ width: LIMITS.thumbWidth, height: LIMITS.thumbHeight, fit: 'inside' })
      .jpeg({ quality: 70 })
      .toBuffer();
    return { data, mime, width: info.width, height: info.height, pdfPages: null, thumb };
  } catch (e: unknown) {
    if (e instanceof DeskError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    if (/pixel limit/i.test(msg)) throw new DeskError('DOC_TOO_MANY_PIXELS', { name, mp: '>' + LIMITS.maxPixels / 1e6, maxMp: LIMITS.maxPixels / 1e6 });
    throw new DeskError('DOC_CORRUPT', { name });
  }
}

async function orientedPortrait(img: Sharp): Promise<boolean> {
  const m = await img.clone().metadata();
  // metadata() reports the input; autoOrient says how it looks after EXIF rotation.
  const w = m.autoOrient?.width ?? m.width ?? 1;
  const h = m.autoOrient?.height ?? m.height ?? 1;
  return h >= w;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

export async function processPdf(name: string, bytes: Buffer): Promise<ProcessedPage> {
  // A truncated PDF loses its trailer; pdf-lib would otherwise recover what it can without saying so.
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) throw new DeskError('DOC_CORRUPT', { name });
  let pages: number;
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    pages = doc.getPageCount();
  } catch (e: unknown) {
    if (e instanceof Error && /encrypt/i.test(e.message)) throw new DeskError('DOC_PDF_ENCRYPTED', { name });
    throw new DeskError('DOC_CORRUPT', { name });
  }
  if (pages < 1) throw new DeskError('DOC_CORRUPT', { name });
  if (pages > LIMITS.maxPdfPages) throw new DeskError('DOC_PDF_TOO_MANY_PAGES', { name, pages, max: LIMITS.maxPdfPages });
  return { data: bytes, mime: 'application/pdf', width: null, height: null, pdfPages: pages, thumb: await pdfThumb() };
}

let pdfThumbCache: Buffer | null = null;
/** A PDF's thumbnail is a document icon (the core has no PDF renderer); the page count is shown beside it. */
async function pdfThumb(): Promise<Buffer> {
  pdfThumbCache ??= await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${LIMITS.thumbWidth}" height="${LIMITS.thumbHeight}">
        <rect width="100%" height="100%" fill="#fff"/>
        <path d="M30 20h70l30 30v156H30z" fill="#f5f5f5" stroke="#8c8c8c" stroke-width="3"/>
        <path d="M100 20v30h30" fill="none" stroke="#8c8c8c" stroke-width="3"/>
        <rect x="40" y="110" width="80" height="36" rx="4" fill="#cf1322"/>
        <text x="80" y="136" font-family="sans-serif" font-size="24" font-weight="bold" fill="#fff" text-anchor="middle">PDF</text>
      </svg>`,
    ),
  )
    .jpeg({ quality: 80 })
    .toBuffer();
  return pdfThumbCache;
}
