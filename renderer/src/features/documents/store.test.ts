import { beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationRecord, MethodOutput } from '../../../../shared/contract';
import type { PageView } from '../../../../shared/contract/documents';
import { setDeskClient } from '../../transport';
import { fakeDeskClient, flush } from '../../testing/fakeDeskClient';
import { usePlansStore } from '../plans/store';
import { useDocumentsStore } from './store';

const record = (id: string, planKey = 'county@2') => ({ id, planKey, receiptNo: `R-${id}` }) as unknown as ApplicationRecord;
const page = (id: string, applicationId = 'a1') => ({ id, applicationId, materialKey: 'hukou', pageNo: 1 }) as unknown as PageView;
const plan = { info: { planKey: 'county@2' }, plan: { materials: [] } } as unknown as MethodOutput<'plans.get'>;

describe('documents store', () => {
  let fake: ReturnType<typeof fakeDeskClient>;
  beforeEach(() => {
    fake = fakeDeskClient();
    setDeskClient(fake.client);
    useDocumentsStore.setState({ applicationId: null, items: {}, record: null, recordError: null, error: null });
    usePlansStore.setState({ active: null, byKey: {} });
  });

  it('opening the scan desk reads the pages, the application and the plan it was taken under', async () => {
    const opening = useDocumentsStore.getState().openApplication('a1');
    expect(fake.open('documents.list').input).toEqual({ applicationId: 'a1' });
    expect(fake.open('applications.get').input).toEqual({ id: 'a1' });
    fake.answer('applications.get', record('a1'));
    await flush();
    expect(useDocumentsStore.getState().record?.id).toBe('a1');
    expect(fake.open('plans.get').input).toEqual({ planKey: 'county@2' });
    fake.answer('plans.get', plan);
    fake.answer('documents.list', { items: [{ materialKey: 'hukou', pages: [page('pg1')] }], tookMs: 1 });
    await opening;
    expect(usePlansStore.getState().byKey['county@2']).toBe(plan);
    expect(useDocumentsStore.getState().items.hukou?.map((p) => p.id)).toEqual(['pg1']);
  });

  it('an application opened after another: the earlier answer does not replace it, and an error is kept', async () => {
    void useDocumentsStore.getState().openApplication('a1');
    void useDocumentsStore.getState().openApplication('a2');
    fake.open('applications.get').fail({ code: 'APPLICATION_NOT_FOUND', message: '找不到该申请' });
    await flush();
    expect(useDocumentsStore.getState().recordError).toBeNull();
    fake.answer('applications.get', record('a2'));
    await flush();
    expect(useDocumentsStore.getState().record?.id).toBe('a2');
    void useDocumentsStore.getState().openApplication('a3');
    expect(useDocumentsStore.getState().record).toBeNull();
    fake.open('applications.get').fail({ code: 'APPLICATION_NOT_FOUND', message: '找不到该申请' });
    await flush();
    expect(useDocumentsStore.getState().recordError?.code).toBe('APPLICATION_NOT_FOUND');
  });

  it('a crop transforms the page in place and reloads its application’s pages; a refusal is answered, not thrown', async () => {
    const box = { left: 10, top: 20, width: 300, height: 400 };
    const cropping = useDocumentsStore.getState().crop('pg1', box);
    expect(fake.open('documents.transformPage').input).toEqual({ pageId: 'pg1', transform: { crop: box } });
    fake.answer('documents.transformPage', { page: page('pg2', 'a1') });
    await flush();
    expect(fake.open('documents.list').input).toEqual({ applicationId: 'a1' });
    fake.answer('documents.list', { items: [], tookMs: 1 });
    expect(await cropping).toBeNull();

    const refused = useDocumentsStore.getState().crop('pg1', box);
    fake.open('documents.transformPage').fail({ code: 'VALIDATION_FAILED', message: '裁剪区域超出页面' });
    expect(await refused).toEqual({ code: 'VALIDATION_FAILED', message: '裁剪区域超出页面' });
  });

  it('a page image arrives as a blob of its type', async () => {
    const image = useDocumentsStore.getState().pageImage('pg1');
    expect(fake.open('documents.getPage').input).toEqual({ pageId: 'pg1' });
    fake.answer('documents.getPage', { page: page('pg1'), mime: 'image/jpeg', dataBase64: btoa('abc') });
    const r = await image;
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.type).toBe('image/jpeg');
    expect(await r.value.text()).toBe('abc');
  });

  it('lists the scanners and the scan-to-folder inbox', async () => {
    const scanners = useDocumentsStore.getState().listScanners();
    const devices = [{ id: 'dev1', vendor: 'Canon', model: 'DR', type: 'sheetfed' }];
    fake.answer('documents.listScanners', { driver: 'sane', devices });
    expect(await scanners).toEqual({ ok: true, value: { driver: 'sane', devices } });
    const inbox = useDocumentsStore.getState().listInbox();
    const files = [{ path: '/in/a.pdf', name: 'a.pdf', bytes: 3, modifiedAt: '2026-06-15T00:00:00.000Z' }];
    fake.answer('documents.listInbox', { dirs: ['/in'], files });
    expect(await inbox).toEqual({ ok: true, value: { dirs: ['/in'], files } });
  });
});
