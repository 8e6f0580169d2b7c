// A desk process that imports freshly made pages as fast as it can and prints an acknowledgement after
// each import returns. blobKill.test.ts kills it at random moments. Not used by production code.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { openTestDesk, ADMIN } from './desk';

async function main(): Promise<void> {
  const [dataDir, applicationId, materialKey] = process.argv.slice(2);
  if (!dataDir || !applicationId || !materialKey) throw new Error('usage: blobKillWorker <dataDir> <applicationId> <materialKey>');
  const desk = await openTestDesk(dataDir);
  await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  process.stdout.write('READY\n');
  for (;;) {
    // Noise does not compress: each page is a new, large blob, so kills often land inside a write.
    const png = await sharp(randomBytes(700 * 990 * 3), { raw: { width: 700, height: 990, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
    const r = await desk.call('documents.importFile', { applicationId, materialKey, source: 'camera', dataBase64: png.toString('base64') });
    for (const p of r.pages) process.stdout.write(`ACK ${p.id} ${p.sha256}\n`);
    // Stay under the per-item limit by removing the oldest page, which kills also interrupt.
    if ((r.pages[0]?.pageNo ?? 0) >= 30) {
      const oldest = (await desk.call('documents.list', { applicationId })).items[0]?.pages[0];
      if (oldest) {
        process.stdout.write(`REMOVING ${oldest.id}\n`);
        await desk.call('documents.removePage', { pageId: oldest.id });
        process.stdout.write(`REMOVED ${oldest.id}\n`);
      }
    }
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
