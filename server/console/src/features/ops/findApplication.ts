import type { QueueRow } from '../../../../../shared/console';
import { format } from '../../../../../shared/i18n/format';
import { consoleClient, type ConsoleError } from '../../transport/client';

/**
 * The application with exactly this receipt number, through the queue's search (the server narrows it to what the
 * account may see); a receipt nobody has is an error value with `notFound` filled in.
 */
export async function findByReceipt(receiptNo: string, notFound: string): Promise<{ ok: true; row: QueueRow } | { ok: false; error: ConsoleError }> {
  const want = receiptNo.trim().toUpperCase();
  const res = await consoleClient().call('queue.list', { filter: { text: want }, order: 'newest', limit: 20 });
  if (!res.ok) return res;
  const row = res.value.rows.find((r) => r.receiptNo.toUpperCase() === want);
  return row ? { ok: true, row } : { ok: false, error: { code: 'not_found', status: 404, message: format(notFound, { receiptNo: want, ref: want }) } };
}
