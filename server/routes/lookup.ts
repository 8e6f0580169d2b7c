import { consoleApi } from '../../shared/console';
import { format } from '../../shared/i18n/zhCN';
import { consoleOpsText } from '../../shared/i18n/zhCN.consoleOps';
import { problem } from '../http/problems';
import { openApiConsoleProblems } from '../http/zodFastify';
import { lookupCheck, takeLookup } from '../services/console/lookup';
import { JSON_TYPE, type ServerContext, type ZodApp } from './context';

const check = consoleApi['lookup.check'];

/**
 * The public lookup (no sign-in): a receipt or notice's number and code → genuine or not, and the status, masked.
 * Rate-limited per client address before anything is looked up; 429 `rate_limited` with Retry-After.
 */
export function lookupRoutes(app: ZodApp, ctx: ServerContext): void {
  app.post(
    check.path,
    {
      config: { accepts: JSON_TYPE },
      schema: { summary: check.summary, tags: ['lookup'], body: check.input, response: { 200: check.output, ...openApiConsoleProblems(413, 429) } },
    },
    async (req) => {
      const wait = await takeLookup(ctx.db, req.ip, ctx.now());
      if (wait !== null) throw problem(429, 'rate_limited', format(consoleOpsText.lookup.rateLimited, { seconds: wait }), undefined, {}, { 'retry-after': String(wait) });
      return lookupCheck(ctx.db, req.body);
    },
  );
}
