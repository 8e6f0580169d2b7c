import { spawn, type ChildProcess } from 'node:child_process';

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface LineWorkerOptions {
  /**
   * A worker that prints no line for this long is taken as hung: it is killed and the promise rejects naming the
   * last line it printed. Progress, not total time, is what is bounded, so a slow (loaded) machine does not fail a
   * run that keeps moving, and a real hang shows within this time rather than as the whole test's timeout.
   */
  stallMs?: number;
}

export const DEFAULT_STALL_MS = 120_000;

/**
 * Runs a bundled worker script under Node and hands each line it prints on stdout to `onLine` (the kill tests
 * read READY / ACK / STEP lines and SIGKILL the child at their chosen moment). Resolves when the child exits.
 */
export function runLineWorker(
  script: string,
  args: string[],
  onLine: (line: string, child: ChildProcess) => void,
  options: LineWorkerOptions = {},
): Promise<WorkerExit> {
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let lastLine: string | null = null;
    let stalled = false;
    let watchdog: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        stalled = true;
        child.kill('SIGKILL');
      }, stallMs);
    };
    arm();
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lastLine = line;
        arm();
        onLine(line, child);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      if (stalled) {
        const after = lastLine === null ? 'since it started' : `after “${lastLine}”`;
        reject(new Error(`worker hung: no line for ${stallMs} ms ${after}; stderr: ${stderr.slice(-2000)}`));
      } else {
        resolve({ code, signal, stderr });
      }
    });
  });
}

/** A kill moment chosen by the worker's progress: see `killOnProgress`. */
export interface KillAt {
  /** Lines the worker prints after READY before the kill is timed. */
  afterLines: number;
  /** Of the time the last step took (between its last two lines): the kill comes this much later. */
  fraction: number;
}

/** Somewhere from inside the first step to `maxLines` lines in, anywhere inside the step then under way. */
export function randomKillAt(maxLines: number): KillAt {
  return { afterLines: Math.floor(Math.random() * (maxLines + 1)), fraction: Math.random() * 1.5 };
}

/**
 * An `onLine` part that SIGKILLs the child at `at`: once it has printed `afterLines` lines after READY, a random part
 * of its last step's duration later, so the kill lands inside the next step however fast or loaded the machine is
 * (a fixed delay after READY sees fewer steps on a loaded machine). `firstStepMs` stands in for the pace before the
 * first step has been timed.
 */
export function killOnProgress(at: KillAt, firstStepMs: number): (line: string, child: ChildProcess) => void {
  let ready = false;
  let lines = 0;
  let lastAt = 0;
  let armed = false;
  return (line, child) => {
    const now = performance.now();
    const stepMs = ready ? now - lastAt : firstStepMs;
    lastAt = now;
    if (ready) lines++;
    else if (line === 'READY') ready = true;
    else return;
    if (armed || lines < at.afterLines) return;
    armed = true;
    setTimeout(() => child.kill('SIGKILL'), Math.round(at.fraction * stepMs));
  };
}
