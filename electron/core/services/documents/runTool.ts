import { spawn } from 'node:child_process';
import { DeskError } from '../../../../shared/contract/result';

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  /** The tool printed its last words (`finishedWhen`) but did not exit within `graceMs`, so it was killed. */
  lingered: boolean;
}

export interface ToolOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /**
   * stderr that means the tool has said all it will say. scanimage sometimes hangs after "Batch terminated"
   * while stopping a scanner that has failed (seen with SANE's test backend after an I/O error: SIGPIPE in its
   * reader process, then "trying to stop scanner" forever); the clerk should not wait two minutes for that.
   */
  finishedWhen?: RegExp;
  /** How long to wait for exit once `finishedWhen` matched; default 3 s. */
  graceMs?: number;
}

/**
 * Runs a scanner front end (`scanimage`, PowerShell for WIA) to completion. A missing executable means no
 * scanner driver on this system; a run longer than `timeoutMs` is killed (reported as a vanished scanner).
 */
export function runTool(command: string, args: string[], options: ToolOptions): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let stderr = '';
    let lingered = false;
    let grace: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      if (grace === undefined && options.finishedWhen?.test(stderr)) {
        grace = setTimeout(() => {
          lingered = true;
          child.kill('SIGKILL');
        }, options.graceMs ?? 3_000);
      }
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      clearTimeout(grace);
      if (e.code === 'ENOENT') reject(new DeskError('SCANNER_NO_DRIVER'));
      else reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(grace);
      resolve({ code, signal: lingered ? null : signal, stdout: Buffer.concat(out), stderr, lingered });
    });
  });
}
