import { type FastifyInstance, type FastifySchema, type FastifyTypeProvider } from 'fastify';
import { z } from 'zod';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { consoleProblemSchema } from '../../shared/console/problems';
import { problemSchema } from '../../shared/sync/protocol';
import { problem } from './problems';

// Route schemas are zod schemas (shared/sync/protocol.ts): zod validates requests, and the same schemas
// become JSON Schema for the OpenAPI document. Ajv is not involved, so there is one source of truth.

/**
 * Types requests from the same zod schemas: with `app.withTypeProvider<ZodTypeProvider>()`, `req.body`,
 * `req.query`, `req.params` and `req.headers` are the schemas' output types and a handler's return value is
 * checked against its response schemas. No casts in the routes.
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

export function useZod(app: FastifyInstance): void {
  z.config(z.locales.zhCN());
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const zodSchema = schema as unknown as z.ZodType;
    return (data: unknown) => {
      const parsed = zodSchema.safeParse(data);
      if (parsed.success) return { value: parsed.data };
      const errors = parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
      return {
        error: problem(400, 'validation_failed', format(serverText.http.validation, { part: serverText.http.parts[httpPart ?? 'body'] ?? serverText.http.request }), errors),
      };
    };
  });
  // Response bodies are built from the same types; plain JSON.stringify keeps them exactly as built.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

const parts = ['body', 'querystring', 'params', 'headers'] as const;

export const problemComponent = () => z.toJSONSchema(problemSchema, { target: 'openapi-3.0', io: 'output' });
/** The console's problems: the sync codes and the console's own (shared/console/problems.ts). */
export const consoleProblemComponent = () => z.toJSONSchema(consoleProblemSchema, { target: 'openapi-3.0', io: 'output' });

/**
 * Route `response` entries for the given error statuses, plus those any route can answer: 400 (a malformed
 * request, a protocol header sent twice), 415 (a body the route does not take) and `5XX` (503 while shutting
 * down, 500). Every one is a problem document. 404 and 405, which any path or method not listed answers, are
 * said once in the document's description.
 */
export function openApiProblems(...statuses: number[]): Record<string, typeof problemSchema> {
  const all = [...new Set([400, 415, ...statuses])].sort();
  const entries: [string, typeof problemSchema][] = [...all.map((s): [string, typeof problemSchema] => [String(s), problemSchema]), ['5XX', problemSchema]];
  return Object.fromEntries(entries);
}

/** The same for console (and public lookup) routes, whose problems may carry the console's codes. */
export function openApiConsoleProblems(...statuses: number[]): Record<string, typeof consoleProblemSchema> {
  const all = [...new Set([400, 415, ...statuses])].sort();
  return Object.fromEntries([...all.map((s): [string, typeof consoleProblemSchema] => [String(s), consoleProblemSchema]), ['5XX', consoleProblemSchema]]);
}

const PROBLEM_MEDIA = 'application/problem+json';

/** @fastify/swagger `transform`: zod schemas → OpenAPI 3.0 JSON Schema. */
export function zodToOpenApi({ schema: routeSchema, url }: { schema: FastifySchema | undefined; url: string }): { schema: FastifySchema; url: string } {
  if (!routeSchema) return { schema: {}, url };
  const schema = routeSchema as Record<string, unknown>;
  const toJson = (s: unknown, io: 'input' | 'output') =>
    s instanceof z.ZodType ? z.toJSONSchema(s, { target: 'openapi-3.0', io, unrepresentable: 'any' }) : s;
  const out: Record<string, unknown> = { ...schema };
  for (const part of parts) if (schema[part]) out[part] = toJson(schema[part], 'input');
  // A route that takes raw bytes (a page, a bundle) has no zod body: its body is described as binary of its content type.
  if (!schema.body && Array.isArray(schema.consumes)) out.body = { type: 'string', format: 'binary' };
  const response = schema.response as Record<string, unknown> | undefined;
  // Every error answer has the same shape and media type: one component instead of a copy per route and status.
  const asResponse = (s: unknown) =>
    s === problemSchema
      ? { description: 'Problem (RFC 9457)', content: { [PROBLEM_MEDIA]: { schema: { $ref: '#/components/schemas/Problem' } } } }
      : s === consoleProblemSchema
        ? { description: 'Problem (RFC 9457) with the console codes', content: { [PROBLEM_MEDIA]: { schema: { $ref: '#/components/schemas/ConsoleProblem' } } } }
        : toJson(s, 'output');
  if (response) out.response = Object.fromEntries(Object.entries(response).map(([code, s]) => [code, asResponse(s)]));
  return { schema: out, url };
}
