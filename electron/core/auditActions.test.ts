// Every action the desk's core writes to the audit log reads as Chinese on 审计日志 (issue 10: the page showed
// `printout.generated`). The writer takes only the listed actions (AuditInput.action), the catalogue's labels are
// typed over the same list, and this test reads the labels: a new action without a Chinese label cannot land.
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../shared/contract/auditActions';
import { zhCN } from '../../shared/i18n/zhCN';
import type { AuditInput } from './services/audit';

describe('audit action labels', () => {
  it('name every action the core can write in Chinese, and nothing else', () => {
    expect(AUDIT_ACTIONS.length).toBeGreaterThan(60);
    const unlabelled = AUDIT_ACTIONS.filter((a) => !/[\u4e00-\u9fff]/u.test(zhCN.ui.audit.actions[a] ?? ''));
    expect(unlabelled).toEqual([]);
    expect(Object.keys(zhCN.ui.audit.actions).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('the audit writer takes only listed actions', () => {
    const listed: AuditInput = { at: 't', actorId: null, actorName: null, action: 'application.voided' };
    // @ts-expect-error -- an action that is not in AUDIT_ACTIONS (so has no label) does not compile
    const unlisted: AuditInput = { at: 't', actorId: null, actorName: null, action: 'application.teleported' };
    expect([listed.action, unlisted.action]).toEqual(['application.voided', 'application.teleported']);
  });
});
