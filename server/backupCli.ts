import { format } from '../shared/i18n/zhCN';
import { serverText } from '../shared/i18n/zhCN.server';
import { type ServerConfig } from './config';
import { openStore } from './db/open';
import { loadCounty } from './services/counters';
import { backupServer, restoreServer } from './services/backup';

const t = serverText.backup;

/** `backup <folder>` (the server may run) and `restore <backup folder>` (server stopped, empty target). */
export async function runBackupCli(command: 'backup' | 'restore', target: string | undefined, config: ServerConfig, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (!target) {
    err(t.usage);
    return 2;
  }
  try {
    switch (command) {
      case 'backup': {
        const store = await openStore(config);
        try {
          const county = await loadCounty(store.db, config.countyCode);
          const { dir, manifest } = await backupServer(store, config, county.countyCode, target, new Date());
          out(format(t.done, { dir, database: manifest.database.file, bytes: manifest.database.bytes, blobs: manifest.blobs.count }));
        } finally {
          await store.close();
        }
        return 0;
      }
      case 'restore': {
        const manifest = await restoreServer(config, target);
        out(format(t.restored, { dir: target, database: manifest.database.file, blobs: manifest.blobs.count }));
        return 0;
      }
    }
  } catch (e: unknown) {
    err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}
