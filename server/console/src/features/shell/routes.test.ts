import { describe, expect, it } from 'vitest';
import { type ConsoleEndpointName, type ConsoleRole, consoleApi } from '../../../../../shared/console';
import { allowed, pages } from './routes';

// The console's pages against the contract's roles: a role the server lets read something must be able to open a
// page that shows it, and a page must not be offered to a role the server refuses what the page reads on opening.

const ROLES: readonly ConsoleRole[] = ['admin', 'reviewer', 'second_reviewer', 'school', 'viewer'];
const page = (key: string) => pages.find((p) => p.key === key)!;
const granted = (name: ConsoleEndpointName): ConsoleRole[] => {
  const access = consoleApi[name].access;
  return typeof access === 'string' ? [] : [...access];
};

describe('console pages and the roles the server allows', () => {
  it('控辍保学月报: every role allowed the monthly report (the read-only role too) has a page that shows it', () => {
    const report = page('tracingReport');
    expect(report.path).toBe('/tracing/report');
    expect(granted('tracing.report')).toContain('viewer');
    for (const role of granted('tracing.report')) expect(allowed(report, role), role).toBe(true);
    for (const role of ROLES.filter((r) => !granted('tracing.report').includes(r))) expect(allowed(report, role), role).toBe(false);
  });

  it("the worklist page (children's names) is offered only to roles that may list and work cases", () => {
    const worklist = page('tracing');
    for (const role of ROLES) {
      const may = (['tracing.list', 'tracing.get', 'tracing.visit', 'tracing.match'] as const).every((n) => granted(n).includes(role));
      expect(allowed(worklist, role), role).toBe(may);
    }
    expect(allowed(worklist, 'viewer')).toBe(false);
  });

  it('the pages of what the admin commands do (短信通知, 登记录取结果, 核验回执和通知书, 模拟网上报名) are offered exactly to the roles the server lets call them', () => {
    const uses = {
      sms: ['sms.status', 'sms.list'],
      results: ['results.record', 'queue.list', 'meta.reference'],
      verify: ['receipts.verify'],
      online: ['online.apply'],
    } as const;
    for (const [key, names] of Object.entries(uses)) {
      for (const role of ROLES) {
        const may = names.every((n) => consoleApi[n].access === 'signedIn' || granted(n).includes(role));
        expect(allowed(page(key), role), `${key} as ${role}`).toBe(may);
      }
    }
  });

  it('新生报到: offered exactly to the roles the server lets list and record 报到 (学校用户), no one else', () => {
    const reportIn = page('reportIn');
    expect(reportIn.path).toBe('/report-in');
    for (const role of ROLES) {
      const may = (['tracing.reportIns', 'tracing.reportIn'] as const).every((n) => granted(n).includes(role));
      expect(allowed(reportIn, role), role).toBe(may);
    }
    expect(allowed(reportIn, 'school')).toBe(true);
  });
});
