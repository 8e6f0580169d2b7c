// Test kit for the sync tests: the real county server, as a child process reached over HTTP or as its app called
// in this process (the CountyApi's two drivers), a fault-injecting loopback proxy, and desks with submitted
// applications and real scanned-page blobs. Not used by production code.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNever } from '../../../shared/assertNever';
import { loadOrCreateKeys } from '../services/keys';
import { openEncrypted } from '../db/connection';
import { PageRepo, type PageMime } from '../db/repos/pageRepo';
import { BlobStore } from '../services/documents/blobStore';
import { DB_FILE } from '../desk';
import { openTestDesk, ADMIN, approveIfOutsideWindow, type TestDesk } from './desk';
import { houseHukouApplication, makeId } from './fixtures';
import type { TestPortsOptions } from '../../harness/testPorts';
import { testPorts } from '../../harness/testPorts';
import type { SyncOptions } from '../services/sync';
import { inProcessCounty } from './inProcessCounty';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const COUNTY = '379901';

// ---------- the county server ----------

/** How a test's desks reach the county server: the CountyApi's HTTP driver or its in-process driver. */
export type CountyDriverName = 'http' | 'inProcess';
/** The sync suite runs against each (`describe.each(COUNTY_DRIVERS)`). */
export const COUNTY_DRIVERS: readonly CountyDriverName[] = ['http', 'inProcess'];

/** Options for syncDesk: which driver the desk's sync engine uses. */
export type SyncDeskOptions = TestPortsOptions & { sync?: SyncOptions };

/** The county server of a sync test, whichever way the desks reach it. */
export interface TestCounty {
  driver: CountyDriverName;
  /** What desks configure as the server URL. */
  url: string;
  dataDir: string;
  /** Give these to syncDesk: a desk with them reaches this county (the in-process driver needs them). */
  deskOptions: SyncDeskOptions;
  /** SIGKILL (crash) or SIGTERM (graceful); the in-process server closes its app either way. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Start again on the same data dir. */
  restart(): Promise<void>;
  cli(args: string[]): Promise<string>;
}

/** The county server as its own process, over HTTP. */
export interface CountyServer extends TestCounty {
  port: number;
  proc: ChildProcess;
}

/**
 * What in-process desks configure as the server URL: loopback (so the desk accepts it without TLS) on a port nothing
 * listens on, so a desk that dialled it instead of using the in-process driver would fail, not pass.
 */
const IN_PROCESS_URL = 'http://127.0.0.1:9';

/** The county server of one driver: its own process for HTTP, its app in this process for the in-process driver. */
export function startCounty(driver: CountyDriverName): Promise<TestCounty> {
  return driver === 'http' ? startCountyServer() : startInProcessCounty();
}

/** The real county server app (buildApp, as server/main.ts builds it) on SQLite in `dataDir`, reached with app.inject. */
export async function startInProcessCounty(dataDir = mkdtempSync(join(tmpdir(), 'county-'))): Promise<TestCounty> {
  const { buildApp } = await import('../../../server/app');
  const { configFromEnv } = await import('../../../server/config');
  const { openStore } = await import('../../../server/db/open');
  const { loadCounty } = await import('../../../server/services/counters');
  const open = async () => {
    const store = await openStore(configFromEnv({ SERVER_DATA_DIR: dataDir, COUNTY_CODE: COUNTY }));
    const app = await buildApp({ store, county: await loadCounty(store.db, COUNTY), dataDir });
    await app.ready();
    return { store, app };
  };
  let running: Awaited<ReturnType<typeof open>> | null = await open();
  let last = running.app;
  const county: TestCounty = {
    driver: 'inProcess',
    url: IN_PROCESS_URL,
    dataDir,
    // A stopped server's closed app refuses each call, as a dead process refuses connections.
    deskOptions: { sync: { county: inProcessCounty(() => running?.app ?? last) } },
    async stop() {
      if (!running) return;
      const { app, store } = running;
      running = null;
      await app.close();
      await store.close();
    },
    async restart() {
      running = await open();
      last = running.app;
    },
    cli: (args) => serverCli(dataDir, args),
  };
  return county;
}

function spawnServer(dataDir: string, port: number): Promise<{ proc: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SERVER_DATA_DIR: dataDir, COUNTY_CODE: COUNTY, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 90_000); // a loaded machine took over 30 s to start tsx
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        proc.stdout.removeAllListeners('data');
        proc.stdout.resume();
        resolve({ proc, port: Number(m[1]) });
      }
    });
    proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${out}`));
    });
  });
}

export async function startCountyServer(dataDir = mkdtempSync(join(tmpdir(), 'county-'))): Promise<CountyServer> {
  const first = await spawnServer(dataDir, 0);
  const server: CountyServer = {
    driver: 'http',
    url: `http://127.0.0.1:${first.port}`,
    deskOptions: {},
    port: first.port,
    dataDir,
    proc: first.proc,
    stop(signal = 'SIGKILL') {
      const p = server.proc;
      if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        p.once('exit', () => resolve());
        p.kill(signal);
      });
    },
    async restart() {
      server.proc = (await spawnServer(dataDir, server.port)).proc;
    },
    cli: (args) => serverCli(dataDir, args),
  };
  return server;
}

/**
 * The county admin CLI. In-process by default (the same `runCli` that `npm run server -- …` runs, against the
 * same data dir while the server process has it open); `SYNC_TEST_CLI_PROCESS=1` runs it as its own process.
 */
export async function serverCli(dataDir: string, args: string[]): Promise<string> {
  if (!process.env.SYNC_TEST_CLI_PROCESS) {
    const { runCli } = await import('../../../server/cli');
    const { configFromEnv } = await import('../../../server/config');
    let out = '';
    let err = '';
    const code = await runCli(args, configFromEnv({ SERVER_DATA_DIR: dataDir, COUNTY_CODE: COUNTY }), (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
    if (code !== 0) throw new Error(`cli ${args.join(' ')} failed (${code}): ${err}${out}`);
    return out;
  }
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, SERVER_DATA_DIR: dataDir, COUNTY_CODE: COUNTY, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
    proc.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`cli ${args.join(' ')} failed (${code}): ${err}${out}`))));
  });
}

export async function enrollmentCode(server: TestCounty, counterCode: string): Promise<string> {
  const out = await server.cli(['counter', 'create', '--code', counterCode, '--name', `${counterCode} 报名点`]);
  const m = /\n\s+([A-Z0-9]{4}(?:-[A-Z0-9]{4})+)\s*\n/.exec(out);
  if (!m?.[1]) throw new Error(`no code in: ${out}`);
  return m[1];
}

export interface ServerApplication {
  id: string;
  receiptNo: string;
  counterCode: string;
  revision: number;
  pages: number;
  duplicate: boolean;
  latestOutcome: string | null;
  voided: string | null;
}

export async function serverApplications(server: TestCounty): Promise<ServerApplication[]> {
  return JSON.parse(await server.cli(['applications', 'list', '--json'])) as ServerApplication[];
}

/** Whether the server holds a complete blob with exactly these bytes' hash. */
export function serverHasBlob(server: TestCounty, sha256: string): boolean {
  const path = join(server.dataDir, 'blobs', sha256.slice(0, 2), sha256);
  return existsSync(path) && createHash('sha256').update(readFileSync(path)).digest('hex') === sha256;
}

// ---------- the fault-injecting proxy ----------

export type Fault =
  | { kind: 'pass' }
  | { kind: 'refuse' } // connection reset before anything reaches the server
  | { kind: 'status500' }
  | { kind: 'hang' } // never answers (the desk's timeout fires)
  | { kind: 'captive' } // 200 text/html login page
  | { kind: 'notFound' } // 404 problem document, as from a county server without this route (an older version)
  | { kind: 'latency'; ms: number }
  | { kind: 'corruptRequest' } // one byte of the body flipped on the way to the server
  | { kind: 'corruptResponse' } // one byte of the answer flipped on the way back
  | { kind: 'cutAfterCommit' } // the server answers, the desk never hears it
  | { kind: 'cutMidRequest' } // half the body reaches the server, then the connection dies
  | { kind: 'killServer'; server: CountyServer; afterMs: number }; // the server is SIGKILLed while handling it

export interface SeenRequest {
  seq: number;
  method: string;
  url: string;
  fault: Fault['kind'];
}

export class FaultProxy {
  private server: http.Server | https.Server | null = null;
  readonly seen: SeenRequest[] = [];
  rule: (r: { seq: number; method: string; url: string }) => Fault = () => ({ kind: 'pass' });

  /** `tls`: terminate HTTPS with this key and certificate (a county proxy in front of the server). */
  constructor(
    private readonly target: () => number,
    private readonly tls?: { key: string; cert: string },
  ) {}

  async start(): Promise<string> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    const server = this.tls ? https.createServer({ key: this.tls.key, cert: this.tls.cert }, handler) : http.createServer(handler);
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return this.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  count(kind: Fault['kind']): number {
    return this.seen.filter((s) => s.fault === kind).length;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body = Buffer.concat(chunks);
    const seq = this.seen.length + 1;
    const fault = this.rule({ seq, method: req.method ?? 'GET', url: req.url ?? '/' });
    this.seen.push({ seq, method: req.method ?? 'GET', url: req.url ?? '/', fault: fault.kind });
    switch (fault.kind) {
      case 'refuse':
        req.socket.destroy();
        return;
      case 'hang':
        return;
      case 'status500':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
        return;
      case 'captive':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>请登录公共无线网络 / Please sign in</body></html>');
        return;
      case 'notFound':
        res
          .writeHead(404, { 'content-type': 'application/problem+json; charset=utf-8' })
          .end(JSON.stringify({ type: 'about:blank', title: '地址不存在', status: 404, detail: '服务器没有这个地址。', code: 'not_found' }));
        return;
      case 'latency':
        await new Promise((r) => setTimeout(r, fault.ms));
        break;
      case 'corruptRequest':
        if (body.length > 0) {
          body = Buffer.from(body);
          const i = Math.floor(body.length / 2);
          body[i] = body[i]! ^ 0x20;
        }
        break;
      case 'pass':
      case 'corruptResponse':
      case 'cutAfterCommit':
      case 'cutMidRequest':
      case 'killServer':
        // Forwarded: these act on the way through or on the answer (below).
        break;
      default:
        assertNever(fault, 'fault');
    }
    const headers = { ...req.headers, host: `127.0.0.1:${this.target()}`, 'content-length': String(body.length) };
    const up = http.request({ host: '127.0.0.1', port: this.target(), method: req.method, path: req.url, headers }, (upRes) => {
      const parts: Buffer[] = [];
      upRes.on('data', (c: Buffer) => parts.push(c));
      upRes.on('end', () => {
        let answer = Buffer.concat(parts);
        if (fault.kind === 'cutAfterCommit') {
          req.socket.destroy();
          return;
        }
        if (fault.kind === 'corruptResponse' && answer.length > 0) {
          answer = Buffer.from(answer);
          const i = Math.floor(answer.length / 2);
          answer[i] = answer[i]! ^ 0x01;
        }
        const h = { ...upRes.headers, 'content-length': String(answer.length) };
        delete h['transfer-encoding'];
        delete h.connection;
        res.writeHead(upRes.statusCode ?? 502, h).end(answer);
      });
      upRes.on('error', () => req.socket.destroy());
    });
    up.on('error', () => req.socket.destroy());
    if (fault.kind === 'cutMidRequest') {
      up.write(body.subarray(0, Math.floor(body.length / 2)));
      setTimeout(() => {
        up.destroy();
        req.socket.destroy();
      }, 50);
      return;
    }
    if (fault.kind === 'killServer') {
      up.end(body);
      setTimeout(() => void fault.server.stop('SIGKILL'), fault.afterMs);
      return;
    }
    up.end(body);
  }
}

// ---------- desks with applications ----------

export const PAGE_BYTES = 2_000;

/** A set-up, signed-in desk of county COUNTY (the sample plan's county). */
export async function syncDesk(dataDir?: string, counterCode = 'A01', options: SyncDeskOptions = {}): Promise<TestDesk> {
  const desk = await openTestDesk(dataDir, options);
  await desk.call('setup.initialize', { counterName: `${counterCode} 报名点`, counterCode, countyCode: COUNTY, admin: ADMIN });
  return desk;
}

export async function signIn(desk: TestDesk): Promise<void> {
  await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
}

let childSeq = 0;
export interface TakenApplication {
  id: string;
  receiptNo: string;
  idNumber: string;
}

/** Submit `n` applications (distinct children unless `idNumbers` given). */
export async function takeApplications(desk: TestDesk, n: number, idNumbers: string[] = []): Promise<TakenApplication[]> {
  const { plan, info } = await desk.call('plans.getActive', {});
  const out: TakenApplication[] = [];
  for (let i = 0; i < n; i++) {
    childSeq++;
    const idNumber = idNumbers[i] ?? makeId('370102', `2020-0${1 + (childSeq % 8)}-1${childSeq % 10}`, String((childSeq * 2 + 1) % 1000).padStart(3, '0'));
    const names = '安邦春德恩芳国浩佳杰康乐明宁琪睿思婷伟欣雪雅宇泽志';
    const name = `测${names[childSeq % names.length]}${names[Math.floor(childSeq / names.length) % names.length]}${names[Math.floor(childSeq / 625) % names.length]}`;
    const data = houseHukouApplication(plan, { name, idNumber, birthDate: `20${idNumber.slice(8, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}` });
    const { id } = await desk.call('applications.saveDraft', { data });
    await approveIfOutsideWindow(desk, id);
    const r = await desk.call('applications.submit', { id, data, planKey: info.planKey, confirmNearMatches: true });
    out.push({ id, receiptNo: r.receiptNo, idNumber });
  }
  return out;
}

/** One scanned page to attach: real image bytes (a console test shows them) or random ones. */
export interface ScanFile {
  materialKey: string;
  data: Buffer;
  mime?: PageMime;
  width?: number;
  height?: number;
}

/**
 * Attach scanned pages to applications, through the desk's own blob store and page repository (a second connection
 * to the same encrypted database, as the documents service does). Pages are numbered per material.
 */
export async function attachScans(desk: TestDesk, scans: Map<string, ScanFile[]>, options: TestPortsOptions = {}): Promise<Map<string, string[]>> {
  const ports = testPorts(options);
  const keys = await loadOrCreateKeys(desk.dataDir, ports.secretStore, false);
  const db = openEncrypted(join(desk.dataDir, DB_FILE), keys.db);
  const blobs = new BlobStore(join(desk.dataDir, 'blobs'), keys.blob);
  const pages = new PageRepo(db);
  const shas = new Map<string, string[]>();
  try {
    db.transaction(() => {
      for (const [appId, files] of scans) {
        const list: string[] = [];
        const pageNo = new Map<string, number>();
        for (const f of files) {
          const no = (pageNo.get(f.materialKey) ?? 0) + 1;
          pageNo.set(f.materialKey, no);
          const put = blobs.put(f.data);
          pages.insert({
            id: ports.ids.uuid(),
            application_id: appId,
            material_key: f.materialKey,
            page_no: no,
            sha256: put.sha256,
            bytes: f.data.length,
            mime: f.mime ?? 'image/jpeg',
            width: f.width ?? 100,
            height: f.height ?? 100,
            pdf_pages: null,
            thumb_sha256: put.sha256,
            source: 'file',
            original_name: null,
            created_at: new Date().toISOString(),
            created_by: 'test',
          });
          list.push(put.sha256);
        }
        shas.set(appId, list);
      }
    })();
  } finally {
    db.close();
  }
  return shas;
}

/** Attach `count` scanned pages (random bytes of `bytes` each) to each application. */
export function attachPages(desk: TestDesk, appIds: string[], count = 3, bytes = PAGE_BYTES, options: TestPortsOptions = {}, materialKey = 'hukou'): Promise<Map<string, string[]>> {
  const scans = new Map(appIds.map((id) => [id, Array.from({ length: count }, () => ({ materialKey, data: randomBytes(bytes) }))]));
  return attachScans(desk, scans, options);
}

/** Run `fn` on a second connection to the desk's encrypted database (to damage or inspect rows in tests). */
export async function withDeskDb<T>(desk: TestDesk, fn: (db: ReturnType<typeof openEncrypted>) => T, options: TestPortsOptions = {}): Promise<T> {
  const keys = await loadOrCreateKeys(desk.dataDir, testPorts(options).secretStore, false);
  const db = openEncrypted(join(desk.dataDir, DB_FILE), keys.db);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Configure and enroll a desk against `url` with a fresh code for its counter. */
export async function enroll(desk: TestDesk, server: TestCounty, url: string, counterCode = 'A01', timeoutSeconds?: number): Promise<void> {
  await desk.call('sync.configure', { serverUrl: url, caPem: null, ...(timeoutSeconds ? { timeoutSeconds } : {}) });
  await desk.call('sync.enroll', { code: await enrollmentCode(server, counterCode), deviceName: `${counterCode} 测试机` });
}

// ---------- certificates ----------

export interface TestCa {
  caPem: string;
  /** Server key and certificate for localhost / 127.0.0.1, signed by the CA. */
  key: string;
  cert: string;
}

/** A private CA and a localhost server certificate made with the openssl command, as a county IT team would. */
export function makeCertificates(dir = mkdtempSync(join(tmpdir(), 'county-ca-'))): TestCa {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=示例县教育局内网 CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-utf8']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '30', '-extfile', 'ext.cnf']);
  return {
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
  };
}
