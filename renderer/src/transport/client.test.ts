import { describe, expect, it, vi } from 'vitest';
import type { DeskBridge } from '../../../shared/bridge';
import { createClient } from './client';

function bridgeAnswering(answer: () => Promise<unknown>): DeskBridge {
  return { call: () => answer() as ReturnType<DeskBridge['call']>, on: () => () => undefined };
}

describe('createClient', () => {
  it('passes results through and reports failed calls to listeners', async () => {
    const client = createClient(
      bridgeAnswering(() => Promise.resolve({ ok: false, error: { code: 'FORBIDDEN', message: '无权' } })),
    );
    const seen = vi.fn();
    client.onCallError(seen);
    const res = await client.call('staff.list', {});
    expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '无权' } });
    expect(seen).toHaveBeenCalledWith('staff.list', { code: 'FORBIDDEN', message: '无权' });
  });

  it('turns a throwing or garbled transport into TRANSPORT_UNAVAILABLE instead of throwing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const throwing = createClient(bridgeAnswering(() => Promise.reject(new Error('socket closed'))));
    const garbled = createClient(bridgeAnswering(() => Promise.resolve('<html>proxy error</html>')));
    for (const client of [throwing, garbled]) {
      const res = await client.call('system.getStatus', {});
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('TRANSPORT_UNAVAILABLE');
    }
  });
});
