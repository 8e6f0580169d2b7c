import { create } from 'zustand';
import type { RpcError } from '../../../../shared/contract';
import type { ArchiveInfo, BackupProgress, BackupRecord, BackupStatus } from '../../../../shared/contract/backup';
import { deskClient } from '../../transport';

export interface ChosenArchive {
  token: string;
  info: ArchiveInfo;
}

interface BackupStore {
  status: BackupStatus | null;
  archives: ArchiveInfo[];
  progress: BackupProgress | null;
  lastRun: BackupRecord | null;
  busy: 'folder' | 'run' | 'passphrase' | 'restore' | null;
  error: RpcError | null;
  load: () => Promise<void>;
  loadArchives: () => Promise<void>;
  chooseFolder: () => Promise<void>;
  run: (otherFolder: boolean) => Promise<void>;
  setPassphrase: (passphrase: string, confirm: string) => Promise<RpcError | null>;
  /** Pick an archive from the backup folder (by name) or in the system dialog; null when cancelled. */
  chooseArchive: (fileName?: string) => Promise<ChosenArchive | RpcError | null>;
  restore: (token: string, passphrase: string | undefined) => Promise<{ ok: true; opened: boolean; reenrollNeeded: boolean } | RpcError>;
  clearError: () => void;
}

export const useBackupStore = create<BackupStore>()((set, get) => ({
  status: null,
  archives: [],
  progress: null,
  lastRun: null,
  busy: null,
  error: null,
  async load() {
    const res = await deskClient().call('backup.getStatus', {});
    if (res.ok) set({ status: res.value, progress: res.value.running });
    else set({ error: res.error });
  },
  async loadArchives() {
    const res = await deskClient().call('backup.listArchives', {});
    set(res.ok ? { archives: res.value } : { archives: [] });
  },
  async chooseFolder() {
    set({ busy: 'folder', error: null });
    const res = await deskClient().call('backup.chooseFolder', {});
    set({ busy: null, ...(res.ok ? { status: res.value } : { error: res.error }) });
    if (res.ok) void get().loadArchives();
  },
  async run(otherFolder) {
    set({ busy: 'run', error: null, lastRun: null });
    const res = await deskClient().call('backup.run', otherFolder ? { otherFolder: true } : {});
    set({ busy: null, progress: null, ...(res.ok ? { lastRun: res.value } : { error: res.error }) });
    await get().load();
    void get().loadArchives();
  },
  async setPassphrase(passphrase, confirm) {
    set({ busy: 'passphrase' });
    const res = await deskClient().call('backup.setRecoveryPassphrase', { passphrase, confirm });
    set({ busy: null, ...(res.ok ? { status: res.value } : {}) });
    return res.ok ? null : res.error;
  },
  async chooseArchive(fileName) {
    const res = await deskClient().call('backup.chooseArchive', fileName ? { fileName } : {});
    return res.ok ? res.value : res.error;
  },
  async restore(token, passphrase) {
    set({ busy: 'restore' });
    const res = await deskClient().call('backup.restore', passphrase ? { token, passphrase } : { token });
    set({ busy: null });
    return res.ok ? { ok: true as const, opened: res.value.opened, reenrollNeeded: res.value.reenrollNeeded } : res.error;
  },
  clearError: () => set({ error: null }),
}));

/** Progress of a backup or restore, pushed by the core while it works. */
export function watchProgress(): () => void {
  return deskClient().on('backup.progress', (p) => useBackupStore.setState({ progress: p.phase === 'done' || p.phase === 'failed' ? null : p }));
}

export function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
