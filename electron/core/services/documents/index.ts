import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { Ctx, Handlers } from '../../context';
import { actor } from '../../context';
import type { AuditAction } from '../../../../shared/contract/auditActions';
import type { documentMethods, PageView } from '../../../../shared/contract/documents';
import { DeskError } from '../../../../shared/contract/result';
import { canEdit } from '../../../../shared/domain/applicationActions';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { statusLabel } from '../../../../shared/i18n/zhCN.labels';
import type { ApplicationRow } from '../../db/repos/applicationRepo';
import { pageInfo, type PageRow, type PageSource } from '../../db/repos/pageRepo';
import { NoScanner } from './sane';
import { checkSize, LIMITS, processFile, type ProcessedPage } from './process';

type DocHandlers = Pick<Handlers, keyof typeof documentMethods>;

const INBOX_KEY = 'documents.inboxDirs';
const IMPORTED_DIR = '.imported';

function appOf(ctx: Ctx, id: string): ApplicationRow {
  const row = ctx.repos.applications.byId(id);
  if (!row) throw new DeskError('APPLICATION_NOT_FOUND');
  return row;
}

function writableApp(ctx: Ctx, id: string, materialKey: string): ApplicationRow {
  const row = appOf(ctx, id);
  if (row.status === 'void') throw new DeskError('DOC_APPLICATION_CLOSED', { status: statusLabel('void') });
  // Pages are part of what the county reviews: once it has decided, they stand as reviewed (as corrections do).
  if (row.status !== 'draft' && !canEdit(row.status)) throw new DeskError('APPLICATION_DECIDED', { status: statusLabel(row.status) });
  const plan = ctx.repos.plans.byKey(row.plan_key);
  const ids = plan ? ((JSON.parse(plan.content) as { materials?: Array<{ id: string }> }).materials ?? []).map((m) => m.id) : [];
  if (!ids.includes(materialKey.split(':')[0] ?? '')) throw new DeskError('DOC_MATERIAL_UNKNOWN', { materialKey });
  return row;
}

function pageOf(ctx: Ctx, id: string): PageRow {
  const row = ctx.repos.pages.byId(id);
  if (!row || row.removed_at !== null) throw new DeskError('DOC_PAGE_NOT_FOUND');
  return row;
}

export function viewOf(ctx: Ctx, row: PageRow): PageView {
  const { thumbSha256: _thumb, ...info } = pageInfo(row);
  return { ...info, thumb: `data:image/jpeg;base64,${ctx.blobs.read(row.thumb_sha256).toString('base64')}` };
}

function by(ctx: Ctx): string {
  return ctx.session?.username ?? 'system';
}

/**
 * Store processed pages and their rows. Everything that can fail slowly (decoding, encoding) has already
 * happened; from here on the work is synchronous, so orphan collection can never run between a blob's
 * write and the row that references it. Blobs are written first: a crash in between leaves an
 * unreferenced blob (collected later), never a row pointing at nothing.
 */
function addPages(
  ctx: Ctx,
  app: ApplicationRow,
  materialKey: string,
  processed: ProcessedPage[],
  source: PageSource,
  name: string | null,
): PageRow[] {
  const live = ctx.repos.pages.liveOfItem(app.id, materialKey);
  if (live.length + processed.length > LIMITS.maxItemPages) {
    throw new DeskError('DOC_TOO_MANY_ITEM_PAGES', { pages: live.length, max: LIMITS.maxItemPages });
  }
  const stored = processed.map((p) => ({ p, blob: ctx.blobs.put(p.data), thumb: ctx.blobs.put(p.thumb) }));
  const now = ctx.nowIso();
  const ids: string[] = [];
  ctx.db.transaction(() => {
    stored.forEach(({ p, blob, thumb }, i) => {
      const id = ctx.ports.ids.uuid();
      ids.push(id);
      ctx.repos.pages.insert({
        id,
        application_id: app.id,
        material_key: materialKey,
        page_no: live.length + i + 1,
        sha256: blob.sha256,
        bytes: blob.bytes,
        mime: p.mime,
        width: p.width,
        height: p.height,
        pdf_pages: p.pdfPages,
        thumb_sha256: thumb.sha256,
        source,
        original_name: name,
        created_at: now,
        created_by: by(ctx),
      });
    });
    ctx.audit.append({
      at: now,
      ...actor(ctx),
      action: 'document.pagesAdded',
      target: app.id,
      details: { materialKey, source, pages: stored.map((s, i) => ({ id: ids[i], sha256: s.blob.sha256, bytes: s.blob.bytes, mime: s.p.mime })) },
    });
  })();
  return ids.map((id) => ctx.repos.pages.byId(id)).filter((r): r is PageRow => r !== undefined);
}

/** Take a page off its item: drafts lose the row; submitted applications keep it marked removed. */
function takeOff(ctx: Ctx, app: ApplicationRow, page: PageRow, reason: string | null, replacedBy: string | null, now: string): void {
  if (app.status === 'draft') ctx.repos.pages.deleteRow(page.id);
  else ctx.repos.pages.markRemoved(page.id, now, by(ctx), reason, replacedBy);
}

function renumber(ctx: Ctx, applicationId: string, materialKey: string): void {
  ctx.repos.pages.setOrder(ctx.repos.pages.liveOfItem(applicationId, materialKey).map((p) => p.id));
}

function replaceWith(ctx: Ctx, old: PageRow, processed: ProcessedPage, source: PageSource, reason: string | null, action: AuditAction): PageView {
  const app = writableApp(ctx, old.application_id, old.material_key);
  // Re-read after the await: the page may have been removed meanwhile.
  const current = pageOf(ctx, old.id);
  const blob = ctx.blobs.put(processed.data);
  const thumb = ctx.blobs.put(processed.thumb);
  const now = ctx.nowIso();
  const id = ctx.ports.ids.uuid();
  ctx.db.transaction(() => {
    takeOff(ctx, app, current, reason, id, now);
    ctx.repos.pages.insert({
      id,
      application_id: app.id,
      material_key: current.material_key,
      page_no: current.page_no,
      sha256: blob.sha256,
      bytes: blob.bytes,
      mime: processed.mime,
      width: processed.width,
      height: processed.height,
      pdf_pages: processed.pdfPages,
      thumb_sha256: thumb.sha256,
      source,
      original_name: current.original_name,
      created_at: now,
      created_by: by(ctx),
    });
    ctx.audit.append({
      at: now,
      ...actor(ctx),
      action,
      target: app.id,
      details: { materialKey: current.material_key, pageNo: current.page_no, old: { id: current.id, sha256: current.sha256 }, new: { id, sha256: blob.sha256 }, reason },
    });
  })();
  return viewOf(ctx, ctx.repos.pages.byId(id) as PageRow);
}

function decode(b64: string, name: string): Buffer {
  const bytes = Buffer.from(b64, 'base64');
  checkSize(name, bytes.length);
  return bytes;
}

function inboxDirs(ctx: Ctx): string[] {
  const raw = ctx.repos.meta.get(INBOX_KEY);
  const dirs = raw ? (JSON.parse(raw) as string[]) : [];
  const def = join(ctx.dataDir, 'inbox');
  if (!existsSync(def)) mkdirSync(def, { recursive: true });
  return [def, ...dirs.filter((d) => d !== def)];
}

/** The real path of `path` if it lies inside one of the allowed folders (symlinks resolved), else a refusal. */
function allowedPath(ctx: Ctx, path: string): string {
  let real: string;
  try {
    real = realpathSync(resolve(path));
  } catch {
    throw new DeskError('DOC_FILE_NOT_FOUND', { path });
  }
  for (const dir of inboxDirs(ctx)) {
    let root: string;
    try {
      root = realpathSync(dir);
    } catch {
      continue;
    }
    const rel = relative(root, real);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return real;
  }
  throw new DeskError('DOC_PATH_NOT_ALLOWED', { path });
}

export const documentHandlers: DocHandlers = {
  'documents.list'(input, ctx) {
    const started = performance.now();
    appOf(ctx, input.applicationId);
    const rows = ctx.repos.pages.liveOfApplication(input.applicationId);
    const items = new Map<string, PageView[]>();
    for (const r of rows) {
      const list = items.get(r.material_key) ?? [];
      list.push(viewOf(ctx, r));
      items.set(r.material_key, list);
    }
    return { items: [...items].map(([materialKey, pages]) => ({ materialKey, pages })), tookMs: Math.round(performance.now() - started) };
  },

  'documents.getPage'(input, ctx) {
    const row = pageOf(ctx, input.pageId);
    return { page: viewOf(ctx, row), mime: row.mime, dataBase64: ctx.blobs.read(row.sha256).toString('base64') };
  },

  async 'documents.importFile'(input, ctx) {
    const name = input.name ?? (input.source === 'camera' ? zhCN.documents.pageNames.camera : zhCN.documents.pageNames.file);
    writableApp(ctx, input.applicationId, input.materialKey);
    const processed = await processFile(name, decode(input.dataBase64, name), input.transform ?? {});
    const app = writableApp(ctx, input.applicationId, input.materialKey);
    return { pages: addPages(ctx, app, input.materialKey, processed, input.source, input.name ?? null).map((r) => viewOf(ctx, r)) };
  },

  async 'documents.importPath'(input, ctx) {
    writableApp(ctx, input.applicationId, input.materialKey);
    const real = allowedPath(ctx, input.path);
    const name = basename(real);
    const st = statSync(real);
    if (!st.isFile()) throw new DeskError('DOC_FILE_NOT_FOUND', { path: input.path });
    checkSize(name, st.size);
    const processed = await processFile(name, readFileSync(real), input.transform ?? {});
    const app = writableApp(ctx, input.applicationId, input.materialKey);
    const rows = addPages(ctx, app, input.materialKey, processed, 'file', name);
    // Out of the inbox once it is safely stored, so the inbox lists only what still waits.
    try {
      const done = join(real, '..', IMPORTED_DIR);
      mkdirSync(done, { recursive: true });
      renameSync(real, join(done, `${Date.now()}-${name}`));
    } catch {
      // Read-only scan folder: the file stays; it is stored either way.
    }
    return { pages: rows.map((r) => viewOf(ctx, r)) };
  },

  'documents.listInbox'(_input, ctx) {
    const dirs = inboxDirs(ctx);
    const files: Array<{ path: string; name: string; bytes: number; modifiedAt: string }> = [];
    for (const dir of dirs) {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.startsWith('.')) continue;
        const path = join(dir, name);
        const st = statSync(path, { throwIfNoEntry: false });
        if (st?.isFile()) files.push({ path, name, bytes: st.size, modifiedAt: st.mtime.toISOString() });
      }
    }
    files.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
    return { dirs, files: files.slice(0, 200) };
  },

  'documents.setInboxDirs'(input, ctx) {
    const dirs = input.dirs.map((d) => resolve(d));
    for (const d of dirs) if (!existsSync(d) || !statSync(d).isDirectory()) throw new DeskError('DOC_FILE_NOT_FOUND', { path: d });
    const now = ctx.nowIso();
    ctx.db.transaction(() => {
      ctx.repos.meta.setJson(INBOX_KEY, dirs);
      ctx.audit.append({ at: now, ...actor(ctx), action: 'document.inboxDirsSet', target: null, details: { dirs } });
    })();
    return { dirs: inboxDirs(ctx) };
  },

  async 'documents.listScanners'(_input, ctx) {
    const scanner = ctx.ports.scanner ?? new NoScanner();
    if (scanner.driver === 'none') return { driver: 'none' as const, devices: [] };
    return { driver: scanner.driver, devices: await scanner.listDevices() };
  },

  async 'documents.scan'(input, ctx) {
    writableApp(ctx, input.applicationId, input.materialKey);
    const scanner = ctx.ports.scanner ?? new NoScanner();
    const request = { deviceId: input.deviceId, resolution: input.resolution, mode: input.mode, source: input.source, maxPages: input.maxPages };
    const images = await ctx.temp.withDir('scan', (dir) => scanner.scan(request, dir));
    const processed: ProcessedPage[] = [];
    for (const [i, img] of images.entries()) processed.push(...(await processFile(format(zhCN.documents.pageNames.scanned, { n: i + 1 }), img, { mode: input.mode })));
    const app = writableApp(ctx, input.applicationId, input.materialKey);
    return { pages: addPages(ctx, app, input.materialKey, processed, 'scanner', null).map((r) => viewOf(ctx, r)) };
  },

  'documents.reorder'(input, ctx) {
    const app = writableApp(ctx, input.applicationId, input.materialKey);
    const live = ctx.repos.pages.liveOfItem(app.id, input.materialKey);
    const same = live.length === input.pageIds.length && new Set(input.pageIds).size === live.length && live.every((p) => input.pageIds.includes(p.id));
    if (!same) throw new DeskError('DOC_ORDER_MISMATCH');
    const now = ctx.nowIso();
    ctx.db.transaction(() => {
      ctx.repos.pages.setOrder(input.pageIds);
      ctx.audit.append({ at: now, ...actor(ctx), action: 'document.reordered', target: app.id, details: { materialKey: input.materialKey, from: live.map((p) => p.id), to: input.pageIds } });
    })();
    return { pages: ctx.repos.pages.liveOfItem(app.id, input.materialKey).map((r) => viewOf(ctx, r)) };
  },

  async 'documents.transformPage'(input, ctx) {
    const page = pageOf(ctx, input.pageId);
    if (page.mime === 'application/pdf') throw new DeskError('DOC_NOT_SUPPORTED', { name: page.original_name ?? 'PDF' });
    const [processed] = await processFile(page.original_name ?? zhCN.documents.pageNames.page, ctx.blobs.read(page.sha256), input.transform);
    if (!processed) throw new DeskError('DOC_CORRUPT', { name: page.original_name ?? zhCN.documents.pageNames.page });
    return { page: replaceWith(ctx, page, processed, page.source, null, 'document.pageTransformed') };
  },

  async 'documents.replacePage'(input, ctx) {
    const page = pageOf(ctx, input.pageId);
    const name = input.name ?? zhCN.documents.pageNames.replacement;
    const [processed, ...rest] = await processFile(name, decode(input.dataBase64, name));
    if (!processed) throw new DeskError('DOC_CORRUPT', { name });
    if (rest.length > 0) throw new DeskError('DOC_PDF_TOO_MANY_PAGES', { name, pages: rest.length + 1, max: 1 });
    return { page: replaceWith(ctx, page, processed, input.source, input.reason ?? null, 'document.pageReplaced') };
  },

  'documents.removePage'(input, ctx) {
    const page = pageOf(ctx, input.pageId);
    const app = writableApp(ctx, page.application_id, page.material_key);
    const now = ctx.nowIso();
    ctx.db.transaction(() => {
      takeOff(ctx, app, page, input.reason ?? null, null, now);
      renumber(ctx, app.id, page.material_key);
      ctx.audit.append({
        at: now,
        ...actor(ctx),
        action: 'document.pageRemoved',
        target: app.id,
        details: { materialKey: page.material_key, pageNo: page.page_no, id: page.id, sha256: page.sha256, reason: input.reason ?? null, kept: app.status !== 'draft' },
      });
    })();
    return { removed: true as const };
  },

  'documents.collectOrphans'(_input, ctx) {
    const referenced = ctx.repos.pages.referencedHashes();
    const { blobs, temps } = ctx.blobs.list();
    let freedBytes = 0;
    const removed: string[] = [];
    for (const sha of blobs) {
      if (referenced.has(sha)) continue;
      freedBytes += ctx.blobs.remove(sha);
      removed.push(sha);
    }
    for (const t of temps) ctx.blobs.removeTemp(t);
    ctx.audit.append({
      at: ctx.nowIso(),
      ...actor(ctx),
      action: 'document.orphansCollected',
      target: null,
      details: { removed: removed.slice(0, 500), removedCount: removed.length, temps: temps.length, freedBytes },
    });
    return { removedBlobs: removed.length, removedTemps: temps.length, freedBytes, kept: blobs.length - removed.length };
  },
};
