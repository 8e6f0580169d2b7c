// Sample documents for tests and the bench: real JPEG/PNG/TIFF/PDF bytes made with sharp and pdf-lib.
// Not used by production code.
import sharp from 'sharp';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** An A4-like page with printed lines of text on slightly off-white paper, as a scanner or camera sees it. */
export function pageSvg(width: number, height: number, label = 'HUKOU 0001'): Buffer {
  const lines: string[] = [];
  const step = Math.round(height / 40);
  for (let y = step * 3, i = 0; y < height - step * 2; y += step, i++) {
    const w = Math.round(width * (0.55 + ((i * 37) % 30) / 100));
    lines.push(`<text x="${Math.round(width * 0.08)}" y="${y}" font-family="sans-serif" font-size="${Math.round(step * 0.55)}" fill="#222">${label} line ${i} — 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ</text>`);
    if (i % 7 === 3) lines.push(`<rect x="${Math.round(width * 0.08)}" y="${y + 6}" width="${w}" height="3" fill="#36c"/>`);
  }
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <rect width="100%" height="100%" fill="#f4f1ea"/>
      <circle cx="${width * 0.8}" cy="${height * 0.12}" r="${width * 0.07}" fill="none" stroke="#c00" stroke-width="${Math.round(width / 200)}"/>
      ${lines.join('\n')}
    </svg>`,
  );
}

/** A colour page as a camera or scanner would deliver it: JPEG at quality 92 with a little sensor noise. */
export async function a4Jpeg(width = 2480, height = 3508, label?: string): Promise<Buffer> {
  const base = await sharp(pageSvg(width, height, label)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const noisy = Buffer.from(base.data);
  let seed = 12345;
  for (let i = 0; i < noisy.length; i += 7) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const v = noisy.readUInt8(i) + ((seed >> 16) % 9) - 4;
    noisy.writeUInt8(Math.max(0, Math.min(255, v)), i);
  }
  return sharp(noisy, { raw: { width, height, channels: base.info.channels } }).jpeg({ quality: 92 }).toBuffer();
}

export async function smallPng(label = 'PNG PAGE'): Promise<Buffer> {
  return sharp(pageSvg(600, 848, label)).png().toBuffer();
}

/** A landscape-stored JPEG whose EXIF says "rotate 90° clockwise to view": the page is portrait. */
export async function exifRotatedJpeg(): Promise<Buffer> {
  const portrait = await sharp(pageSvg(600, 848, 'EXIF')).rotate(270).jpeg().toBuffer();
  return sharp(portrait).withMetadata({ orientation: 6 }).jpeg().toBuffer();
}

export async function twoPageTiff(): Promise<Buffer> {
  const a = await sharp(pageSvg(400, 566, 'TIFF 1')).png().toBuffer();
  const b = await sharp(pageSvg(400, 566, 'TIFF 2')).png().toBuffer();
  // sharp joins frames into a multi-page ("toilet roll") image; TIFF keeps them as pages.
  return sharp([a, b], { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
}

export async function pdfOf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`Property certificate page ${i + 1}`, { x: 50, y: 780, size: 18, font });
  return Buffer.from(await doc.save());
}

/** A small PNG whose header claims 10000 × 8000 pixels of one colour: 80 MP that compresses to little. */
export async function pixelBombPng(): Promise<Buffer> {
  return sharp({ create: { width: 10000, height: 8000, channels: 3, background: '#000' } }).grayscale().png({ compressionLevel: 9 }).toBuffer();
}
