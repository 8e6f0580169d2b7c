import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePlan } from '../../../shared/plan/schema';
import { planOf } from './plans';
import type { PlanRow } from '../db/repos/planRepo';

const V1 = readFileSync(join(import.meta.dirname, '../../../shared/plan/fixtures/sample-county-2026.v1.json'), 'utf8');

function row(content: string, sha256: string): PlanRow {
  return { plan_key: 'sample-379901-2026@2026.1', plan_id: 'sample-379901-2026', version: '2026.1', county_code: '379901', year: 2026, sample: 1, content, sha256, imported_at: '2026-06-01T00:00:00Z', imported_by: null, active: 1 };
}

describe('planOf', () => {
  it('reads a plan stored in format 1 (before placement rules) as the current format, like an import would', () => {
    const plan = planOf(row(V1, 'v1-row'));
    const imported = validatePlan(JSON.parse(V1));
    expect(imported.ok).toBe(true);
    expect(plan).toEqual(imported.ok && imported.plan);
    expect(plan.placement.batches.length).toBeGreaterThan(0);
  });
});
