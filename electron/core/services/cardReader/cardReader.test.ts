// The ID-card reader through the real koffi driver, against a stand-in vendor library compiled from C here
// (testing/cardReaderStandin/idcard_standin.c) that speaks the vendors' interfaces and encodes cards as the chip holds them.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDesk, setUpDesk, type TestDesk } from '../../testing/desk';
import { decodeCard, splitFields } from './decode';
import { buildStandin, CARDS, setStandin, type StandinVariant } from '../../testing/cardReaderStandin/build';

const TODAY = new Date('2026-06-15T09:00:00+08:00');
let dir: string;
let control: string;
let callLog: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-card-test-'));
  control = join(dir, 'control.txt');
  callLog = join(dir, 'calls.log');
  process.env.IDCARD_STANDIN_CONTROL = control;
  process.env.IDCARD_STANDIN_LOG = callLog;
});
afterAll(() => {
  delete process.env.IDCARD_STANDIN_CONTROL;
  delete process.env.IDCARD_STANDIN_LOG;
  rmSync(dir, { recursive: true, force: true });
});

/** A card text block as the reader libraries hand it over, built here independently of the stand-in. */
function cardBlock(fields: Array<[string, number]>, kind = ' '): Buffer {
  const buf = Buffer.alloc(256, 0);
  let offset = 0;
  for (const [value, units] of fields) {
    const enc = Buffer.from(value, 'utf16le');
    buf.fill(Buffer.from(' ', 'utf16le'), offset, offset + units * 2);
    enc.copy(buf, offset, 0, Math.min(enc.length, units * 2));
    offset += units * 2;
  }
  buf.write(kind, 248, 'latin1');
  return buf;
}
const ok = (name: string, id = '371102198805120018'): Array<[string, number]> => [
  [name, 15], ['1', 1], ['01', 2], ['19880512', 8], ['山东省日照市', 35], [id, 18], ['日照市公安局', 15], ['20180601', 8], ['20380601', 8], ['', 18],
];

describe('decoding the card text block', () => {
  it('decodes surrogate pairs exactly and trims only the padding', () => {
    const card = decodeCard(cardBlock(ok('𠮷 永康')), '2026-06-15');
    expect(card.name).toBe('𠮷 永康');
    expect([...card.name][0]?.codePointAt(0)).toBe(0x20bb7);
    expect(card).toMatchObject({ sex: 'M', ethnicity: '汉', birthDate: '1988-05-12', validTo: '2038-06-01', expired: false, kind: 'resident_id' });
  });

  it('refuses a lone surrogate (a damaged read) instead of inventing a character', () => {
    const block = cardBlock(ok('𠮷永康'));
    block.writeUInt16LE(0x0020, 2); // the low half of 𠮷 is lost
    expect(() => splitFields(block)).toThrow(/姓名含有无法识别的字符/);
  });

  it('refuses an ID number whose check digit is wrong and a block of the wrong length', () => {
    expect(() => decodeCard(cardBlock(ok('张三', '371102198805120017')), '2026-06-15')).toThrow(/校验不通过/);
    expect(() => decodeCard(Buffer.alloc(100), '2026-06-15')).toThrow(/256 字节/);
  });
});

describe.each<StandinVariant>(['sdtapi', 'termb', 'termb-old'])('reading cards through the %s interface', (variant) => {
  let desk: TestDesk;
  let lib: string;
  let cwdBefore: string[];

  beforeAll(() => {
    lib = buildStandin(variant);
  });
  beforeEach(async () => {
    setStandin(control, { card: null });
    rmSync(callLog, { force: true });
    cwdBefore = readdirSync(process.cwd());
    desk = await openTestDesk();
    desk.ports.clock.set(TODAY);
    await setUpDesk(desk);
    const status = await desk.call('cardReader.configure', { libraryPath: lib, port: null });
    expect(status).toMatchObject({ state: 'ready', family: variant.startsWith('termb') ? 'termb' : 'sdtapi', port: 1001 });
  });
  afterEach(() => {
    desk.cleanup();
    // The library's files never stay behind (the termb family writes wz.txt; nothing writes a photo). Dot entries
    // are other test files' (the kill tests build their worker into .tmp/ meanwhile), never a vendor library's.
    expect(readdirSync(process.cwd()).filter((f) => !cwdBefore.includes(f) && !f.startsWith('.'))).toEqual([]);
  });

  it('reads a name with a character outside the BMP, every text field, and leaves no photo anywhere', async () => {
    setStandin(control, { card: CARDS.rare });
    const read = await desk.call('cardReader.read', {});
    expect(read).toEqual({
      state: 'card',
      readAt: expect.stringMatching(/^2026-06-15T01:00/) as string,
      card: {
        kind: 'resident_id',
        name: '𠮷永康',
        sex: 'M',
        ethnicity: '汉',
        birthDate: '1988-05-12',
        address: '山东省日照市东港区秦楼街道海曲东路88号锦绣小区3号楼2单元501室',
        idNumber: '371102198805120018',
        issuer: '日照市公安局东港分局',
        validFrom: '2018-06-01',
        validTo: '2038-06-01',
        expired: false,
      },
    });
    const calls = readFileSync(callLog, 'utf8');
    if (variant === 'termb') expect(calls).toContain('Read_Content_Path 2'); // text only: no photo files
    if (variant === 'termb-old') expect(calls).toContain('Read_Content 2');
    const audit = await desk.call('audit.list', { limit: 5 });
    expect(audit.find((a) => a.action === 'cardReader.cardRead')).toMatchObject({ target: '3711**********0018', details: { by: 'key', expired: false } });
  });

  it('keeps a minority name with its middle dot and a long-term card', async () => {
    setStandin(control, { card: CARDS.dotted });
    const read = await desk.call('cardReader.read', {});
    expect(read.state === 'card' && read.card).toMatchObject({ name: '阿依古丽·买买提', sex: 'F', ethnicity: '维吾尔', validTo: null, expired: false });
  });

  it('flags an expired card (still read: the clerk decides)', async () => {
    setStandin(control, { card: CARDS.expired });
    const read = await desk.call('cardReader.read', {});
    expect(read.state === 'card' && read.card).toMatchObject({ name: '王秀英', validTo: '2025-01-01', expired: true });
  });

  it('says so when no card lies on the reader', async () => {
    expect((await desk.fail('cardReader.read', {})).code).toBe('CARD_NO_CARD');
    expect(await desk.call('cardReader.poll', {})).toEqual({ state: 'noCard' });
  });

  it('a read error keeps nothing and says to try again', async () => {
    setStandin(control, { card: CARDS.rare, fail: 'read_error' });
    const err = await desk.fail('cardReader.read', {});
    expect(err.code).toBe('CARD_READ_FAILED');
    expect(err.message).toContain('F2');
    setStandin(control, { card: CARDS.rare });
    expect((await desk.call('cardReader.read', {})).state).toBe('card');
  });

  it('a card lifted mid-read yields nothing from the partial data, and the reader is empty afterwards', async () => {
    setStandin(control, { card: CARDS.dotted, fail: 'removed' });
    expect((await desk.fail('cardReader.read', {})).code).toBe('CARD_REMOVED');
    expect((await desk.fail('cardReader.read', {})).code).toBe('CARD_NO_CARD');
    setStandin(control, { card: CARDS.dotted });
    expect((await desk.call('cardReader.read', {})).state).toBe('card');
  });

  it('polling delivers a card once per placement', async () => {
    setStandin(control, { card: CARDS.rare });
    expect((await desk.call('cardReader.poll', {})).state).toBe('card');
    expect(await desk.call('cardReader.poll', {})).toEqual({ state: 'same' });
    setStandin(control, { card: CARDS.dotted });
    const other = await desk.call('cardReader.poll', {});
    expect(other.state === 'card' && other.card.name).toBe('阿依古丽·买买提');
    setStandin(control, { card: null });
    expect(await desk.call('cardReader.poll', {})).toEqual({ state: 'noCard' });
    setStandin(control, { card: CARDS.dotted });
    expect((await desk.call('cardReader.poll', {})).state).toBe('card');
  });

  it('reads a Hong Kong/Macao/Taiwan residence permit and refuses a foreigner card with a message', async () => {
    setStandin(control, { card: CARDS.hmt });
    const read = await desk.call('cardReader.read', {});
    expect(read.state === 'card' && read.card).toMatchObject({ kind: 'hmt_residence_permit', idNumber: '810000198709090013', ethnicity: null });
    setStandin(control, { card: CARDS.foreigner });
    const err = await desk.fail('cardReader.read', {});
    expect(err).toMatchObject({ code: 'CARD_UNSUPPORTED' });
    expect(err.message).toContain('外国人永久居留身份证');
  });
});

describe('finding the library and the reader', () => {
  let desk: TestDesk;
  beforeEach(async () => {
    setStandin(control, { card: null });
    desk = await openTestDesk();
    await setUpDesk(desk);
  });
  afterEach(() => desk.cleanup());

  it('asks an administrator to set the library up when none is configured', async () => {
    expect(await desk.call('cardReader.status', {})).toMatchObject({ state: 'notConfigured', config: { libraryPath: null, port: null } });
    const err = await desk.fail('cardReader.read', {});
    expect(err.code).toBe('CARD_READER_NOT_CONFIGURED');
    expect(err.message).toContain('系统设置');
  });

  it('names a missing library file, a file that is no library and a library without the interface', async () => {
    const missing = await desk.call('cardReader.configure', { libraryPath: join(dir, 'termb.so'), port: null });
    expect(missing).toMatchObject({ state: 'error', error: { code: 'CARD_READER_NO_LIBRARY' } });
    expect(missing.error?.message).toContain(join(dir, 'termb.so'));

    const notALibrary = await desk.call('cardReader.configure', { libraryPath: control, port: null });
    expect(notALibrary).toMatchObject({ state: 'error', error: { code: 'CARD_READER_BAD_LIBRARY' } });
    expect(notALibrary.error?.message).toContain('系统无法载入该文件');

    const neither = await desk.call('cardReader.configure', { libraryPath: buildStandin('neither'), port: null });
    expect(neither).toMatchObject({ state: 'error', error: { code: 'CARD_READER_BAD_LIBRARY' } });
    expect(neither.error?.message).toContain('SDT_OpenPort 或 InitComm');
  });

  it('says no reader is connected, with the ports it tried, and finds it once it is plugged in', async () => {
    setStandin(control, { reader: 'absent' });
    const absent = await desk.call('cardReader.configure', { libraryPath: buildStandin('termb'), port: null });
    expect(absent).toMatchObject({ state: 'error', error: { code: 'CARD_READER_NOT_FOUND' } });
    expect(absent.error?.message).toContain('USB 1001');
    expect((await desk.fail('cardReader.read', {})).code).toBe('CARD_READER_NOT_FOUND');

    setStandin(control, { reader: 'present', port: 1003, card: CARDS.rare });
    expect(await desk.call('cardReader.status', {})).toMatchObject({ state: 'ready', port: 1003 });
    expect((await desk.call('cardReader.read', {})).state).toBe('card');
  });

  it('uses only the configured port when one is set', async () => {
    setStandin(control, { port: 1003 });
    const wrong = await desk.call('cardReader.configure', { libraryPath: buildStandin('sdtapi'), port: 1001 });
    expect(wrong).toMatchObject({ state: 'error', error: { code: 'CARD_READER_NOT_FOUND' } });
    expect(wrong.error?.message).toContain('USB 1001');
    expect(wrong.error?.message).not.toContain('1002');
  });

  it('records configuration changes in the audit log', async () => {
    await desk.call('cardReader.configure', { libraryPath: buildStandin('sdtapi'), port: null });
    const audit = await desk.call('audit.list', { limit: 3 });
    expect(audit.find((a) => a.action === 'cardReader.configured')).toBeTruthy();
    expect(existsSync(buildStandin('sdtapi'))).toBe(true);
  });
});
