import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import { openStore, type Store } from '../db/open';
import { loadCounty } from '../services/counters';
import { CONSOLE_CSP } from './consoleStatic';

describe('console static files', () => {
  let dir: string;
  let app: FastifyInstance;
  let store: Store;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-static-'));
    const built = join(dir, 'console');
    mkdirSync(join(built, 'assets'), { recursive: true });
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(built, 'lookup.html'), '<!doctype html><title>lookup</title>');
    writeFileSync(join(built, 'assets', 'app-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'not public');
    store = await openStore({ dataDir: dir });
    const county = await loadCounty(store.db, '379901');
    app = await buildApp({ store, county, dataDir: dir, consoleDir: built });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers any console path with the app and a strict CSP (SPA fallback)', async () => {
    for (const url of ['/console/', '/console/queue', '/console/applications/0a1b?from=queue']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<title>console</title>');
      expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toMatch(/script-src[^;]*unsafe/);
    const bare = await app.inject({ method: 'GET', url: '/console' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/console/');
  });

  it('serves the public lookup page without sign-in', async () => {
    const res = await app.inject({ method: 'GET', url: '/lookup' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>lookup</title>');
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
  });

  it('serves hashed assets for a year and nothing outside the assets folder', async () => {
    const js = await app.inject({ method: 'GET', url: '/console/assets/app-abc.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.headers['cache-control']).toContain('immutable');
    for (const url of ['/console/assets/missing.js', '/console/assets/..%2F..%2Fsecret.txt', '/console/assets/../../secret.txt', '/console/assets/%2e%2e/secret.txt']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain('not public');
    }
    const missing = await app.inject({ method: 'GET', url: '/console/assets/missing.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('never answers an unknown API path with the app', async () => {
    const res = await app.inject({ method: 'GET', url: '/console/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const post = await app.inject({ method: 'POST', url: '/console/queue', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.body).not.toContain('<title>');
  });

  it('says in Chinese how to build the console when it is missing', async () => {
    const county = await loadCounty(store.db, '379901');
    const bare = await buildApp({ store, county, dataDir: dir, consoleDir: join(dir, 'nothing') });
    const res = await bare.inject({ method: 'GET', url: '/console/queue' });
    expect(res.statusCode).toBe(503);
    expect((JSON.parse(res.body) as { detail: string }).detail).toContain('npm run build:console');
    await bare.close();
  });
});
