import { describe, expect, it } from 'vitest';
import { runTool } from './runTool';

describe('runTool', () => {
  it('kills a tool that said its last line but does not exit, and reports it as lingered, not as a timeout', async () => {
    const t0 = Date.now();
    const r = await runTool('sh', ['-c', 'echo "Batch terminated, 1 page scanned" >&2; exec sleep 60'], {
      timeoutMs: 30_000,
      finishedWhen: /Batch terminated/,
      graceMs: 200,
    });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(r).toMatchObject({ lingered: true, signal: null });
    expect(r.stderr).toContain('Batch terminated');
  });

  it('leaves a tool that exits on its own alone, and still kills one that never finishes', async () => {
    const ok = await runTool('sh', ['-c', 'echo "Batch terminated" >&2; echo done'], { timeoutMs: 10_000, finishedWhen: /Batch terminated/, graceMs: 5_000 });
    expect(ok).toMatchObject({ code: 0, signal: null, lingered: false });
    expect(ok.stdout.toString()).toBe('done\n');
    const hung = await runTool('sh', ['-c', 'exec sleep 60'], { timeoutMs: 200, finishedWhen: /Batch terminated/ });
    expect(hung).toMatchObject({ signal: 'SIGKILL', lingered: false });
  });

  it('a missing executable means no scanner driver', async () => {
    await expect(runTool('/nonexistent/scanimage', [], { timeoutMs: 1_000 })).rejects.toMatchObject({ rpc: { code: 'SCANNER_NO_DRIVER' } });
  });
});
