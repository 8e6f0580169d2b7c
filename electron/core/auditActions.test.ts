// Every action the desk's core writes to the audit log reads as Chinese on 审计日志 (issue 10: the page showed
// `printout.generated`). The core's action names are collected from its source, so a new one without a label fails.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../shared/i18n/zhCN';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('audit action labels', () => {
  it('names every action the core records in Chinese', () => {
    const core = import.meta.dirname;
    const actions = new Set<string>();
    for (const file of sources(core)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/action: (?:[^,\n]*\? )?'([a-zA-Z]+\.[a-zA-Z]+)'(?: : '([a-zA-Z]+\.[a-zA-Z]+)')?/g)) {
        actions.add(m[1]!);
        if (m[2]) actions.add(m[2]);
      }
    }
    expect(actions.size).toBeGreaterThan(40);
    const unlabelled = [...actions].filter((a) => !/[\u4e00-\u9fff]/u.test(zhCN.ui.audit.actions[a] ?? ''));
    expect(unlabelled).toEqual([]);
  });
});
