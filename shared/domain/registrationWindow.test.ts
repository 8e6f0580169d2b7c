import { describe, expect, it } from 'vitest';
import { registrationWindowState } from './registrationWindow';

const plan = { registrationWindow: { start: '2026-06-01', end: '2026-07-15' } };

describe('registration window', () => {
  it('is open on its first and last day', () => {
    expect(registrationWindowState(plan, '2026-06-01').state).toBe('open');
    expect(registrationWindowState(plan, '2026-07-15').state).toBe('open');
  });

  it('says when the day is before or after it, with the dates', () => {
    const before = registrationWindowState(plan, '2026-05-31');
    expect(before.state).toBe('before');
    expect(before.state !== 'open' && before.message).toContain('2026-06-01');
    const after = registrationWindowState(plan, '2026-12-02');
    expect(after.state).toBe('after');
    expect(after.state !== 'open' && after.message).toContain('2026-07-15');
    expect(after.state !== 'open' && after.message).toContain('2026-12-02');
  });

  it('names the plan rule: approval by a supervisor (also for a plan object without the rule) or refusal', () => {
    const approval = registrationWindowState({ registrationWindow: { ...plan.registrationWindow, outside: 'approval' } }, '2026-12-02');
    expect(approval.state !== 'open' && [approval.policy, approval.message]).toEqual(['approval', expect.stringContaining('报名时间外受理批准') as string]);
    expect(registrationWindowState(plan, '2026-05-01')).toMatchObject({ policy: 'approval' });
    const refuse = registrationWindowState({ registrationWindow: { ...plan.registrationWindow, outside: 'refuse' } }, '2026-05-31');
    expect(refuse.state !== 'open' && [refuse.state, refuse.policy, refuse.message]).toEqual(['before', 'refuse', expect.stringContaining('不予受理') as string]);
    expect(registrationWindowState({ registrationWindow: { ...plan.registrationWindow, outside: 'refuse' } }, '2026-06-01').state).toBe('open');
  });
});
