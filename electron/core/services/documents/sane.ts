// The Scanner port on Linux: SANE through its command-line frontend `scanimage` (Debian sane-utils).
// Electron main and the test harness both use this; the harness points SANE_CONFIG_DIR at a directory whose
// dll.conf lists SANE's `test` backend, which behaves like a real scanner (flatbed, 10-sheet feeder, errors).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeskError } from '../../../../shared/contract/result';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import type { Scanner, ScannerDevice, ScanRequest } from '../../ports';
import { runTool, type ToolResult } from './runTool';
import { WiaScanner } from './wia';

export interface SaneOptions {
  /** `scanimage` executable; default from PATH. */
  command?: string;
  /** SANE_CONFIG_DIR for the child; default: the system's /etc/sane.d. */
  configDir?: string;
  /** Extra backend options appended to every scan (tests use the test backend's picture and error options). */
  extraArgs?: string[];
  /** A scan that takes longer than this is stopped as a vanished scanner. */
  timeoutMs?: number;
}

type RunResult = ToolResult;

export class SaneScanner implements Scanner {
  readonly driver = 'sane' as const;
  constructor(private readonly options: SaneOptions = {}) {}

  private run(args: string[], cwd?: string, timeoutMs = 15_000): Promise<RunResult> {
    const env = { ...process.env, LC_ALL: 'C' } as NodeJS.ProcessEnv;
    if (this.options.configDir) env.SANE_CONFIG_DIR = this.options.configDir;
    // "Batch terminated, N pages scanned" is scanimage's last line; what follows is only closing the device.
    return runTool(this.options.command ?? 'scanimage', args, { cwd, env, timeoutMs, finishedWhen: /Batch terminated/ });
  }

  async listDevices(): Promise<ScannerDevice[]> {
    const r = await this.run(['-f', '%d\t%v\t%m\t%t%n']);
    if (r.code !== 0) throw saneError(r, '');
    return r.stdout
      .toString('utf8')
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => {
        const [id = '', vendor = '', model = '', type = ''] = l.split('\t');
        return { id, vendor, model, type };
      });
  }

  async scan(req: ScanRequest, dir: string): Promise<Buffer[]> {
    if (!/^[\w:./@-]{1,200}$/.test(req.deviceId)) throw new DeskError('SCANNER_NOT_FOUND', { device: req.deviceId });
    const args = [
      '-d', req.deviceId,
      '--format=png',
      '--resolution', String(req.resolution),
      '--mode', req.mode === 'color' ? 'Color' : req.mode === 'gray' ? 'Gray' : 'Lineart',
      '--source', req.source === 'adf' ? 'Automatic Document Feeder' : 'Flatbed',
      '--batch=page-%03d.png',
      `--batch-count=${req.source === 'adf' ? req.maxPages : 1}`,
      ...(this.options.extraArgs ?? []),
    ];
    let r = await this.run(args, dir, this.options.timeoutMs ?? 120_000);
    // Many devices (and SANE's test backend) have no Lineart mode: scan gray, the pipeline thresholds it.
    if (req.mode === 'bw' && r.code !== 0 && /--mode|invalid argument/i.test(r.stderr) && pages(dir).length === 0) {
      args[args.indexOf('Lineart')] = 'Gray';
      r = await this.run(args, dir, this.options.timeoutMs ?? 120_000);
    }
    const files = pages(dir);
    const feederRanOut = /out of documents|no more documents/i.test(r.stderr);
    const failed = r.signal !== null || (r.code !== 0 && !(feederRanOut && files.length > 0)) || /sane_read:|Error during device I\/O/i.test(r.stderr);
    if (failed) throw saneError(r, req.deviceId);
    if (files.length === 0) throw feederRanOut ? new DeskError('SCANNER_NO_PAPER') : saneError(r, req.deviceId);
    return files.map((f) => readFileSync(join(dir, f)));
  }
}

function pages(dir: string): string[] {
  return readdirSync(dir).filter((f) => /^page-\d{3}\.png$/.test(f)).sort();
}

/** scanimage's English stderr → the specific Chinese error the clerk can act on. */
export function saneError(r: RunResult, device: string): DeskError {
  const e = r.stderr;
  if (r.signal) return new DeskError('SCANNER_GONE', { reason: zhCN.documents.scannerReasons.aborted });
  if (/open of device .* failed|Invalid argument|no SANE devices/i.test(e) && !/sane_read|sane_start/i.test(e)) {
    return new DeskError('SCANNER_NOT_FOUND', { device });
  }
  if (/busy/i.test(e)) return new DeskError('SCANNER_BUSY');
  if (/jam/i.test(e)) return new DeskError('SCANNER_JAMMED');
  if (/out of documents|no more documents/i.test(e)) return new DeskError('SCANNER_NO_PAPER');
  if (/setting of option|is not a valid|value for option/i.test(e)) return new DeskError('SCANNER_OPTION', { option: firstLine(e) });
  if (/I\/O|cover|Error during|access denied|sane_read|sane_start/i.test(e)) return new DeskError('SCANNER_GONE', { reason: firstLine(e) });
  return new DeskError('SCANNER_GONE', { reason: firstLine(e) || format(zhCN.documents.scannerReasons.exitCode, { code: String(r.code) }) });
}

function firstLine(s: string): string {
  return (s.split('\n').find((l) => l.startsWith('scanimage:')) ?? s.split('\n')[0] ?? '').replace(/^scanimage:\s*/, '').slice(0, 120);
}

export class NoScanner implements Scanner {
  readonly driver = 'none' as const;
  listDevices(): Promise<ScannerDevice[]> {
    return Promise.reject(new DeskError('SCANNER_NO_DRIVER'));
  }
  scan(): Promise<Buffer[]> {
    return Promise.reject(new DeskError('SCANNER_NO_DRIVER'));
  }
}

/** The right scanner port for this platform (Electron main). */
export function platformScanner(platform: NodeJS.Platform = process.platform): Scanner {
  if (platform === 'win32') return new WiaScanner();
  if (platform === 'linux' || platform === 'darwin') return new SaneScanner();
  return new NoScanner();
}
