// WIA cannot run here (no Windows); what can be checked is checked: the settings the script receives, that
// nothing the clerk chose is spliced into the script text, the encoding PowerShell expects, device
// parsing, and the mapping of every WIA failure to its Chinese message.
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { zhCN } from '../../../../shared/i18n/zhCN';
import { encodePowerShell, parseWiaDevices, WIA_ERRORS, WIA_SCAN_SCRIPT, wiaError, wiaScanEnv, WiaScanner } from './wia';
import { platformScanner } from './sane';

const fail = (stderr: string, code = 3) => ({ code, signal: null, stdout: Buffer.alloc(0), stderr, lingered: false });
const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');

describe('WIA scanner port', () => {
  it('is the port on Windows', () => {
    expect(platformScanner('win32').driver).toBe('wia');
    expect(platformScanner('linux').driver).toBe('sane');
  });

  it('passes settings through the environment, never through the script text', () => {
    const env = wiaScanEnv({ deviceId: "{6BDD1FC6}\\0001'; Remove-Item C:\\ #", resolution: 300, mode: 'gray', source: 'adf', maxPages: 7 });
    expect(env).toEqual({ DESK_WIA_DEVICE: "{6BDD1FC6}\\0001'; Remove-Item C:\\ #", DESK_WIA_SOURCE: 'adf', DESK_WIA_INTENT: '2', DESK_WIA_DPI: '300', DESK_WIA_MAX: '7' });
    expect(WIA_SCAN_SCRIPT).not.toContain('Remove-Item');
    expect(WIA_SCAN_SCRIPT).toContain('$env:DESK_WIA_DEVICE');
    // The feeder's "paper empty" ends a run after its first page (HResult compared as hex).
    expect(WIA_SCAN_SCRIPT).toContain("-eq '80210003'");
    expect(wiaScanEnv({ deviceId: 'x', resolution: 200, mode: 'bw', source: 'flatbed', maxPages: 9 })).toMatchObject({ DESK_WIA_INTENT: '4', DESK_WIA_MAX: '1' });
    expect(wiaScanEnv({ deviceId: 'x', resolution: 200, mode: 'color', source: 'flatbed', maxPages: 1 }).DESK_WIA_INTENT).toBe('1');
  });

  it('encodes the script as PowerShell -EncodedCommand expects (base64 of UTF-16LE)', () => {
    const encoded = encodePowerShell("'扫描'");
    expect(Buffer.from(encoded, 'base64').toString('utf16le')).toBe("'扫描'");
  });

  it('reads device lines and ignores noise', () => {
    expect(parseWiaDevices('{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001\tCanon\tCanoScan LiDE 300\r\n\r\nWARNING x\r\n')).toEqual([
      { id: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001', vendor: 'Canon', model: 'CanoScan LiDE 300', type: 'WIA' },
    ]);
  });

  it('maps each WIA failure to the specific Chinese message', () => {
    const message = (stderr: string, code?: number) => wiaError(fail(stderr, code), 'dev1').message;
    const e = zhCN.errors;
    expect(message('DESK-WIA NO-WIA', 2)).toBe(e.SCANNER_NO_DRIVER);
    expect(message('DESK-WIA NOT-FOUND', 4)).toContain('dev1');
    expect(message(`DESK-WIA ${hex(WIA_ERRORS.PAPER_JAM)} jam`)).toBe(e.SCANNER_JAMMED);
    expect(message(`DESK-WIA ${hex(WIA_ERRORS.PAPER_EMPTY)} empty`)).toBe(e.SCANNER_NO_PAPER);
    expect(message(`DESK-WIA ${hex(WIA_ERRORS.BUSY)} busy`)).toBe(e.SCANNER_BUSY);
    expect(message(`DESK-WIA ${hex(WIA_ERRORS.NO_DEVICE)} gone`)).toContain('dev1');
    expect(message('DESK-WIA OPTION 6147', 5)).toContain('分辨率');
    expect(message(`DESK-WIA ${hex(WIA_ERRORS.DEVICE_COMMUNICATION)} The device is not connected.`)).toContain('The device is not connected.');
    expect(wiaError({ code: null, signal: 'SIGKILL', stdout: Buffer.alloc(0), stderr: '', lingered: false }, 'dev1').message).toContain('扫描超时');
  });

  it('reports no driver where PowerShell itself is missing', async () => {
    const scanner = new WiaScanner({ command: 'powershell-that-does-not-exist' });
    await expect(scanner.listDevices()).rejects.toMatchObject({ rpc: { code: 'SCANNER_NO_DRIVER' } });
    await expect(scanner.scan({ deviceId: 'x', resolution: 200, mode: 'color', source: 'flatbed', maxPages: 1 }, tmpdir())).rejects.toMatchObject({ rpc: { code: 'SCANNER_NO_DRIVER' } });
  });
});
