import { createHash } from 'node:crypto';
import { type DeptImportInfo, type ConsoleParsedInput, limitedScope } from '../../../shared/console';
import { type DeptSource, SOURCES, SOURCE_LIST, deptSourceSchema } from '../../../shared/dept/sources';
import { type ColumnMapping } from '../../../shared/dept/mapping';
import { format } from '../../../shared/i18n/zhCN';
import { deptFieldNames, deptSourceNames } from '../../../shared/i18n/zhCN.dept';
import { deptConsoleText } from '../../../shared/i18n/zhCN.deptConsole';
import { reposOf } from '../../db/repos';
import { type DeptImportRow } from '../../db/repos/deptRepo';
import { problem } from '../../http/problems';
import { activeImports, importExtract, previewExtract, withdrawImport } from '../../services/deptImport';
import { FileProblem } from '../../services/deptFiles';
import { defaultRetention, refreshVerifications } from '../../services/deptVerify';
import { visibleIds } from '../../services/console/decisions';
import { collectEnquiries, exportEnquiries, getEnquiry, listEnquiries, recordAnswer } from '../../services/deptEnquiries';
import { type ConsoleCall, type ConsoleContext, type ConsoleHandlers, signedIn } from './define';
import { chinaDay } from '../../../shared/chinaTime';

// dept.*: department data in the console (shared/console/dept.ts). The services are the CLI's (deptImport.ts);
// here the file arrives as base64, every call is audited, and verification is recomputed after a change.

const t = deptConsoleText.server;

function infoOf(row: DeptImportRow, counting: ReadonlySet<number>): DeptImportInfo {
  return {
    id: row.id,
    source: deptSourceSchema.parse(row.source),
    mode: row.mode === 'add' ? 'add' : 'replace',
    status: row.status === 'withdrawn' ? 'withdrawn' : row.status === 'purged' ? 'purged' : 'active',
    counting: counting.has(row.id),
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    encoding: row.encoding,
    rows: Number(row.rows),
    importedBy: row.imported_by,
    importedAt: row.imported_at,
    retainUntil: row.retain_until,
    withdrawnBy: row.withdrawn_by,
    withdrawnAt: row.withdrawn_at,
    withdrawReason: row.withdraw_reason,
    purgedAt: row.purged_at,
  };
}

function countingIds(rows: readonly DeptImportRow[]): Set<number> {
  return new Set([...activeImports(rows).values()].flat());
}

const bytesOf = (input: { contentBase64: string }) => Buffer.from(input.contentBase64, 'base64');

/**
 * Importing or withdrawing an extract verifies every application in the county again (and answers how many): a
 * county-wide act, refused to an account limited to some schools or types (the console shows them no such button).
 */
function countyWide(call: ConsoleCall): void {
  if (limitedScope(signedIn(call))) throw problem(403, 'forbidden', t.countyWideOnly);
}

/** A file the reader refuses as a whole (an old .xls, not decodable) is the staff's to fix: 422 with what to do. */
async function readable<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e: unknown) {
    if (e instanceof FileProblem) throw problem(422, 'validation_failed', e.message);
    throw e;
  }
}

export function deptHandlers(cctx: ConsoleContext): ConsoleHandlers {
  const store = cctx.store;
  const listed = async () => {
    const rows = (await reposOf(store.db).dept.listImports()).filter((r) => r.status !== 'loading');
    return { rows, counting: countingIds(rows) };
  };
  return {
    'dept.sources': async (_input, call) => {
      const repo = reposOf(store.db).dept;
      const [{ rows, counting }, mappings] = await Promise.all([listed(), repo.mappings()]);
      const saved = new Map(mappings.map((m) => [m.source, m]));
      const sources = SOURCE_LIST.map((source: DeptSource) => {
        const mine = rows.filter((r) => r.source === source && counting.has(r.id));
        const m = saved.get(source);
        return {
          source,
          department: deptSourceNames[source].department,
          name: deptSourceNames[source].name,
          fields: SOURCES[source].fields.map((f) => ({ key: f.key, name: deptFieldNames[f.key] ?? f.key, required: f.required, headers: [...f.headers] })),
          mapping: m ? (JSON.parse(m.mapping) as ColumnMapping) : null,
          mappingUpdatedBy: m?.updated_by ?? null,
          mappingUpdatedAt: m?.updated_at ?? null,
          activeRows: mine.reduce((n, r) => n + Number(r.rows), 0),
          activeImports: mine.length,
        };
      });
      await cctx.audit.record(call.actor, 'dept.sourcesViewed', null, {}, call.now);
      return { sources, defaultRetainUntil: await defaultRetention(store, call.now) };
    },
    'dept.preview': (input, call) =>
      readable(async () => {
        countyWide(call);
        const bytes = bytesOf(input);
        const p = await previewExtract(store, input.source, bytes, input.encoding);
        await cctx.audit.record(call.actor, 'dept.previewed', input.source, { fileName: input.fileName, fileSha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length }, call.now);
        return { headers: p.headers, encoding: p.encoding, mapping: p.mapping, sample: p.sample };
      }),
    'dept.import': async (input: ConsoleParsedInput<'dept.import'>, call) => {
      countyWide(call);
      const today = chinaDay(call.now);
      if (input.retainUntil !== undefined && input.retainUntil <= today) throw problem(422, 'validation_failed', format(t.badRetention, { day: input.retainUntil }));
      const bytes = bytesOf(input);
      const r = await importExtract(
        store,
        cctx.county,
        {
          source: input.source,
          fileName: input.fileName,
          bytes,
          encoding: input.encoding,
          ...(input.mapping ? { mapping: input.mapping } : {}),
          mode: input.mode,
          by: call.actor.name ?? '',
          retainUntil: input.retainUntil ?? (await defaultRetention(store, call.now)),
        },
        call.now,
      );
      if (!r.ok) {
        const fileSha256 = createHash('sha256').update(bytes).digest('hex');
        await cctx.audit.record(call.actor, 'dept.importRefused', input.source, { fileName: input.fileName, fileSha256, totalProblems: r.totalProblems }, call.now);
        return { ok: false as const, fileName: input.fileName, problems: r.problems, totalProblems: r.totalProblems, headers: r.headers, encoding: r.encoding };
      }
      const verified = await refreshVerifications(store, call.now);
      await cctx.audit.record(
        call.actor,
        'dept.imported',
        String(r.importId),
        { source: input.source, fileName: input.fileName, fileSha256: r.fileSha256, rows: r.rows, encoding: r.encoding, mode: input.mode },
        call.now,
      );
      const { rows, counting } = await listed();
      const row = rows.find((x) => x.id === r.importId)!;
      return { ok: true as const, import: infoOf(row, counting), verified };
    },
    'dept.imports': async (input, call) => {
      const { rows, counting } = await listed();
      const out = rows.filter((r) => input.source === undefined || r.source === input.source).map((r) => infoOf(r, counting));
      await cctx.audit.record(call.actor, 'dept.importsViewed', input.source ?? null, { imports: out.length }, call.now);
      return { imports: out };
    },
    'dept.withdraw': async (input, call) => {
      countyWide(call);
      const repo = reposOf(store.db).dept;
      const before = await repo.getImport(input.importId);
      if (!before || before.status === 'loading') throw problem(404, 'not_found', format(t.noSuchImport, { id: input.importId }));
      if (!(await withdrawImport(store, input.importId, call.actor.name ?? '', input.reason, call.now))) {
        const status = deptConsoleText.status[before.status] ?? before.status;
        throw problem(409, 'state_conflict', format(t.notWithdrawable, { id: input.importId, status }));
      }
      const verified = await refreshVerifications(store, call.now);
      await cctx.audit.record(call.actor, 'dept.withdrawn', String(input.importId), { source: before.source, fileSha256: before.file_sha256, reason: input.reason }, call.now);
      const { rows, counting } = await listed();
      return { import: infoOf(rows.find((x) => x.id === input.importId)!, counting), verified };
    },
    'dept.collectEnquiries': async (_input, call) => {
      // A scoped reviewer collects (and counts) only the enquiries of applications in scope.
      await refreshVerifications(store, call.now);
      const added = await collectEnquiries(store, call.actor.name ?? '', call.now, undefined, (ids) => visibleIds(store.db, ids, signedIn(call)));
      await cctx.audit.record(call.actor, 'dept.enquiriesCollected', null, { added }, call.now);
      return { added };
    },
    'dept.enquiries': async (input, call) => {
      // A scoped reviewer sees only the enquiries of applications in scope (a page may then hold fewer rows).
      const all = await listEnquiries(store, input);
      const shown = await visibleIds(store.db, all.enquiries.map((e) => e.applicationId), signedIn(call));
      const page = { ...all, enquiries: all.enquiries.filter((e) => shown.has(e.applicationId)) };
      await cctx.audit.record(call.actor, 'dept.enquiriesViewed', input.source ?? null, { state: input.state, after: input.after ?? null, enquiries: page.enquiries.length }, call.now);
      return page;
    },
    'dept.exportEnquiries': async (input, call) => {
      const file = await exportEnquiries(store, input.source, call.now, (ids) => visibleIds(store.db, ids, signedIn(call)));
      await cctx.audit.record(call.actor, 'dept.enquiriesExported', input.source, { count: file.count, fileName: file.fileName }, call.now);
      return { fileName: file.fileName, xlsxBase64: file.bytes.toString('base64'), count: file.count };
    },
    'dept.answerEnquiry': async (input, call) => {
      // An enquiry about an application outside the caller's scope is answered as one that does not exist.
      const asked = await getEnquiry(store, input.enquiryId);
      if (asked && !(await visibleIds(store.db, [asked.applicationId], signedIn(call))).has(asked.applicationId)) {
        throw problem(404, 'not_found', format(deptConsoleText.enquiries.noSuch, { id: input.enquiryId }));
      }
      const before = await recordAnswer(store, input.enquiryId, input.answer, input.note, call.actor.name ?? '', call.now);
      if (!before) throw problem(404, 'not_found', format(deptConsoleText.enquiries.noSuch, { id: input.enquiryId }));
      await cctx.audit.record(call.actor, 'dept.enquiryAnswered', String(input.enquiryId), { applicationId: before.application_id, itemId: before.item_id, answer: input.answer }, call.now);
      return (await getEnquiry(store, input.enquiryId))!;
    },
  };
}
