import { type FastifyInstance, type FastifySchema } from 'fastify';
import { z } from 'zod';
import { problemSchema } from '../shared/sync/protocol';
import { problem } from './problems';

// Route schemas are zod schemas (shared/sync/protocol.ts): zod validates requests, and the same schemas
// become JSON Schema for the OpenAPI document. Ajv is not involved, so there is one source of truth.

const partLabel: Record<string, string> = { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' };

export function useZod(app: FastifyInstance): void {
  z.config(z.locales.zhCN());
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const zodSchema = schema as unknown as z.ZodType;
    return (data: unknown) => {
      const parsed = zodSchema.safeParse(data);
      if (parsed.success) return { value: parsed.data };
      const errors = parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
      return {
        error: problem(400, 'validation_failed', `${partLabel[httpPart ?? 'body'] ?? '请求'}不符合同步协议（见 errors）。请升级报名台软件或联系技术支持。`, errors),
      };
    };
  });
  // Response bodies are built from the same types; plain JSON.stringify keeps them exactly as built.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

const parts = ['body', 'querystring', 'params', 'headers'] as const;

export const problemComponent = () => z.toJSONSchema(problemSchema, { target: 'openapi-3.0', io: 'output' });

/** @fastify/swagger `transform`: zod schemas → OpenAPI 3.0 JSON Schema. */
export function zodToOpenApi({ schema: routeSchema, url }: { schema: FastifySchema | undefined; url: string }): { schema: FastifySchema; url: string } {
  if (!routeSchema) return { schema: {}, url };
  const schema = routeSchema as Record<string, unknown>;
  const toJson = (s: unknown, io: 'input' | 'output') =>
    s instanceof z.ZodType ? z.toJSONSchema(s, { target: 'openapi-3.0', io, unrepresentable: 'any' }) : s;
  const out: Record<string, unknown> = { ...schema };
  for (const part of parts) if (schema[part]) out[part] = toJson(schema[part], 'input');
  const response = schema.response as Record<string, unknown> | undefined;
  // Every error answer has the same shape: one component instead of a copy per route and status.
  const asResponse = (s: unknown) => (s === problemSchema ? { description: 'application/problem+json', $ref: '#/components/schemas/Problem' } : toJson(s, 'output'));
  if (response) out.response = Object.fromEntries(Object.entries(response).map(([code, s]) => [code, asResponse(s)]));
  return { schema: out, url };
}
