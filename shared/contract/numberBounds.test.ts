import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { consoleApi } from '../console';
import * as protocol from '../sync/protocol';
import { int32 } from './fields';
import { methods } from './index';
import { MAX_INT32, unboundedNumbers } from './numberBounds';

// Every number a client may send is bounded to what a PostgreSQL `integer` holds. CI once failed on a console
// fuzz body `dept.withdraw { importId: 2^31 }` → 500 on PostgreSQL (integer out of range); 12 console inputs and 3 of
// the desk's had the same unbounded number. These tests list every input number, so a new endpoint cannot
// bring the class back.

const inputsOf = (entries: Record<string, { input: z.ZodType }>) => Object.entries(entries).flatMap(([name, e]) => unboundedNumbers(e.input).map((p) => `${name}: ${p}`));

/** The request side of the sync protocol (the server validates these; the responses are the server's own). */
const SYNC_REQUESTS: Record<string, z.ZodType> = {
  enrollRequestSchema: protocol.enrollRequestSchema,
  blobsMissingRequestSchema: protocol.blobsMissingRequestSchema,
  blobParamsSchema: protocol.blobParamsSchema,
  bundleHeadersSchema: protocol.bundleHeadersSchema,
  uploadHeadersSchema: protocol.uploadHeadersSchema,
  batchRequestSchema: protocol.batchRequestSchema,
  changesQuerySchema: protocol.changesQuerySchema,
  deptVerifiedParamsSchema: protocol.deptVerifiedParamsSchema,
  auditAnchorRequestSchema: protocol.auditAnchorRequestSchema,
};

describe('every input number is bounded to a database integer', () => {
  it('the county console and the public lookup', () => {
    expect(inputsOf(consoleApi)).toEqual([]);
  });

  it("the desk's contract", () => {
    expect(inputsOf(methods)).toEqual([]);
  });

  it('the sync protocol requests', () => {
    expect(Object.entries(SYNC_REQUESTS).flatMap(([name, s]) => unboundedNumbers(s).map((p) => `${name}: ${p}`))).toEqual([]);
  });

  it('finds a number wherever a schema can hold one', () => {
    const n = z.number().int();
    const schema = z.strictObject({
      a: n,
      b: z.array(z.object({ c: n.optional() })),
      d: z.union([z.string(), n.nullable()]),
      e: z.record(z.string(), n),
      f: z.string().transform(Number).pipe(n),
      g: n.default(0),
      h: z.tuple([z.string(), n]),
      i: z.number().min(0).max(1e10),
      j: int32(1),
      k: z.number().int().min(-5).max(MAX_INT32),
    });
    expect(unboundedNumbers(schema).map((p) => p.split(' ')[0])).toEqual(['a', 'b[].c', 'd', 'e{}', 'f', 'g', 'h[1]', 'i']);
  });

  it('int32 refuses 2^31 and takes 2^31 − 1', () => {
    expect(int32(1).safeParse(2 ** 31).success).toBe(false);
    expect(int32(1).safeParse(MAX_INT32).success).toBe(true);
    expect(int32(1).safeParse(0).success).toBe(false);
    expect(int32(0).safeParse(1.5).success).toBe(false);
  });
});
