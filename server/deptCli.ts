import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { type ColumnMapping } from '../shared/dept/mapping';
import { type DeptSource, SOURCES, SOURCE_LIST, deptSourceSchema } from '../shared/dept/sources';
import { type Verification } from '../shared/dept/verify';
import { format } from '../shared/i18n/zhCN';
import { deptFieldNames, deptSourceNames, deptText } from '../shared/i18n/zhCN.dept';
import { type Store } from './db/open';
import { reposOf } from './db/repos';
import { type County } from './services/counters';
import { type EncodingChoice } from './services/deptFiles';
import { importExtract, previewExtract, purgeExpired, withdrawImport } from './services/deptImport';
import { defaultRetention, latestPlan, refreshVerifications } from './services/deptVerify';

// `npm run server -- dept …`: department data from the command line (the console's screens call the same services).

const t = deptText.cli;
const sources = () => SOURCE_LIST.join(' | ');

export const DEPT_USAGE = () => format(t.usage, { sources: sources() });

function sourceArg(raw: string | undefined): DeptSource {
  const r = deptSourceSchema.safeParse(raw);
  if (!r.success) throw new Error(raw ? format(t.unknownSource, { source: raw, sources: sources() }) : format(t.fileMissing, { sources: sources() }));
  return r.data;
}

function readFile(file: string | undefined): Buffer {
  if (!file) throw new Error(format(t.fileMissing, { sources: sources() }));
  try {
    return readFileSync(file);
  } catch (e: unknown) {
    throw new Error(format(t.unreadable, { file, reason: e instanceof Error ? e.message : String(e) }));
  }
}

export async function runDeptCli(verb: string, rest: string[], store: Store, county: County, now: Date, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      encoding: { type: 'string' },
      mode: { type: 'string' },
      map: { type: 'string', multiple: true },
      by: { type: 'string' },
      reason: { type: 'string' },
      'retain-until': { type: 'string' },
    },
  });
  const by = values.by ?? process.env.USER ?? 'cli';
  const encoding = (values.encoding ?? 'auto') as EncodingChoice;
  switch (verb) {
    case 'sources':
      for (const s of SOURCE_LIST) {
        const fields = SOURCES[s].fields;
        const names = (req: boolean) => fields.filter((f) => f.required === req).map((f) => `${deptFieldNames[f.key] ?? f.key}(${f.key})`).join('、');
        out(format(t.sourceLine, { source: s, department: deptSourceNames[s].department, name: deptSourceNames[s].name, required: names(true), optional: names(false) }));
      }
      return 0;
    case 'preview': {
      const source = sourceArg(positionals[0]);
      const p = await previewExtract(store, source, readFile(positionals[1]), encoding);
      const mapping = p.fields
        .map((f) =>
          p.mapping[f.key]
            ? format(t.mapLine, { field: deptFieldNames[f.key] ?? f.key, key: f.key, header: p.mapping[f.key]! })
            : format(t.mapMissing, { field: deptFieldNames[f.key] ?? f.key, key: f.key, required: f.required ? t.requiredMark : '' }),
        )
        .join('\n');
      out(format(t.preview, { encoding: deptText.encoding[p.encoding] ?? p.encoding, headers: p.headers.join(' | '), mapping, sample: p.sample.map((r) => `  ${r.join(' | ')}`).join('\n') }));
      return 0;
    }
    case 'import': {
      const source = sourceArg(positionals[0]);
      const bytes = readFile(positionals[1]);
      let mapping: ColumnMapping | undefined;
      if (values.map?.length) {
        const saved = (await previewExtract(store, source, bytes, encoding)).mapping;
        mapping = { ...saved };
        for (const m of values.map) {
          const eq = m.indexOf('=');
          if (eq <= 0) throw new Error(format(t.badMap, { value: m }));
          mapping[m.slice(0, eq)] = m.slice(eq + 1);
        }
      }
      const r = await importExtract(
        store,
        county,
        {
          source,
          fileName: basename(positionals[1]!),
          bytes,
          encoding,
          ...(mapping ? { mapping } : {}),
          mode: values.mode === 'add' ? 'add' : 'replace',
          by,
          retainUntil: values['retain-until'] ?? (await defaultRetention(store, now)),
        },
        now,
      );
      if (!r.ok) {
        err(format(t.problems, { total: r.totalProblems }));
        for (const p of r.problems) {
          err(p.row === null ? format(t.problemFile, { message: p.message }) : format(t.problemLine, { row: p.row, column: p.column ? format(t.problemColumn, { column: p.column }) : '', message: p.message }));
        }
        return 1;
      }
      const verified = await refreshVerifications(store, now);
      out(format(t.imported, { id: r.importId, source: deptSourceNames[source].name, rows: r.rows, encoding: deptText.encoding[r.encoding] ?? r.encoding, sha: r.fileSha256, verified }));
      return 0;
    }
    case 'imports':
      for (const i of await reposOf(store.db).dept.listImports()) {
        const withdrawn = i.withdrawn_at ? format(t.importWithdrawn, { by: i.withdrawn_by ?? '', at: i.withdrawn_at, reason: i.withdraw_reason ?? '' }) : '';
        out(format(t.importLine, { id: i.id, source: i.source, status: t.importStatus[i.status] ?? i.status, rows: i.rows, file: i.file_name, by: i.imported_by, at: i.imported_at, retain: i.retain_until, withdrawn }));
      }
      return 0;
    case 'withdraw': {
      const id = Number(positionals[0]);
      if (!values.reason) throw new Error(t.withdrawReason);
      if (!(await withdrawImport(store, id, by, values.reason, now))) {
        err(format(t.withdrawFailed, { id: positionals[0] ?? '' }));
        return 1;
      }
      out(format(t.withdrawn, { id, verified: await refreshVerifications(store, now) }));
      return 0;
    }
    case 'verify': {
      if (!(await latestPlan(store))) {
        err(t.noPlan);
        return 1;
      }
      const computed = await refreshVerifications(store, now);
      const c = await reposOf(store.db).dept.verificationCounts();
      out(format(t.verified, { total: c.total, all: c.allVerified, mismatch: c.mismatch, computed }));
      return 0;
    }
    case 'show': {
      await refreshVerifications(store, now);
      const ref = positionals[0] ?? '';
      const app = await reposOf(store.db).dept.verifiedApplication(ref);
      if (!app?.result) {
        err(format(t.notFound, { ref }));
        return 1;
      }
      const v = JSON.parse(app.result) as Verification;
      out(format(t.showHead, { receiptNo: app.receipt_no, summary: v.allVerified ? t.summaryAll : v.mismatch ? t.summaryMismatch : t.summaryOpen }));
      for (const m of v.materials) out(format(t.showMaterial, { name: m.name, status: deptText.status[m.status], reasons: m.reasons.length ? `：${m.reasons.join('；')}` : '' }));
      if (v.type) out(format(t.showType, { reason: v.type.reason }));
      return 0;
    }
    case 'purge': {
      const purged = await purgeExpired(store, now);
      await refreshVerifications(store, now);
      out(format(t.purged, { count: purged.length }));
      return 0;
    }
    default:
      err(DEPT_USAGE());
      return 2;
  }
}
