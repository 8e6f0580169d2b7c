import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** The bridge's address line as `npm run dev:web` prints it (the same CLI, without the build). */
async function printedAddressLine(dataDir: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/harness/bridge.ts', '--data-dir', dataDir], { cwd: root });
  try {
    return await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        const line = out.split('\n').find((l) => l.startsWith('DESK_BRIDGE_URL='));
        if (line) resolve(line.trim());
      });
      child.on('exit', (code) => reject(new Error(`bridge exited (${code}) before printing its address: ${out}`)));
    });
  } finally {
    child.kill('SIGTERM');
  }
}

describe('README: the browser harness', () => {
  it("shows the address line in the form dev:web prints it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-devweb-'));
    try {
      const printed = await printedAddressLine(dataDir);
      const shape = /^DESK_BRIDGE_URL=http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+$/;
      expect(printed).toMatch(shape);
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      const section = readme.slice(readme.indexOf('npm run dev:web'), readme.indexOf('## Where data lives'));
      const example = section.split('\n').find((l) => l.startsWith('DESK_BRIDGE_URL='));
      expect(example, 'README shows the DESK_BRIDGE_URL line').toBeDefined();
      expect(example).toMatch(shape);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
