import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type ApplicationDraft } from '../shared/contract/application';
import { DiskBlobs } from '../server/db/blobFiles';
import { reposOf } from '../server/db/repos';
import { BlobService } from '../server/services/blobs';
import { makeItem, pageOf } from '../server/testing/client';
import { ConsoleTestClient } from '../server/testing/consoleClient';
import { type DialectName, startTestServer } from '../server/testing/harness';
import { type Figure, figure, percentile, timedRuns } from './lib';

// console.open_ms: a reviewer opens an application with six scanned pages — applications.get and the six page GETs
// the view's <img> tags make, in parallel, over HTTP on a real server (session, scope, audit of each view) — beside
// the same record and page bytes read straight from the store (no HTTP, no session, no audit) in the same run.

const RUNS = 40;
const PAGE_BYTES = 300 * 1024;
const PASSWORD = 'Kaoshi2026x';
const PLAN = join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json');

const form: ApplicationDraft = {
  grade: 'primary1',
  child: { name: '张三丰', idType: 'resident_id', idNumber: '379901201905050017', birthDate: '2019-05-05', sex: 'M' },
  guardians: [{ relation: 'father', name: '张父', idType: 'resident_id', idNumber: '379901198001010011', mobile: '13800138000' }],
  school: { zoneEntryId: 'z1', schoolId: 'p-chengguan' },
  typeDecision: { derived: 'house_hukou', chosen: 'house_hukou' },
  materials: [{ itemId: 'hukou-booklet', state: 'original_seen' }],
};

/** A scan-sized page: a JPEG signature and incompressible bytes. */
const scan = (): Buffer => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(PAGE_BYTES - 4)]);

const timed = (fn: () => Promise<unknown>): Promise<number[]> => timedRuns(RUNS, fn);

export async function benchConsoleOpen(dialect: DialectName): Promise<Figure> {
  const s = await startTestServer(dialect);
  try {
    if ((await s.cli(['plan', 'load', PLAN])).code !== 0) throw new Error('console.open bench: plan load failed');
    const desk = await s.device('A01');
    const scans = Array.from({ length: 6 }, scan);
    for (const bytes of scans) await desk.upload(bytes);
    const item = makeItem(desk, {
      record: { form, receiptNo: 'x', planKey: 'sample-379901-2026@2026.1', submittedAt: '2026-06-15T02:00:00.000Z' },
      childId: '379901201905050017',
      pages: scans.map((b, i) => pageOf(b, i + 1, 'hukou-booklet')),
    });
    const r = await desk.batch(randomUUID(), [item]);
    if (r.body.items[0]?.result !== 'accepted') throw new Error(`console.open bench: upload refused ${JSON.stringify(r.body)}`);
    const out = await s.cli(['staff', 'create-admin', '--username', 'admin', '--name', '王局长']);
    const admin = new ConsoleTestClient(s.baseUrl);
    await admin.signIn('admin', /一次性初始密码：(\S+)/.exec(out.out)![1]!, PASSWORD);
    const created = await admin.ok('staff.create', { username: 'reviewer1', displayName: '审核员甲', role: 'reviewer', scope: { schoolIds: [], types: [] } });
    const reviewer = new ConsoleTestClient(s.baseUrl);
    await reviewer.signIn('reviewer1', created.initialPassword, PASSWORD);
    const headers = { cookie: `console_session=${reviewer.cookie}` };

    const open = async () => {
      const view = await reviewer.ok('applications.get', { applicationId: item.applicationId });
      if (view.pages.length !== 6) throw new Error(`console.open bench: ${view.pages.length} pages, expected 6`);
      await Promise.all(
        view.pages.map(async (p) => {
          const res = await fetch(s.baseUrl + p.url, { headers });
          if ((await res.arrayBuffer()).byteLength !== PAGE_BYTES) throw new Error('console.open bench: page bytes differ');
        }),
      );
    };
    const blobs = new BlobService(s.store.db, new DiskBlobs(s.config.dataDir), () => new Date());
    const plain = async () => {
      await reposOf(s.store.db).applications.findByRef(item.applicationId);
      const pages = await s.store.db.selectFrom('application_pages').select('sha256').where('application_id', '=', item.applicationId).execute();
      await Promise.all(pages.map((p) => blobs.read(p.sha256)));
    };
    const viewed = await timed(open);
    const base = await timed(plain);
    return figure(`console.open_ms_${dialect}`, percentile(viewed.slice(5), 95), 'ms', percentile(base.slice(5), 95), 'same record and 6 page bytes read straight from the store, p95', { max: 300 });
  } finally {
    await s.close();
  }
}
