// The Scanner port on Windows: WIA 2.0 through its automation layer (WIA.DeviceManager, wiaaut.dll, part of
// Windows since Vista), driven by a PowerShell script. The device id and settings reach the script through
// environment variables, never through the script text. Pages are saved as PNG into a temporary folder and
// read back only when the whole run succeeded, so a scan stores all of its pages or none (as with SANE).
//
// Not run on this project's CI (no Windows there): the script text and the error mapping are unit-tested;
// the rest follows the documented WIA automation API.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeskError } from '../../../../shared/contract/result';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import type { Scanner, ScannerDevice, ScanRequest } from '../../ports';
import { runTool, type ToolResult } from './runTool';

/** WIA error codes (wia.h) the clerk can act on. */
export const WIA_ERRORS = {
  PAPER_JAM: 0x80210002,
  PAPER_EMPTY: 0x80210003,
  OFFLINE: 0x80210005,
  BUSY: 0x80210006,
  DEVICE_COMMUNICATION: 0x8021000a,
  COVER_OPEN: 0x80210016,
  DEVICE_LOCKED: 0x8021000d,
  NO_DEVICE: 0x80210015,
  INVALID_VALUE: 0x80070057,
} as const;

const PNG_FORMAT = '{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}';

const PRELUDE = `$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
function Fail($e) { [Console]::Error.WriteLine(('DESK-WIA {0:X8} {1}' -f $e.Exception.HResult, $e.Exception.Message)); exit 3 }
try { $dm = New-Object -ComObject WIA.DeviceManager } catch { [Console]::Error.WriteLine('DESK-WIA NO-WIA'); exit 2 }`;

/** Lists scanners (WIA device type 1) as `id<TAB>manufacturer<TAB>name` lines. */
export const WIA_LIST_SCRIPT = `${PRELUDE}
try {
  foreach ($d in $dm.DeviceInfos) {
    if ($d.Type -eq 1) {
      '{0}\t{1}\t{2}' -f $d.DeviceID, $d.Properties.Item('Manufacturer').Value, $d.Properties.Item('Name').Value
    }
  }
} catch { Fail $_ }`;

/**
 * Scans with the device and settings in DESK_WIA_* variables into the current folder as page-NNN.png.
 * WIA properties: 3088 document handling select (1 feeder, 2 flatbed), 6146 current intent (1 colour,
 * 2 grayscale, 4 text), 6147/6148 horizontal/vertical resolution.
 */
export const WIA_SCAN_SCRIPT = `${PRELUDE}
$info = $null
foreach ($d in $dm.DeviceInfos) { if ($d.DeviceID -eq $env:DESK_WIA_DEVICE) { $info = $d } }
if ($null -eq $info) { [Console]::Error.WriteLine('DESK-WIA NOT-FOUND'); exit 4 }
try { $dev = $info.Connect() } catch { Fail $_ }
$feeder = $env:DESK_WIA_SOURCE -eq 'adf'
try { $dev.Properties.Item('3088').Value = $(if ($feeder) { 1 } else { 2 }) } catch { if ($feeder) { Fail $_ } }
$item = $dev.Items.Item(1)
function SetProp($id, $value) { try { $item.Properties.Item($id).Value = $value } catch { [Console]::Error.WriteLine(('DESK-WIA OPTION {0}' -f $id)); exit 5 } }
SetProp '6146' ([int]$env:DESK_WIA_INTENT)
SetProp '6147' ([int]$env:DESK_WIA_DPI)
SetProp '6148' ([int]$env:DESK_WIA_DPI)
$max = [int]$env:DESK_WIA_MAX
$n = 0
while ($n -lt $max) {
  try { $img = $item.Transfer('${PNG_FORMAT}') }
  catch {
    # HResult is a signed 32-bit number: compare its hex form. The feeder running out after a page is the end.
    if ($feeder -and $n -gt 0 -and ('{0:X8}' -f $_.Exception.HResult) -eq '${WIA_ERRORS.PAPER_EMPTY.toString(16).toUpperCase()}') { break }
    Fail $_
  }
  $n++
  $img.SaveFile((Join-Path (Get-Location) ('page-{0:D3}.png' -f $n)))
}`;

export interface WiaOptions {
  /** PowerShell executable; default `powershell.exe` (Windows PowerShell 5.1, present on every Windows 10+). */
  command?: string;
  timeoutMs?: number;
}

export class WiaScanner implements Scanner {
  readonly driver = 'wia' as const;
  constructor(private readonly options: WiaOptions = {}) {}

  private run(script: string, env: Record<string, string>, cwd: string | undefined, timeoutMs: number): Promise<ToolResult> {
    const args = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encodePowerShell(script)];
    return runTool(this.options.command ?? 'powershell.exe', args, { cwd, env: { ...process.env, ...env }, timeoutMs });
  }

  async listDevices(): Promise<ScannerDevice[]> {
    const r = await this.run(WIA_LIST_SCRIPT, {}, undefined, 30_000);
    if (r.code !== 0 || r.signal) throw wiaError(r, '');
    return parseWiaDevices(r.stdout.toString('utf8'));
  }

  async scan(req: ScanRequest, dir: string): Promise<Buffer[]> {
    const r = await this.run(WIA_SCAN_SCRIPT, wiaScanEnv(req), dir, this.options.timeoutMs ?? 180_000);
    if (r.code !== 0 || r.signal) throw wiaError(r, req.deviceId);
    const files = readdirSync(dir).filter((f) => /^page-\d{3}\.png$/.test(f)).sort();
    if (files.length === 0) throw new DeskError('SCANNER_NO_PAPER');
    return files.map((f) => readFileSync(join(dir, f)));
  }
}

/** The script's settings as environment variables (never spliced into the script text). */
export function wiaScanEnv(req: ScanRequest): Record<string, string> {
  return {
    DESK_WIA_DEVICE: req.deviceId,
    DESK_WIA_SOURCE: req.source,
    DESK_WIA_INTENT: String(req.mode === 'color' ? 1 : req.mode === 'gray' ? 2 : 4),
    DESK_WIA_DPI: String(req.resolution),
    DESK_WIA_MAX: String(req.source === 'adf' ? req.maxPages : 1),
  };
}

/** PowerShell's -EncodedCommand: base64 of the UTF-16LE script (no quoting problems, no temp file). */
export function encodePowerShell(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

export function parseWiaDevices(stdout: string): ScannerDevice[] {
  return stdout
    .split(/\r?\n/)
    .filter((l) => l.includes('\t'))
    .map((l) => {
      const [id = '', vendor = '', model = ''] = l.split('\t');
      return { id, vendor, model, type: 'WIA' };
    });
}

/** The script's `DESK-WIA …` line → the specific Chinese error the clerk can act on. */
export function wiaError(r: ToolResult, device: string): DeskError {
  if (r.signal) return new DeskError('SCANNER_GONE', { reason: zhCN.documents.scannerReasons.aborted });
  const line = r.stderr.split(/\r?\n/).find((l) => l.startsWith('DESK-WIA ')) ?? '';
  if (line === 'DESK-WIA NO-WIA') return new DeskError('SCANNER_NO_DRIVER');
  if (line === 'DESK-WIA NOT-FOUND') return new DeskError('SCANNER_NOT_FOUND', { device });
  const option = /^DESK-WIA OPTION (\d+)/.exec(line);
  if (option) return new DeskError('SCANNER_OPTION', { option: WIA_OPTION_NAMES[option[1] ?? ''] ?? `WIA ${option[1]}` });
  const m = /^DESK-WIA ([0-9A-F]{8}) ?(.*)$/.exec(line);
  const code = m ? parseInt(m[1] ?? '0', 16) : NaN;
  const reason = (m?.[2] ?? '').trim().slice(0, 120) || format(zhCN.documents.scannerReasons.exitCode, { code: String(r.code) });
  switch (code) {
    case WIA_ERRORS.PAPER_JAM:
      return new DeskError('SCANNER_JAMMED');
    case WIA_ERRORS.PAPER_EMPTY:
      return new DeskError('SCANNER_NO_PAPER');
    case WIA_ERRORS.BUSY:
    case WIA_ERRORS.DEVICE_LOCKED:
      return new DeskError('SCANNER_BUSY');
    case WIA_ERRORS.NO_DEVICE:
      return new DeskError('SCANNER_NOT_FOUND', { device });
    case WIA_ERRORS.INVALID_VALUE:
      return new DeskError('SCANNER_OPTION', { option: reason });
    default:
      return new DeskError('SCANNER_GONE', { reason });
  }
}

const WIA_OPTION_NAMES: Record<string, string> = {
  '6146': zhCN.documents.scannerOptions.colorMode,
  '6147': zhCN.documents.scannerOptions.resolution,
  '6148': zhCN.documents.scannerOptions.resolution,
};
