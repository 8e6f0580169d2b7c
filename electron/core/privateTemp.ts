import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Under the data dir: one folder per process that needs scratch files, so one never sweeps the other's jobs. */
export const PRIVATE_TEMP_DIR = 'tmp';

/**
 * Scratch space for files that hold personal data in the clear for a moment: a decrypted PDF handed to the printer,
 * pages a scanner writes, the text an ID-card reader leaves. It lives inside the desk's data folder (never the
 * shared system temp folder, which other accounts and cleaners can read), is readable by this OS account only
 * (0700 folders, 0600 files; Windows keeps the user profile private), every job's folder is removed when the job
 * ends, and whatever a crash left behind is removed at the next start.
 */
export class PrivateTemp {
  readonly root: string;

  /** `purpose` names this process's folder: `print` (the Electron shell), `core` (the core's process). */
  constructor(
    private readonly dataDir: string,
    purpose: string,
  ) {
    this.root = join(dataDir, PRIVATE_TEMP_DIR, purpose);
  }

  /** At start: make the folder private (replacing anything that is not a plain folder) and empty it. */
  sweep(): void {
    mkdirSync(this.dataDir, { recursive: true });
    makePrivateDir(join(this.dataDir, PRIVATE_TEMP_DIR));
    makePrivateDir(this.root);
    for (const name of readdirSync(this.root)) rmSync(join(this.root, name), { recursive: true, force: true });
  }

  /** Runs `job` with a fresh private folder that is removed afterwards, whether the job succeeds or not. */
  async withDir<T>(prefix: string, job: (dir: string) => Promise<T>): Promise<T> {
    const dir = this.newDir(prefix);
    try {
      return await job(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private newDir(prefix: string): string {
    // The folder may have been removed while the desk runs (a cleaner, an admin): recreate it privately.
    makePrivateDir(join(this.dataDir, PRIVATE_TEMP_DIR));
    makePrivateDir(this.root);
    return mkdtempSync(join(this.root, `${prefix}-`));
  }
}

/** A folder only this account can enter. A symlink or file in its place is removed first, never followed. */
function makePrivateDir(dir: string): void {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    stat = null;
  }
  if (stat && !stat.isDirectory()) {
    unlinkSync(dir);
    stat = null;
  }
  if (!stat) mkdirSync(dir, { mode: 0o700 });
  else if ((stat.mode & 0o077) !== 0 && process.platform !== 'win32') chmodSync(dir, 0o700);
}
