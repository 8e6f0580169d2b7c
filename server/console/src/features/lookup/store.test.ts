import { beforeEach, describe, expect, it } from 'vitest';
import { consoleText } from '../../../../../shared/i18n/zhCN.console';
import { fakeConsoleClient } from '../../testing/fakeConsoleClient';
import { setConsoleClient } from '../../transport/client';
import { useLookupStore } from './store';

// The public lookup's store: no call without a receipt number, the answer shown as it came, and a refusal told in
// the lookup's own words (too often, no connection, anything else) rather than the server's.

const t = consoleText.lookup;

describe('lookup store', () => {
  let fake: ReturnType<typeof fakeConsoleClient>;
  beforeEach(() => {
    fake = fakeConsoleClient();
    setConsoleClient(fake.client);
    useLookupStore.setState({ busy: false, missing: false, shown: null });
  });

  it('asks nothing without a receipt number and says it is missing', async () => {
    await useLookupStore.getState().ask('  ', '1234');
    expect(fake.calls).toHaveLength(0);
    expect(useLookupStore.getState()).toMatchObject({ missing: true, busy: false, shown: null });
  });

  it('asks with the trimmed values, is busy while asking, and shows the answer', async () => {
    useLookupStore.setState({ missing: true });
    const asked = useLookupStore.getState().ask(' A01-2026-000001 ', ' 7Q2K ');
    expect(useLookupStore.getState()).toMatchObject({ missing: false, busy: true });
    expect(fake.open('lookup.check').input).toEqual({ receiptNo: 'A01-2026-000001', code: '7Q2K' });
    fake.open('lookup.check').answer({ found: false });
    await asked;
    expect(useLookupStore.getState()).toMatchObject({ busy: false, shown: { kind: 'result', result: { found: false } } });
  });

  const refusals: Array<[string, string, number, string]> = [
    ['too many questions', 'rate_limited', 429, t.rateLimited],
    ['no connection', 'NETWORK', 0, consoleText.errors.NETWORK],
    ['a server failure', 'HTTP_500', 500, t.failed],
    ['a refusal with the server’s own words', 'validation_failed', 422, t.failed],
  ];
  for (const [what, code, status, message] of refusals) {
    it(`tells ${what} in the lookup's words`, async () => {
      const asked = useLookupStore.getState().ask('A01-2026-000001', '');
      fake.open('lookup.check').fail(code, status, '回执编号格式不正确');
      await asked;
      expect(useLookupStore.getState()).toMatchObject({ busy: false, shown: { kind: 'error', message } });
    });
  }
});
