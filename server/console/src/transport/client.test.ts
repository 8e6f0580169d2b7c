import { describe, expect, it } from 'vitest';
import { consoleText } from '../../../../shared/i18n/zhCN.console';
import { messageFor } from './client';

describe('messageFor: which Chinese sentence a refusal shows', () => {
  it("a refusal's own reason from the server wins over the general 403 sentence", () => {
    const reason = '这名儿童在您负责范围以外的学校或类别另有报名，这组重复报名您不能处理。请交局里不限学校和类别的审核员处理。';
    expect(messageFor('forbidden', reason, { code: 'forbidden', detail: reason })).toBe(reason);
    expect(messageFor('forbidden', 'Forbidden', undefined)).toBe(consoleText.errors.forbidden);
    expect(messageFor('forbidden', undefined, undefined)).toBe(consoleText.errors.forbidden);
  });

  it('codes where the page adds what it knows keep the catalogue (drafts kept, lock-out time)', () => {
    expect(messageFor('csrf_rejected', '安全校验未通过', undefined)).toBe(consoleText.errors.csrf_rejected);
    expect(messageFor('account_locked', '账号已锁定', { lockedUntil: '14:30' })).toContain('14:30');
  });

  it("an unknown code shows the server's Chinese detail, else the general sentence", () => {
    expect(messageFor('state_conflict', '派位名单已冻结，请先撤销派位公告。', undefined)).toBe('派位名单已冻结，请先撤销派位公告。');
    expect(messageFor('state_conflict', 'conflict', undefined)).toBe(consoleText.errors.UNEXPECTED);
  });
});
