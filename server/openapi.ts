import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app';
import { loadCounty } from './services/counters';
import { openStore } from './db/open';

export const OPENAPI_FILE = join(import.meta.dirname, 'openapi.json');

/** The OpenAPI document exactly as the server serves it at /openapi.json (built from the zod schemas). */
export async function generateOpenApi(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'county-openapi-'));
  const store = await openStore({ dataDir });
  try {
    const app = await buildApp({ store, county: await loadCounty(store.db, '379901'), dataDir });
    await app.ready();
    const text = JSON.stringify(app.swagger(), null, 2) + '\n';
    await app.close();
    return text;
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// `npx tsx server/openapi.ts` rewrites server/openapi.json.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  void generateOpenApi().then((text) => {
    writeFileSync(OPENAPI_FILE, text);
    console.log(`wrote ${OPENAPI_FILE}`);
  });
}
