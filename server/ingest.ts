import { createHash, createHmac } from 'node:crypto';
import { type Insertable, type Transaction } from 'kysely';
import { parseReceiptNumber } from '../shared/domain/receiptNumber';
import {
  type BatchItem,
  type BatchRequest,
  type BatchResponse,
  type DuplicateRef,
  type FieldError,
  type ItemResult,
  MAX_RECORD_JSON_CHARS,
  ackString,
  canonicalJson,
  contentHashInput,
} from '../shared/sync/protocol';
import { type Store } from './db/open';
import { type Database } from './db/schema';
import { type County } from './counters';
import { addChange } from './feed';
import { ProblemError, problem } from './problems';

export interface Device {
  id: string;
  counterCode: string;
  secret: Buffer;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Ingests batches with group commit: batches that arrive while one is being stored wait, then go together
 * into one durable transaction (one fsync for all of them). One group at a time per server process, so the
 * duplicate check and the revision checks see every earlier batch.
 */
export class IngestQueue {
  private readonly waiting: { device: Device; batch: BatchRequest; now: Date; resolve: (r: BatchResponse) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly store: Store,
    private readonly county: County,
    private readonly maxGroup = 32,
  ) {}

  submit(device: Device, batch: BatchRequest, now: Date): Promise<BatchResponse> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ device, batch, now, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length) {
        const group = this.waiting.splice(0, this.maxGroup);
        try {
          const outcomes = await this.store.durable(async (trx) => {
            const out: ({ ok: true; value: BatchResponse } | { ok: false; error: ProblemError })[] = [];
            for (const job of group) {
              try {
                out.push({ ok: true, value: await ingestBatch(trx, this.county, job.device, job.batch, job.now) });
              } catch (e: unknown) {
                // A refused batch (reused id) is refused before it writes anything; the others go on.
                if (e instanceof ProblemError) out.push({ ok: false, error: e });
                else throw e;
              }
            }
            return out;
          });
          outcomes.forEach((o, i) => (o.ok ? group[i]?.resolve(o.value) : group[i]?.reject(o.error)));
        } catch (e: unknown) {
          for (const job of group) job.reject(e);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/** One batch inside the group's transaction: per-item results, the answer stored under the batch id, duplicate changes. */
async function ingestBatch(trx: Transaction<Database>, county: County, device: Device, batch: BatchRequest, now: Date): Promise<BatchResponse> {
  const requestHash = sha256(canonicalJson(batch));
  const previous = await trx.selectFrom('batches').select(['device_id', 'request_hash', 'response']).where('batch_id', '=', batch.batchId).executeTakeFirst();
  if (previous) {
    if (previous.device_id === device.id && previous.request_hash === requestHash) return JSON.parse(previous.response) as BatchResponse;
    throw problem(422, 'batch_id_reused', '这个批次编号已用于另一批内容。请为新的一批申请生成新的批次编号后重新上传。');
  }
  const view = await BatchView.load(trx, batch.items);
  const items: ItemResult[] = [];
  for (const item of batch.items) items.push(await ingestItem(trx, view, county, device, item, now));
  await view.flush(trx);
  const response: BatchResponse = {
    batchId: batch.batchId,
    items,
    ack: { batchId: batch.batchId, signature: createHmac('sha256', device.secret).update(ackString(batch.batchId, items)).digest('hex') },
    serverTime: now.toISOString(),
  };
  await trx
    .insertInto('batches')
    .values({ batch_id: batch.batchId, device_id: device.id, request_hash: requestHash, response: JSON.stringify(response), created_at: now.toISOString() })
    .execute();
  return response;
}

interface AppState {
  counter_code: string;
  revision: number;
  content_hash: string;
  receipt_no: string;
  child_id_hash: string | null;
}

/**
 * What the batch's items need to know, read in a handful of queries up front (not several per item) and kept
 * current as items are accepted, so a later item of the same batch sees an earlier one.
 */
class BatchView {
  private constructor(
    readonly apps: Map<string, AppState>,
    readonly revisions: Map<string, string>,
    readonly receiptOwner: Map<string, string>,
    readonly blobBytes: Map<string, number>,
    readonly byChild: Map<string, AppRef[]>,
  ) {}

  static async load(trx: Transaction<Database>, items: readonly BatchItem[]): Promise<BatchView> {
    const ids = [...new Set(items.map((i) => i.applicationId))];
    const receipts = [...new Set(items.map((i) => i.receiptNo))];
    const shas = [...new Set(items.flatMap((i) => i.pages.map((p) => p.sha256)))];
    const children = [...new Set(items.flatMap((i) => (i.childIdHash ? [i.childIdHash] : [])))];
    const apps = await trx
      .selectFrom('applications')
      .select(['id', 'counter_code', 'revision', 'content_hash', 'receipt_no', 'child_id_hash'])
      .where((eb) => eb.or([eb('id', 'in', ids), eb('receipt_no', 'in', receipts)]))
      .execute();
    const revisions = await trx.selectFrom('application_revisions').select(['application_id', 'revision', 'content_hash']).where('application_id', 'in', ids).execute();
    const blobs = shas.length ? await trx.selectFrom('blobs').select(['sha256', 'bytes']).where('sha256', 'in', shas).execute() : [];
    const siblings = children.length
      ? await trx.selectFrom('applications').select(['id', 'receipt_no', 'counter_code', 'source', 'child_id_hash']).where('child_id_hash', 'in', children).orderBy('created_at').execute()
      : [];
    const byChild = new Map<string, AppRef[]>();
    for (const a of siblings) byChild.set(a.child_id_hash ?? '', [...(byChild.get(a.child_id_hash ?? '') ?? []), { id: a.id, receiptNo: a.receipt_no, counterCode: a.counter_code, source: a.source }]);
    return new BatchView(
      new Map(apps.filter((a) => ids.includes(a.id)).map((a) => [a.id, { ...a, revision: Number(a.revision) }])),
      new Map(revisions.map((r) => [`${r.application_id}:${r.revision}`, r.content_hash])),
      new Map(apps.map((a) => [a.receipt_no, a.id])),
      new Map(blobs.map((b) => [b.sha256, Number(b.bytes)])),
      byChild,
    );
  }

  private readonly newApps = new Map<string, Insertable<Database['applications']>>();
  private readonly updatedApps = new Map<string, Insertable<Database['applications']>>();
  private readonly newRevisions: Insertable<Database['application_revisions']>[] = [];
  private readonly pagesOf = new Map<string, BatchItem['pages']>();

  /** Queues an accepted item's rows; `flush` writes them with a few multi-row statements. */
  stage(item: BatchItem, device: Device, recordJson: string, previous: AppState | undefined, nowIso: string): void {
    const row = {
      id: item.applicationId,
      counter_code: device.counterCode,
      device_id: device.id,
      source: 'counter' as const,
      receipt_no: item.receiptNo,
      child_id_hash: item.childIdHash,
      revision: item.revision,
      content_hash: item.contentHash,
      record: recordJson,
      created_at: nowIso,
      updated_at: nowIso,
    };
    const pendingNew = this.newApps.get(item.applicationId);
    if (pendingNew) this.newApps.set(item.applicationId, { ...row, created_at: pendingNew.created_at });
    else if (previous) this.updatedApps.set(item.applicationId, row);
    else this.newApps.set(item.applicationId, row);
    this.newRevisions.push({
      application_id: item.applicationId,
      revision: item.revision,
      content_hash: item.contentHash,
      record: recordJson,
      pages: canonicalJson(item.pages),
      device_id: device.id,
      received_at: nowIso,
    });
    this.pagesOf.set(item.applicationId, item.pages);
  }

  async flush(trx: Transaction<Database>): Promise<void> {
    for (const rows of chunks([...this.newApps.values()], 200)) await trx.insertInto('applications').values(rows).execute();
    for (const [id, { created_at: _keep, id: _id, ...row }] of this.updatedApps) await trx.updateTable('applications').set(row).where('id', '=', id).execute();
    for (const rows of chunks(this.newRevisions, 200)) await trx.insertInto('application_revisions').values(rows).execute();
    const replaced = [...this.pagesOf.keys()].filter((id) => !this.newApps.has(id));
    if (replaced.length) await trx.deleteFrom('application_pages').where('application_id', 'in', replaced).execute();
    const pageRows = [...this.pagesOf].flatMap(([id, pages]) =>
      pages.map((p) => ({ application_id: id, page_id: p.pageId, sha256: p.sha256, bytes: p.bytes, material_key: p.materialKey, page_no: p.pageNo })),
    );
    for (const rows of chunks(pageRows, 500)) await trx.insertInto('application_pages').values(rows).execute();
  }

  accepted(item: BatchItem, counterCode: string, previous: AppState | undefined): void {
    if (previous) this.receiptOwner.delete(previous.receipt_no);
    this.receiptOwner.set(item.receiptNo, item.applicationId);
    this.apps.set(item.applicationId, { counter_code: counterCode, revision: item.revision, content_hash: item.contentHash, receipt_no: item.receiptNo, child_id_hash: item.childIdHash });
    this.revisions.set(`${item.applicationId}:${item.revision}`, item.contentHash);
    if (previous?.child_id_hash && previous.child_id_hash !== item.childIdHash) {
      this.byChild.set(previous.child_id_hash, (this.byChild.get(previous.child_id_hash) ?? []).filter((a) => a.id !== item.applicationId));
    }
    if (item.childIdHash) {
      const list = (this.byChild.get(item.childIdHash) ?? []).filter((a) => a.id !== item.applicationId);
      this.byChild.set(item.childIdHash, [...list, { id: item.applicationId, receiptNo: item.receiptNo, counterCode, source: 'counter' }]);
    }
  }
}

async function ingestItem(trx: Transaction<Database>, view: BatchView, county: County, device: Device, item: BatchItem, now: Date): Promise<ItemResult> {
  const existing = view.apps.get(item.applicationId);
  const base = { applicationId: item.applicationId, revision: item.revision };
  const current = { serverHash: existing?.content_hash ?? null, serverRevision: existing?.revision ?? null };
  const invalid = (errors: FieldError[]): ItemResult => ({ ...base, result: 'invalid', ...current, errors });
  const conflict = (message: string, path = 'revision'): ItemResult => ({ ...base, result: 'conflict', ...current, errors: [{ path, message }] });

  const recordJson = canonicalJson(item.record);
  if (recordJson.length > MAX_RECORD_JSON_CHARS) return invalid([{ path: 'record', message: `申请内容过大（${recordJson.length} 字符，上限 ${MAX_RECORD_JSON_CHARS}）。请检查是否误填了大段文字。` }]);
  if (sha256(contentHashInput(item.record, item.pages)) !== item.contentHash) {
    return invalid([{ path: 'contentHash', message: '内容校验值与申请内容不符（可能在传输中损坏）。请重新计算校验值后重新上传。' }]);
  }
  const errors = checkReceipt(item.receiptNo, county.countyCode, device.counterCode);
  const pageIds = new Set(item.pages.map((p) => p.pageId));
  if (pageIds.size !== item.pages.length) errors.push({ path: 'pages', message: '同一申请中有重复的页面编号。' });
  if (errors.length) return invalid(errors);

  if (existing && existing.counter_code !== device.counterCode) {
    return conflict('这个申请编号已由另一个报名点上传。请联系县教育局核对。', 'applicationId');
  }
  const sameRevision = view.revisions.get(`${item.applicationId}:${item.revision}`);
  if (sameRevision) {
    if (sameRevision === item.contentHash) return { ...base, result: 'already_have', serverHash: sameRevision, serverRevision: current.serverRevision };
    return conflict(`服务器已有第 ${item.revision} 版且内容不同。请由主管核对两个版本。`);
  }
  if ((existing?.revision ?? null) !== item.baseRevision) {
    return conflict(
      existing
        ? `服务器上的最新版本是第 ${existing.revision} 版，而本次修改基于第 ${item.baseRevision ?? '—'} 版。请由主管核对后再上传。`
        : `服务器上没有这条申请，而本次修改基于第 ${item.baseRevision} 版。请以完整申请重新上传（不带基准版本）。`,
      'baseRevision',
    );
  }
  if (existing && item.revision <= existing.revision) return invalid([{ path: 'revision', message: `版本号应大于服务器上的第 ${existing.revision} 版。` }]);
  if (!existing || existing.receipt_no !== item.receiptNo) {
    const other = view.receiptOwner.get(item.receiptNo);
    if (other && other !== item.applicationId) return invalid([{ path: 'receiptNo', message: `回执编号 ${item.receiptNo} 已属于另一条申请。请核对回执编号。` }]);
  }

  if (item.pages.length) {
    const bytesOf = view.blobBytes;
    const missing = item.pages.flatMap((p, i) => (bytesOf.has(p.sha256) ? [] : [{ path: `pages[${i}].sha256`, message: '服务器还没有这一页的完整文件，请先上传材料页面。' }]));
    if (missing.length) return { ...base, result: 'retry_later', ...current, errors: missing };
    const wrongSize = item.pages.flatMap((p, i) =>
      bytesOf.get(p.sha256) === p.bytes ? [] : [{ path: `pages[${i}].bytes`, message: `页面大小 ${p.bytes} 字节与服务器上的文件（${bytesOf.get(p.sha256)} 字节）不符。` }],
    );
    if (wrongSize.length) return invalid(wrongSize);
  }

  view.stage(item, device, recordJson, existing, now.toISOString());
  const result: ItemResult = { ...base, result: 'accepted', serverHash: item.contentHash, serverRevision: item.revision };
  const others = item.childIdHash && item.childIdHash !== existing?.child_id_hash ? (view.byChild.get(item.childIdHash) ?? []).filter((a) => a.id !== item.applicationId) : [];
  view.accepted(item, device.counterCode, existing);
  if (others.length) {
    result.duplicateOf = await announceDuplicates(trx, { id: item.applicationId, receiptNo: item.receiptNo, counterCode: device.counterCode, source: 'counter' }, others, now);
  }
  return result;
}

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

function checkReceipt(receiptNo: string, countyCode: string, counterCode: string): FieldError[] {
  const parsed = parseReceiptNumber(receiptNo);
  if (!parsed.ok) return [{ path: 'receiptNo', message: parsed.message }];
  if (parsed.value.receiptNumber !== receiptNo) return [{ path: 'receiptNo', message: `回执编号应按规范写法上传：${parsed.value.receiptNumber}。` }];
  if (parsed.value.countyCode !== countyCode) return [{ path: 'receiptNo', message: `回执编号的县代码 ${parsed.value.countyCode} 不是本县（${countyCode}）。请检查报名点设置中的县代码。` }];
  if (parsed.value.counterCode !== counterCode) {
    return [{ path: 'receiptNo', message: `回执编号的柜台编码 ${parsed.value.counterCode} 与本设备注册的报名点 ${counterCode} 不符。请检查报名点设置。` }];
  }
  return [];
}

interface AppRef {
  id: string;
  receiptNo: string;
  counterCode: string;
  source: DuplicateRef['source'];
}

/**
 * Other applications for the same child: returned for the item's answer, and told to every counter involved
 * (the new application's counter and each other counter) through the change feed.
 */
export async function flagDuplicates(trx: Transaction<Database>, app: AppRef, childIdHash: string, now: Date): Promise<DuplicateRef[]> {
  const others = await trx
    .selectFrom('applications')
    .select(['id', 'receipt_no', 'counter_code', 'source'])
    .where('child_id_hash', '=', childIdHash)
    .where('id', '!=', app.id)
    .orderBy('created_at')
    .execute();
  return announceDuplicates(
    trx,
    app,
    others.map((o) => ({ id: o.id, receiptNo: o.receipt_no, counterCode: o.counter_code, source: o.source })),
    now,
  );
}

/** Tells every counter involved about the group; returns the others for the new application's answer. */
async function announceDuplicates(trx: Transaction<Database>, app: AppRef, others: AppRef[], now: Date): Promise<DuplicateRef[]> {
  if (!others.length) return [];
  const refOf = (a: AppRef): DuplicateRef => ({ applicationId: a.id, receiptNo: a.receiptNo, counterCode: a.counterCode, source: a.source });
  const all: AppRef[] = [app, ...others];
  const detectedAt = now.toISOString();
  for (const target of all) {
    if (target.source !== 'counter') continue;
    await addChange(trx, target.counterCode, {
      kind: 'duplicate',
      applicationId: target.id,
      receiptNo: target.receiptNo,
      duplicates: all.filter((a) => a.id !== target.id).map(refOf),
      detectedAt,
    });
  }
  return all.filter((a) => a.id !== app.id).map(refOf);
}
