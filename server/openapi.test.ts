import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, generateOpenApi } from './openapi';

describe('server/openapi.json', () => {
  it('is up to date with the route schemas (regenerate: npx tsx server/openapi.ts)', async () => {
    const generated = await generateOpenApi();
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(generated);
    const doc = JSON.parse(generated) as { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>> };
    expect(doc.paths['/v1/batches']?.post?.requestBody).toBeDefined();
    expect(Object.keys(doc.paths['/v1/batches']?.post?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403', '422']));
  });
});
