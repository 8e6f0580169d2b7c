import { beforeEach, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../../../shared/contract';
import type { PrintJob } from '../../../../shared/contract/printing';
import { setDeskClient } from '../../transport';
import { fakeDeskClient, flush } from '../../testing/fakeDeskClient';
import { usePrintingStore } from './store';

const rendered: MethodOutput<'printing.render'> = {
  printoutId: 'p1',
  applicationId: 'a1',
  kind: 'receipt',
  paper: 'A5',
  version: 1,
  sha256: 'x',
  bytes: 10,
  pages: 1,
  createdAt: '2026-06-15T00:00:00.000Z',
  printCount: 0,
  missingGlyphs: [],
  pdfBase64: 'JVBERg==',
  reused: false,
};

const job = (status: PrintJob['status'], error: PrintJob['error'] = null): PrintJob => ({
  jobId: `j-${status}`,
  printoutId: 'p1',
  applicationId: 'a1',
  kind: 'receipt',
  paper: 'A5',
  version: 1,
  printer: 'Counter',
  copies: 1,
  status,
  attempts: 1,
  reprintNo: 0,
  error,
  createdAt: '2026-06-15T00:00:00.000Z',
});

describe('printing store: the receipt offered after submission', () => {
  let fake: ReturnType<typeof fakeDeskClient>;
  beforeEach(() => {
    fake = fakeDeskClient();
    setDeskClient(fake.client);
    usePrintingStore.setState({ applicationId: null, doc: null, pdf: null, queue: [], error: null, notice: null });
  });

  it('renders the receipt at once and answers its id and print count, leaving the print page alone', async () => {
    const result = usePrintingStore.getState().renderReceipt('a1');
    expect(fake.open('printing.render').input).toEqual({ applicationId: 'a1', kind: 'receipt' });
    fake.answer('printing.render', { ...rendered, printCount: 2 });
    expect(await result).toEqual({ ok: true, value: { printoutId: 'p1', printCount: 2 } });
    expect(usePrintingStore.getState().doc).toBeNull();
  });

  it('answers why the receipt could not be made', async () => {
    const result = usePrintingStore.getState().renderReceipt('a1');
    fake.open('printing.render').fail({ code: 'APPLICATION_NOT_FOUND', message: '找不到该申请' });
    expect(await result).toEqual({ ok: false, error: { code: 'APPLICATION_NOT_FOUND', message: '找不到该申请' } });
  });

  it('prints a rendered receipt on the remembered printer and answers the job', async () => {
    const result = usePrintingStore.getState().printReceipt('p1');
    await flush();
    expect(fake.open('printing.print').input).toEqual({ printoutId: 'p1' });
    fake.answer('printing.print', job('printed'));
    expect(await result).toEqual({ ok: true, value: job('printed') });
  });

  it('the queue it loads names the failed job the 工作台 opens', async () => {
    const loading = usePrintingStore.getState().loadQueue();
    fake.answer('printing.queue', [job('printed'), job('queued', { code: 'PRINTER_OFFLINE', message: '打印机未连接' })]);
    await loading;
    expect(usePrintingStore.getState().queue.find((j) => j.error)?.jobId).toBe('j-queued');
  });
});
