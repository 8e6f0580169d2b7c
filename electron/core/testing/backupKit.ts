// Helpers for the backup tests and bench. Not used by production code.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestDesk } from './desk';

export const PASSPHRASE = '县城东门老槐树下 2026 春';

/** Choose `folder` in the (fake) folder dialog and back up into it; returns the archive's path. */
export async function backUp(desk: TestDesk, folder: string): Promise<string> {
  desk.ports.fileDialog.folders.push(folder);
  await desk.call('backup.chooseFolder', {});
  const record = await desk.call('backup.run', {});
  if (!record) throw new Error('backup cancelled');
  return join(folder, record.fileName);
}

/** SHA-256 of every page of an application, read back in full through the desk (decrypted, as staff see them). */
export async function pageBytes(desk: TestDesk, applicationId: string): Promise<string[]> {
  const { items } = await desk.call('documents.list', { applicationId });
  const out: string[] = [];
  for (const item of items) {
    for (const p of item.pages) {
      const page = await desk.call('documents.getPage', { pageId: p.id });
      out.push(createHash('sha256').update(Buffer.from(page.dataBase64, 'base64')).digest('hex'));
    }
  }
  return out;
}

/** Names of the blob files in a desk's store. */
export function blobFiles(desk: TestDesk): string[] {
  const dir = join(desk.dataDir, 'blobs');
  return readdirSync(dir).flatMap((sub) => (/^[0-9a-f]{2}$/.test(sub) ? readdirSync(join(dir, sub)).filter((n) => /^[0-9a-f]{64}$/.test(n)) : []));
}
