import { resolve } from 'node:path';
import { format } from '../shared/i18n/zhCN';
import { serverText } from '../shared/i18n/zhCN.server';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  pgSchema: string | undefined;
  /**
   * GB/T 2260 code from COUNTY_CODE. Required to serve; fixed in the database at first start (a different code
   * later is refused). Admin commands may leave it out and take the stored one.
   */
  countyCode: string | undefined;
  /** TRUST_PROXY: proxies whose X-Forwarded-For gives the client's address (e.g. `127.0.0.1` or `10.0.0.0/8`). */
  trustProxy?: string | undefined;
  /** BLOB_STORE: page bytes on this host's disk (default) or in PostgreSQL, shared by every replica. */
  blobStore?: 'disk' | 'postgres';
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? '8787');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0–65535, got ${env.PORT}`);
  const blobStore = env.BLOB_STORE || 'disk';
  if (blobStore !== 'disk' && blobStore !== 'postgres') throw new Error(format(serverText.admin.blobStore, { value: blobStore }));
  if (blobStore === 'postgres' && !env.DATABASE_URL) throw new Error(serverText.admin.blobStoreNeedsPg);
  return {
    blobStore,
    host: env.HOST || '127.0.0.1',
    port,
    dataDir: resolve(env.SERVER_DATA_DIR || './server-data'),
    databaseUrl: env.DATABASE_URL || undefined,
    pgSchema: env.DATABASE_SCHEMA || undefined,
    countyCode: env.COUNTY_CODE || undefined,
    trustProxy: env.TRUST_PROXY || undefined,
  };
}
