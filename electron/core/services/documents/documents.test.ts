import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { approveIfOutsideWindow, type TestDesk, openPlannedDesk, setStatusBehindCore } from '../../testing/desk';
import type { ApplicationStatus } from '../../../../shared/contract/application';
import { houseHukouApplication } from '../../testing/fixtures';
import type { CountyPlan } from '../../../../shared/plan/schema';
import { materialsFor } from '../../../../shared/domain/applicationRules';
import { a4Jpeg, exifRotatedJpeg, pdfOf, pixelBombPng, smallPng, twoPageTiff } from '../../testing/documentFiles';
import { BlobStore } from './blobStore';
import { NoScanner, SaneScanner } from './sane';
import { saneTestConfigDir } from '../../../harness/testPorts';
import { LIMITS } from './process';
import { loadOrCreateKeys } from '../keys';
import { testPorts } from '../../../harness/testPorts';
import { openEncrypted } from '../../db/connection';
import { DB_FILE } from '../../desk';

let desk: TestDesk;
let plan: CountyPlan;
let planKey: string;
let item: string;
let item2: string;
const b64 = (b: Buffer) => b.toString('base64');

let files: { jpeg: Buffer; png: Buffer; exif: Buffer; tiff: Buffer; pdf: Buffer; bomb: Buffer; avif: Buffer };
beforeAll(async () => {
  const png = await smallPng();
  files = {
    jpeg: await a4Jpeg(1240, 1754, 'JPEG'),
    png,
    exif: await exifRotatedJpeg(),
    tiff: await twoPageTiff(),
    pdf: await pdfOf(3),
    bomb: await pixelBombPng(),
    avif: await sharp(png).avif({ quality: 50 }).toBuffer(),
  };
});

beforeEach(async () => {
  ({ desk, plan, planKey } = await openPlannedDesk());
  const items = materialsFor('house_hukou', plan);
  item = items[0]?.id ?? '';
  item2 = items[1]?.id ?? '';
});
afterEach(() => desk.cleanup());

async function draft(): Promise<string> {
  return (await desk.call('applications.saveDraft', { data: { grade: 'primary1' } })).id;
}
async function submitted(): Promise<string> {
  const data = houseHukouApplication(plan);
  const { id } = await desk.call('applications.saveDraft', { data });
  await approveIfOutsideWindow(desk, id);
  await desk.call('applications.submit', { id, data, planKey, confirmNearMatches: true });
  return id;
}
function importFile(applicationId: string, bytes: Buffer, name = 'f', materialKey = item) {
  return desk.call('documents.importFile', { applicationId, materialKey, name, source: 'file', dataBase64: b64(bytes) });
}
function blobDir(): string {
  return join(desk.dataDir, 'blobs');
}
function storedBlobs(): string[] {
  return new BlobStore(blobDir(), Buffer.alloc(32)).list().blobs;
}
describe('file import', () => {
  it('imports each supported type, normalised and attached in order with thumbnails', async () => {
    const id = await draft();
    const jpeg = await importFile(id, files.jpeg, 'hukou.jpg');
    const png = await importFile(id, files.png, 'scan.png');
    const exif = await importFile(id, files.exif, 'phone.jpg');
    const tiff = await importFile(id, files.tiff, 'two.tif');
    await importFile(id, files.pdf, 'cert.pdf', item2);
    const avif = await importFile(id, files.avif, 'pic.avif');
    expect([jpeg, png, exif, tiff, avif].map((r) => r.pages.length)).toEqual([1, 1, 1, 2, 1]);
    const list = await desk.call('documents.list', { applicationId: id });
    const first = list.items.find((i) => i.materialKey === item)?.pages ?? [];
    expect(first.map((p) => p.pageNo)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(first.every((p) => p.mime === 'image/jpeg' && p.source === 'file' && p.thumb.startsWith('data:image/jpeg;base64,'))).toBe(true);
    // EXIF orientation applied: stored landscape 848×600 with "rotate 90°" becomes a portrait page.
    const ex = first[2];
    expect(ex && ex.height! > ex.width!).toBe(true);
    const pdfPage = list.items.find((i) => i.materialKey === item2)?.pages[0];
    expect(pdfPage).toMatchObject({ mime: 'application/pdf', pdfPages: 3, pageNo: 1 });
    // PDFs are kept byte for byte; images come back as the stored JPEG.
    const got = await desk.call('documents.getPage', { pageId: pdfPage!.id });
    expect(Buffer.from(got.dataBase64, 'base64').equals(files.pdf)).toBe(true);
    const img = await desk.call('documents.getPage', { pageId: jpeg.pages[0]!.id });
    const meta = await sharp(Buffer.from(img.dataBase64, 'base64')).metadata();
    expect(meta.format).toBe('jpeg');
    const thumb = await sharp(Buffer.from(first[0]!.thumb.split(',')[1]!, 'base64')).metadata();
    expect(thumb.width).toBeLessThanOrEqual(LIMITS.thumbWidth);
  });

  it('a 300-dpi A4 colour page is downscaled to about 200 dpi and stored under 400 KB; gray and black-and-white modes', async () => {
    const id = await draft();
    const big = await a4Jpeg();
    expect(big.length).toBeGreaterThan(LIMITS.targetBytes);
    const color = await importFile(id, big, 'a4.jpg');
    expect(color.pages[0]).toMatchObject({ width: 1654, height: 2339 });
    expect(color.pages[0]!.bytes).toBeLessThanOrEqual(LIMITS.targetBytes);
    const gray = await desk.call('documents.importFile', { applicationId: id, materialKey: item, source: 'camera', dataBase64: b64(big), transform: { mode: 'gray' } });
    const grayMeta = await sharp(Buffer.from((await desk.call('documents.getPage', { pageId: gray.pages[0]!.id })).dataBase64, 'base64')).metadata();
    expect(grayMeta.channels).toBe(1);
    const bw = await desk.call('documents.importFile', { applicationId: id, materialKey: item, source: 'camera', dataBase64: b64(big), transform: { mode: 'bw' } });
    expect(bw.pages[0]!.mime).toBe('image/png');
    const bwRaw = await sharp(Buffer.from((await desk.call('documents.getPage', { pageId: bw.pages[0]!.id })).dataBase64, 'base64')).greyscale().raw().toBuffer();
    expect(new Set(bwRaw).size).toBeLessThanOrEqual(2);
  });

  it('the same page imported twice is stored once but listed twice', async () => {
    const id = await draft();
    await importFile(id, files.png);
    const before = storedBlobs().length;
    await importFile(id, files.png);
    expect(storedBlobs().length).toBe(before);
    const list = await desk.call('documents.list', { applicationId: id });
    expect(list.items[0]?.pages.length).toBe(2);
  });
});

describe('bad input is refused with a specific message and nothing stored', () => {
  const cases: Array<[string, () => Buffer, RegExp, string]> = [
    ['text named .jpg', () => Buffer.from('这不是图片，只是一段文字。'), /不是可识别的图片或 PDF/, 'DOC_NOT_SUPPORTED'],
    ['truncated JPEG', () => files.jpeg.subarray(0, Math.floor(files.jpeg.length / 2)), /已损坏或不完整/, 'DOC_CORRUPT'],
    ['PNG with a damaged body', () => Buffer.concat([files.png.subarray(0, 60), Buffer.alloc(2000, 7)]), /已损坏或不完整/, 'DOC_CORRUPT'],
    ['truncated PDF', () => files.pdf.subarray(0, files.pdf.length - 400), /已损坏或不完整/, 'DOC_CORRUPT'],
    ['decompression bomb', () => files.bomb, /像素过多/, 'DOC_TOO_MANY_PIXELS'],
    ['HEIC photo', () => heicLike(files.avif), /HEIC/, 'DOC_HEIC_UNSUPPORTED'],
  ];
  for (const [what, bytes, message, code] of cases) {
    it(what, async () => {
      const id = await draft();
      await importFile(id, files.png);
      const before = { blobs: storedBlobs().sort(), list: await desk.call('documents.list', { applicationId: id }) };
      const err = await desk.fail('documents.importFile', { applicationId: id, materialKey: item, name: 'x.jpg', source: 'file', dataBase64: b64(bytes()) });
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(storedBlobs().sort()).toEqual(before.blobs);
      expect({ ...(await desk.call('documents.list', { applicationId: id })), tookMs: 0 }).toEqual({ ...before.list, tookMs: 0 });
    });
  }

  it('a 500-page PDF', async () => {
    const id = await draft();
    const err = await desk.fail('documents.importFile', { applicationId: id, materialKey: item, name: 'big.pdf', source: 'file', dataBase64: b64(await pdfOf(500)) });
    expect(err.code).toBe('DOC_PDF_TOO_MANY_PAGES');
    expect(err.message).toMatch(/有 500 页，超过单个材料 60 页/);
    expect(storedBlobs()).toEqual([]);
  });

  it('a 21 MB upload and a 200 MB file in the scan folder', async () => {
    const id = await draft();
    const big = Buffer.alloc(21 * 1024 * 1024, 1);
    big.write('%PDF-1.7\n');
    const err = await desk.fail('documents.importFile', { applicationId: id, materialKey: item, name: 'big.pdf', source: 'file', dataBase64: b64(big) });
    expect(err.code).toBe('DOC_TOO_LARGE');
    expect(err.message).toMatch(/21\.0 MB，超过 20 MB/);
    const huge = join((await desk.call('documents.listInbox', {})).dirs[0]!, 'huge.jpg');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 200 * 1024 * 1024);
    closeSync(fd);
    const err2 = await desk.fail('documents.importPath', { applicationId: id, materialKey: item, path: huge });
    expect(err2.code).toBe('DOC_TOO_LARGE');
    expect(err2.message).toMatch(/200\.0 MB/);
    expect(storedBlobs()).toEqual([]);
  });

  it('a path outside the allowed folders, directly, by ../ or through a symlink', async () => {
    const id = await draft();
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    await desk.call('documents.listInbox', {});
    try {
      writeFileSync(join(outside, 'x.png'), files.png);
      for (const path of [join(outside, 'x.png'), join(desk.dataDir, 'inbox', '..', 'desk.key.json')]) {
        const err = await desk.fail('documents.importPath', { applicationId: id, materialKey: item, path });
        expect(err.code).toBe('DOC_PATH_NOT_ALLOWED');
        expect(err.message).toMatch(/不在允许的扫描文件夹内/);
      }
      symlinkSync(join(outside, 'x.png'), join(desk.dataDir, 'inbox', 'link.png'));
      expect((await desk.fail('documents.importPath', { applicationId: id, materialKey: item, path: join(desk.dataDir, 'inbox', 'link.png') })).code).toBe('DOC_PATH_NOT_ALLOWED');
      expect(storedBlobs()).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a material item the plan does not have, and an unknown application', async () => {
    const id = await draft();
    expect((await desk.fail('documents.importFile', { applicationId: id, materialKey: 'no-such-item', source: 'file', dataBase64: b64(files.png) })).code).toBe('DOC_MATERIAL_UNKNOWN');
    expect((await desk.fail('documents.importFile', { applicationId: '00000000-0000-4000-8000-000000000000', materialKey: item, source: 'file', dataBase64: b64(files.png) })).code).toBe('APPLICATION_NOT_FOUND');
    expect(storedBlobs()).toEqual([]);
  });
});

describe('scan-to-folder inbox', () => {
  it('lists new files, imports one from the allowed folder and moves it out of the inbox', async () => {
    const id = await draft();
    const inbox = join(desk.dataDir, 'inbox');
    mkdirSync(inbox, { recursive: true });
    writeFileSync(join(inbox, 'scan0001.pdf'), files.pdf);
    const listed = await desk.call('documents.listInbox', {});
    expect(listed.files.map((f) => f.name)).toEqual(['scan0001.pdf']);
    const r = await desk.call('documents.importPath', { applicationId: id, materialKey: item, path: listed.files[0]!.path });
    expect(r.pages[0]).toMatchObject({ mime: 'application/pdf', pdfPages: 3 });
    expect((await desk.call('documents.listInbox', {})).files).toEqual([]);
  });
});

describe('pages per material item', () => {
  it('reorders, replaces, rotates and removes pages, each audited; a stale order is refused', async () => {
    const id = await draft();
    const a = (await importFile(id, await smallPng('A'))).pages[0]!;
    const b = (await importFile(id, await smallPng('B'))).pages[0]!;
    const c = (await importFile(id, await smallPng('C'))).pages[0]!;
    const reordered = await desk.call('documents.reorder', { applicationId: id, materialKey: item, pageIds: [c.id, a.id, b.id] });
    expect(reordered.pages.map((p) => [p.id, p.pageNo])).toEqual([[c.id, 1], [a.id, 2], [b.id, 3]]);
    expect((await desk.fail('documents.reorder', { applicationId: id, materialKey: item, pageIds: [a.id, b.id] })).code).toBe('DOC_ORDER_MISMATCH');

    const rotated = await desk.call('documents.transformPage', { pageId: a.id, transform: { rotate: 90 } });
    expect(rotated.page.pageNo).toBe(2);
    expect(rotated.page.width! > rotated.page.height!).toBe(true);
    const replaced = await desk.call('documents.replacePage', { pageId: b.id, source: 'camera', dataBase64: b64(await smallPng('B2')), reason: '原页模糊' });
    expect(replaced.page).toMatchObject({ pageNo: 3, source: 'camera' });
    await desk.call('documents.removePage', { pageId: c.id, reason: '重复' });
    const pages = (await desk.call('documents.list', { applicationId: id })).items[0]!.pages;
    expect(pages.map((p) => [p.id, p.pageNo])).toEqual([[rotated.page.id, 1], [replaced.page.id, 2]]);
    const audit = await desk.call('audit.list', { limit: 50 });
    const actions = audit.map((e: { action: string }) => e.action);
    for (const a of ['document.pagesAdded', 'document.reordered', 'document.pageTransformed', 'document.pageReplaced', 'document.pageRemoved']) expect(actions).toContain(a);
    expect((await desk.fail('documents.getPage', { pageId: c.id })).code).toBe('DOC_PAGE_NOT_FOUND');
  });
});

describe('pages of an application the county has decided (shared/domain/applicationActions)', () => {
  const setStatus = (id: string, status: ApplicationStatus) => setStatusBehindCore(desk, id, status);

  it('are neither added, replaced, turned, reordered nor removed once decided, with what to do; before that they are', async () => {
    const id = await submitted();
    const a = (await importFile(id, await smallPng('A'))).pages[0]!; // 已受理: a page may still be added
    const b = (await importFile(id, await smallPng('B'))).pages[0]!;
    for (const [status, label] of [['approved', '审核通过'], ['admitted', '已录取'], ['rejected', '审核不通过']] as const) {
      await setStatus(id, status);
      const attempts = [
        desk.fail('documents.importFile', { applicationId: id, materialKey: item, name: 'f', source: 'file', dataBase64: b64(await smallPng('C')) }),
        desk.fail('documents.replacePage', { pageId: a.id, source: 'camera', dataBase64: b64(await smallPng('A2')), reason: '原页模糊' }),
        desk.fail('documents.transformPage', { pageId: a.id, transform: { rotate: 90 } }),
        desk.fail('documents.reorder', { applicationId: id, materialKey: item, pageIds: [b.id, a.id] }),
        desk.fail('documents.removePage', { pageId: b.id, reason: '重复' }),
      ];
      for (const e of await Promise.all(attempts)) {
        expect(e.code).toBe('APPLICATION_DECIDED');
        expect(e.message).toContain(label);
        expect(e.message).toContain('招生办');
      }
    }
    const pages = (await desk.call('documents.list', { applicationId: id })).items[0]!.pages;
    expect(pages.map((p) => p.id)).toEqual([a.id, b.id]);
    // 需补充材料: the county asks for pages, so they may be added again.
    await setStatus(id, 'needs_materials');
    expect((await importFile(id, await smallPng('C'))).pages).toHaveLength(1);
  });
});

describe('trim and crop', () => {
  it('trims a plain border around the document and crops by fractions', async () => {
    const id = await draft();
    const doc = await smallPng('TRIM');
    const framed = await sharp(doc).extend({ top: 200, bottom: 200, left: 150, right: 150, background: '#ffffff' }).png().toBuffer();
    const page = (await importFile(id, framed)).pages[0]!;
    const trimmed = await desk.call('documents.transformPage', { pageId: page.id, transform: { trim: true } });
    expect(trimmed.page.width).toBeLessThanOrEqual(600);
    expect(trimmed.page.height).toBeLessThanOrEqual(848);
    const cropped = await desk.call('documents.transformPage', { pageId: trimmed.page.id, transform: { crop: { left: 0, top: 0, width: 0.5, height: 0.5 } } });
    expect(cropped.page.width).toBe(Math.round(trimmed.page.width! / 2));
    // A plain white sheet has nothing to trim to: it is kept as it is, not refused as damaged.
    const blank = (await importFile(id, await sharp({ create: { width: 400, height: 566, channels: 3, background: '#fff' } }).png().toBuffer())).pages[0]!;
    const kept = await desk.call('documents.transformPage', { pageId: blank.id, transform: { trim: true } });
    expect(kept.page.width).toBe(400);
  });
});

describe('blob references', () => {
  it('never deletes a blob a submitted application referenced; collects draft leftovers, audited', async () => {
    const sub = await submitted();
    const dr = await draft();
    const kept = (await importFile(sub, await smallPng('KEPT'))).pages[0]!;
    const shared = (await importFile(dr, await smallPng('SHARED'))).pages[0]!;
    await importFile(sub, await smallPng('SHARED'));
    const gone = (await importFile(dr, await smallPng('GONE'))).pages[0]!;
    await desk.call('documents.removePage', { pageId: kept.id, reason: '错放' });
    await desk.call('documents.removePage', { pageId: shared.id });
    await desk.call('documents.removePage', { pageId: gone.id });
    const r = await desk.call('documents.collectOrphans', {});
    // Only GONE's page and thumbnail were unreferenced; a removed page of a submitted application keeps its blob.
    expect(r).toMatchObject({ removedBlobs: 2, removedTemps: 0 });
    const store = new BlobStore(blobDir(), Buffer.alloc(32));
    expect(store.has(kept.sha256)).toBe(true);
    expect(store.has(shared.sha256)).toBe(true);
    expect(store.has(gone.sha256)).toBe(false);
    const audit = await desk.call('audit.list', { limit: 5 });
    expect(audit.some((e: { action: string }) => e.action === 'document.orphansCollected')).toBe(true);
    expect(readdirSync(join(blobDir(), kept.sha256.slice(0, 2)))).toContain(kept.sha256);
  });
});

describe('blobs of other features', () => {
  it('orphan collection keeps a printed PDF referenced by printouts', async () => {
    const id = await submitted();
    const keys = await loadOrCreateKeys(desk.dataDir, testPorts().secretStore, false);
    const store = new BlobStore(blobDir(), keys.blob);
    const printed = store.put(await pdfOf(1));
    const stray = store.put(Buffer.from('nobody references this'));
    const db = openEncrypted(join(desk.dataDir, DB_FILE), keys.db);
    db.prepare(
      `INSERT INTO printouts (id, application_id, kind, paper, version, data_hash, pdf_sha256, bytes, pages, verification_code, created_at, created_by)
       VALUES ('p1', ?, 'receipt', 'A4', 1, 'h', ?, ?, 1, 'ABCD', 't', 'admin')`,
    ).run(id, printed.sha256, printed.bytes);
    db.close();
    const r = await desk.call('documents.collectOrphans', {});
    expect(r.removedBlobs).toBe(1);
    expect(store.has(printed.sha256)).toBe(true);
    expect(store.has(stray.sha256)).toBe(false);
  });
});

describe('SANE scanner (test backend, real scanimage)', () => {
  it('lists devices and scans a flatbed page and a three-page feeder run into the store', async () => {
    const id = await draft();
    const scanners = await desk.call('documents.listScanners', {});
    expect(scanners.driver).toBe('sane');
    expect(scanners.devices.map((d) => d.id)).toContain('test:0');
    const flat = await desk.call('documents.scan', { applicationId: id, materialKey: item, deviceId: 'test:0', resolution: 100, mode: 'color', source: 'flatbed', maxPages: 5 });
    expect(flat.pages).toHaveLength(1);
    expect(flat.pages[0]).toMatchObject({ source: 'scanner', mime: 'image/jpeg' });
    const adf = await desk.call('documents.scan', { applicationId: id, materialKey: item2, deviceId: 'test:0', resolution: 75, mode: 'gray', source: 'adf', maxPages: 3 });
    expect(adf.pages.map((p) => p.pageNo)).toEqual([1, 2, 3]);
    const img = await desk.call('documents.getPage', { pageId: adf.pages[0]!.id });
    expect((await sharp(Buffer.from(img.dataBase64, 'base64')).metadata()).channels).toBe(1);
  });

  it('a scanner failing mid-scan (device I/O error) stores nothing; a missing device and no driver say so', async () => {
    const id = await draft();
    const failing = new SaneScanner({ configDir: saneTestConfigDir(), extraArgs: ['--read-return-value', 'SANE_STATUS_IO_ERROR'] });
    await expect(failing.scan({ deviceId: 'test:0', resolution: 100, mode: 'color', source: 'adf', maxPages: 3 }, mkdtempSync(join(tmpdir(), 'scan-')))).rejects.toThrow(/扫描中断/);
    const jammed = new SaneScanner({ configDir: saneTestConfigDir(), extraArgs: ['--read-return-value', 'SANE_STATUS_JAMMED'] });
    await expect(jammed.scan({ deviceId: 'test:0', resolution: 100, mode: 'color', source: 'adf', maxPages: 3 }, mkdtempSync(join(tmpdir(), 'scan-')))).rejects.toThrow(/卡纸/);
    const err = await desk.fail('documents.scan', { applicationId: id, materialKey: item, deviceId: 'test:7', resolution: 100 });
    expect(err.code).toBe('SCANNER_NOT_FOUND');
    await expect(new NoScanner().listDevices()).rejects.toThrow(/没有可用的扫描仪驱动/);
    await expect(new SaneScanner({ command: '/nonexistent/scanimage' }).listDevices()).rejects.toThrow(/没有可用的扫描仪驱动/);
    expect(storedBlobs()).toEqual([]);
    expect((await desk.call('documents.list', { applicationId: id })).items).toEqual([]);
  });
});

function heicLike(avif: Buffer): Buffer {
  const b = Buffer.from(avif);
  // Same ISO-BMFF container; an iPhone photo's brands say heic instead of avif.
  const size = b.readUInt32BE(0);
  for (let o = 8; o + 4 <= size; o += 4) if (['avif', 'avis'].includes(b.subarray(o, o + 4).toString('latin1'))) b.write('heic', o, 'latin1');
  return b;
}
