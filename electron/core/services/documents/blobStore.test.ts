import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { BlobStore } from './blobStore';

const dirs: string[] = [];
function store(key = randomBytes(32)): BlobStore {
  const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
  dirs.push(dir);
  return new BlobStore(dir, key);
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SIGNATURES: Array<[string, Buffer]> = [
  ['JPEG', Buffer.from([0xff, 0xd8, 0xff])],
  ['PNG', Buffer.from('\x89PNG', 'latin1')],
  ['PDF', Buffer.from('%PDF')],
  ['JFIF', Buffer.from('JFIF')],
  ['IHDR', Buffer.from('IHDR')],
];

describe('BlobStore', () => {
  it('stores by the SHA-256 of the plaintext, reads it back, and stores the same bytes once', () => {
    const s = store();
    const bytes = randomBytes(5000);
    const a = s.put(bytes);
    expect(a).toEqual({ sha256: BlobStore.hash(bytes), bytes: 5000, existed: false });
    expect(s.has(a.sha256)).toBe(true);
    expect(s.read(a.sha256).equals(bytes)).toBe(true);
    const b = s.put(Buffer.from(bytes));
    expect(b.existed).toBe(true);
    expect(s.list().blobs).toEqual([a.sha256]);
  });

  it('encrypts at rest: raw files carry none of the images\' or PDF\'s signatures or content', async () => {
    const s = store();
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c33' } }).jpeg().toBuffer();
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3c3' } }).png().toBuffer();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    for (const plain of [jpeg, png, pdf]) {
      const { sha256 } = s.put(plain);
      const raw = readFileSync(s.pathOf(sha256));
      for (const [name, sig] of SIGNATURES) expect(raw.includes(sig), `${name} in raw blob`).toBe(false);
      expect(raw.includes(plain.subarray(0, 16))).toBe(false);
      expect(s.read(sha256).equals(plain)).toBe(true);
    }
  });

  it.each([true, false])('refuses a blob read with another key, an altered byte, or a file moved to another name (hash re-checked: %s)', (verifyHash) => {
    const key = randomBytes(32);
    const s = store(key);
    const one = s.put(Buffer.from('第一页'));
    const two = s.put(Buffer.from('第二页'));
    expect(s.read(one.sha256, { verifyHash }).toString()).toBe('第一页');
    expect(() => new BlobStore(s.dir, randomBytes(32)).read(one.sha256, { verifyHash })).toThrow(/校验失败/);
    const raw = readFileSync(s.pathOf(one.sha256));
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    writeFileSync(s.pathOf(one.sha256), raw);
    expect(() => s.read(one.sha256, { verifyHash })).toThrow(/校验失败/);
    writeFileSync(s.pathOf(one.sha256), readFileSync(s.pathOf(two.sha256)));
    expect(() => s.read(one.sha256, { verifyHash })).toThrow(/校验失败/);
    expect(() => s.read('0'.repeat(64), { verifyHash })).toThrow(/找不到/);
  });

  it('lists leftover temp files separately and removes only well-formed temp names', () => {
    const s = store();
    const { sha256 } = s.put(Buffer.from('x'));
    const tmp = `${sha256.slice(0, 2)}/${sha256}.a1b2c3d4e5f6.tmp`;
    writeFileSync(join(s.dir, tmp), 'half');
    expect(s.list()).toEqual({ blobs: [sha256], temps: [tmp] });
    expect(() => s.removeTemp('../../etc/passwd')).toThrow();
    s.removeTemp(tmp);
    expect(readdirSync(join(s.dir, sha256.slice(0, 2)))).toEqual([sha256]);
  });
});
