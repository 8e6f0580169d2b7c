// ocr.suggest: field suggestions read from the pages captured for a material item. The kind of document comes
// from the plan's material name (户口簿, 不动产权证书, 居住证 are named alike in every county's plan); items of
// other kinds get no suggestions. Recognition runs in the Ocr port's worker; what it read is kept per page
// (by content hash) for the desk's lifetime, so asking again is instant. Nothing here writes to an application:
// the clerk accepts each suggestion.
import type { Suggestion, Suggestions } from '../../../../shared/contract/cardReader';
import { DeskError } from '../../../../shared/contract/result';
import { zhCN } from '../../../../shared/i18n/zhCN';
import type { Ctx, Handlers } from '../../context';
import { actor } from '../../context';
import type { OcrLineOut } from '../../ports';
import { documentKindOf } from './documentKinds';
import { extractFields } from './fields';

type OcrHandlers = Pick<Handlers, 'ocr.suggest' | 'ocr.accepted'>;

const CACHE_PAGES = 60;
const caches = new WeakMap<Ctx, Map<string, { lines: OcrLineOut[]; ms: number }>>();

function cacheOf(ctx: Ctx): Map<string, { lines: OcrLineOut[]; ms: number }> {
  let c = caches.get(ctx);
  if (!c) {
    c = new Map();
    caches.set(ctx, c);
  }
  return c;
}

export const ocrHandlers: OcrHandlers = {
  'ocr.suggest': async ({ applicationId, materialKey }, ctx) => {
    const app = ctx.repos.applications.byId(applicationId);
    if (!app) throw new DeskError('APPLICATION_NOT_FOUND');
    const plan = ctx.repos.plans.byKey(app.plan_key);
    const materials = plan ? ((JSON.parse(plan.content) as { materials?: Array<{ id: string; name: string }> }).materials ?? []) : [];
    const material = materials.find((m) => m.id === materialKey.split(':')[0]);
    if (!material) throw new DeskError('DOC_MATERIAL_UNKNOWN', { materialKey });
    const kind = documentKindOf(material.name);
    const answer: Suggestions = { applicationId, materialKey, kind, suggestions: [], pages: [] };
    if (!kind) return answer;
    const ocr = ctx.ports.ocr;
    if (!ocr) throw new DeskError('OCR_UNAVAILABLE', { reason: zhCN.cardReader.ocr.disabled });
    const cache = cacheOf(ctx);
    const seen = new Set<string>();
    for (const page of ctx.repos.pages.liveOfItem(applicationId, materialKey)) {
      if (!page.mime.startsWith('image/')) continue;
      let read = cache.get(page.sha256);
      if (!read) {
        try {
          const r = await ocr.recognise(ctx.blobs.read(page.sha256));
          read = { lines: r.lines, ms: r.ms };
        } catch (e: unknown) {
          if (e instanceof DeskError && e.rpc.code === 'OCR_PAGE_UNREADABLE') {
            const reason = e.rpc.details?.reason;
            throw new DeskError('OCR_PAGE_UNREADABLE', { pageNo: page.page_no, reason: typeof reason === 'string' ? reason : zhCN.cardReader.ocr.undecodable });
          }
          throw e;
        }
        cache.set(page.sha256, read);
        if (cache.size > CACHE_PAGES) cache.delete(cache.keys().next().value as string);
      }
      answer.pages.push({ pageId: page.id, pageNo: page.page_no, ms: Math.round(read.ms), lines: read.lines.length });
      for (const f of extractFields(kind, read.lines)) {
        // A person's values stay with that person: two people on a page may share a 迁入 date.
        const key = `${f.person === undefined ? '' : `${page.id}:${f.person}`}\u0000${f.field}\u0000${f.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const s: Suggestion = {
          field: f.field,
          value: f.value,
          confidence: Math.round(f.confidence * 1000) / 1000,
          pageId: page.id,
          pageNo: page.page_no,
          ...(f.uncertain ? { uncertain: f.uncertain } : {}),
          ...(f.incomplete ? { incomplete: true } : {}),
          ...(f.person !== undefined ? { person: f.person } : {}),
        };
        answer.suggestions.push(s);
      }
    }
    return answer;
  },
  'ocr.accepted': ({ applicationId, materialKey, pageId, field, path, confidence, uncertain }, ctx) => {
    const page = ctx.repos.pages.byId(pageId);
    if (!page || page.removed_at !== null || page.application_id !== applicationId || page.material_key !== materialKey) {
      throw new DeskError('DOC_PAGE_NOT_FOUND');
    }
    // The value is not repeated here: it is in the application's own revisions; the audit says where it came from.
    ctx.audit.append({
      at: ctx.nowIso(),
      ...actor(ctx),
      action: 'ocr.suggestionAccepted',
      target: applicationId,
      details: { materialKey, pageId, pageNo: page.page_no, field, path, confidence, uncertain },
    });
    return { recorded: true as const };
  },
};
