import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { default as addFormats } from 'ajv-formats';
import { type FastifyInstance } from 'fastify';

// Checks answers the server actually gave against the OpenAPI document it publishes (server/openapi.json):
// the status is documented for the operation (or `default`), the content type is one the document lists for
// it, and the body validates against that schema. Paths the document does not list must answer 404, methods it
// does not list for a path 405 with an Allow header naming exactly the documented ones. The test harness records
// every answer of every server test (`recordExchanges`) and checks them when the server closes.

export interface Exchange {
  method: string;
  url: string;
  status: number;
  contentType: string;
  allow: string | undefined;
  body: string;
}

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

const DOCUMENT = join(import.meta.dirname, '..', 'openapi.json');
/** Served but deliberately not described (the document itself; Prometheus metrics, operational). */
const UNDESCRIBED = new Set(['GET /openapi.json', 'GET /metrics']);

/** Records every answer the app sends (install before any route is registered). */
export function recordExchanges(app: FastifyInstance, into: Exchange[]): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const allow = reply.getHeader('allow');
    into.push({
      method: req.method,
      url: req.url,
      status: reply.statusCode,
      contentType: String(reply.getHeader('content-type') ?? ''),
      allow: allow === undefined ? undefined : String(allow),
      body: typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '',
    });
    return payload;
  });
}

export class Conformance {
  private readonly doc: Document;
  private readonly ajv: Ajv;
  private readonly templates: { pattern: RegExp; path: string }[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: unknown = JSON.parse(readFileSync(DOCUMENT, 'utf8'))) {
    this.doc = toJsonSchemaDialect(document) as Document;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.doc, 'openapi');
    this.templates = Object.keys(this.doc.paths).map((path) => ({ path, pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
  }

  /** What is wrong with one answer, or [] when the document describes it. */
  check(x: Exchange): string[] {
    const where = `${x.method} ${x.url} → ${x.status}`;
    const path = x.url.split('?')[0] ?? '';
    if (UNDESCRIBED.has(`${x.method} ${path}`)) return [];
    const template = this.templates.find((tpl) => tpl.pattern.test(path))?.path;
    const media = x.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    const problems: string[] = [];
    if (!template) {
      if (x.status !== 404) problems.push(`${where}: path not in the document, expected 404`);
      return [...problems, ...this.checkProblem(where, x, media)];
    }
    const ops = this.doc.paths[template] ?? {};
    const op = ops[x.method.toLowerCase()];
    if (!op) {
      const allow = Object.keys(ops).map((m) => m.toUpperCase()).sort().join(', ');
      if (x.status !== 405) problems.push(`${where}: method not in the document for ${template}, expected 405`);
      if (x.allow !== allow) problems.push(`${where}: Allow "${x.allow ?? ''}", the document lists "${allow}"`);
      return [...problems, ...this.checkProblem(where, x, media)];
    }
    const key = [String(x.status), `${String(x.status)[0]}XX`, 'default'].find((k) => op.responses[k]);
    if (!key) return [`${where}: status ${x.status} is not documented for ${x.method} ${template}`];
    const content = op.responses[key]?.content ?? {};
    if (!(media in content)) return [`${where}: content type "${x.contentType}" is not documented (${Object.keys(content).join(', ') || 'no body'})`];
    if (content[media]?.schema === undefined) return [];
    // Bytes (a scanned page): the documented media type is the check; there is no JSON to validate.
    if (media !== 'application/json' && !media.endsWith('+json')) return [];
    const pointer = ['#', 'paths', template, x.method.toLowerCase(), 'responses', key, 'content', media, 'schema'].map((p, i) => (i === 0 ? p : encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1')))).join('/');
    const validate = this.validator(pointer);
    let body: unknown;
    try {
      body = JSON.parse(x.body);
    } catch {
      return [`${where}: body is not JSON: ${x.body.slice(0, 100)}`];
    }
    if (!validate(body)) problems.push(`${where}: body does not match the document: ${this.ajv.errorsText(validate.errors)} — ${x.body.slice(0, 200)}`);
    if (media === 'application/problem+json' && (body as { status?: unknown }).status !== x.status) problems.push(`${where}: problem status ${String((body as { status?: unknown }).status)}`);
    return problems;
  }

  /** Every answer in `exchanges`; returns the mismatches (at most `limit`). */
  checkAll(exchanges: readonly Exchange[], limit = 20): string[] {
    const out: string[] = [];
    for (const x of exchanges) {
      out.push(...this.check(x));
      if (out.length >= limit) break;
    }
    return out.slice(0, limit);
  }

  private checkProblem(where: string, x: Exchange, media: string): string[] {
    if (media !== 'application/problem+json') return [`${where}: content type "${x.contentType}", expected application/problem+json`];
    const validate = this.validator('#/components/schemas/Problem');
    try {
      return validate(JSON.parse(x.body)) ? [] : [`${where}: not a Problem: ${this.ajv.errorsText(validate.errors)}`];
    } catch {
      return [`${where}: body is not JSON`];
    }
  }

  private validator(pointer: string): ValidateFunction {
    let v = this.compiled.get(pointer);
    if (!v) {
      v = this.ajv.compile({ $ref: `openapi${pointer}` });
      this.compiled.set(pointer, v);
    }
    return v;
  }
}

/**
 * OpenAPI 3.0 writes `exclusiveMinimum: true` beside `minimum` (JSON Schema draft 4); Ajv speaks draft 7, where
 * the bound itself is the value. `nullable` Ajv understands as it is, except that an `enum` must list null itself.
 */
function toJsonSchemaDialect(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchemaDialect);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) out[k] = toJsonSchemaDialect(v);
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true) {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) delete out[flag];
  }
  // `nullable` beside an `enum` (a nullable role): null is one of the values.
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  return out;
}
