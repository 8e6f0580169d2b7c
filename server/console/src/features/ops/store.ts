import type { ConsoleInput, ConsoleOutput, QueueRow } from '../../../../../shared/console';
import { format } from '../../../../../shared/i18n/format';
import { consoleClient, type ConsoleError, type Result } from '../../transport/client';

// The calls of the pages for what the admin commands do (短信通知, 登记录取结果, 核验回执和通知书, 模拟网上报名). Each page
// keeps its own view state; the server checks the role of every call and audits it.

export type SmsStatus = ConsoleOutput<'sms.status'>;
export type SmsMessage = ConsoleOutput<'sms.list'>[number];

export const smsStatus = (): Promise<Result<SmsStatus>> => consoleClient().call('sms.status', {});
export const smsList = (input: ConsoleInput<'sms.list'>): Promise<Result<SmsMessage[]>> => consoleClient().call('sms.list', input);
export const recordResult = (input: ConsoleInput<'results.record'>) => consoleClient().call('results.record', input);
export const verifyReceipt = (input: ConsoleInput<'receipts.verify'>) => consoleClient().call('receipts.verify', input);
export const applyOnline = (input: ConsoleInput<'online.apply'>) => consoleClient().call('online.apply', input);

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
