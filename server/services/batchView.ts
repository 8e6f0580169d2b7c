import { type Insertable } from 'kysely';
import { type BatchItem, type DuplicateRef, canonicalJson } from '../../shared/sync/protocol';
import { type Repos } from '../db/repos';
import { type Database } from '../db/schema';
import { type Device } from './auth';

/** What the server holds of an application, as a batch's items see it. */
export interface AppState {
  counter_code: string;
  revision: number;
  content_hash: string;
  receipt_no: string;
  child_id_hash: string | null;
}

/**
 * What a batch's items need to know, read in a handful of queries up front (not several per item) and kept
 * current as items are accepted, so a later item of the same batch sees an earlier one. Accepted items' rows are
 * staged and written together by `flush`.
 */
export class BatchView {
  private constructor(
    readonly apps: Map<string, AppState>,
    readonly revisions: Map<string, string>,
    readonly receiptOwner: Map<string, string>,
    readonly blobBytes: Map<string, number>,
    readonly byChild: Map<string, DuplicateRef[]>,
  ) {}

  static async load(repos: Repos, items: readonly BatchItem[]): Promise<BatchView> {
    const ids = [...new Set(items.map((i) => i.applicationId))];
    const receipts = [...new Set(items.map((i) => i.receiptNo))];
    const shas = [...new Set(items.flatMap((i) => i.pages.map((p) => p.sha256)))];
    const children = [...new Set(items.flatMap((i) => (i.childIdHash ? [i.childIdHash] : [])))];
    const apps = await repos.applications.byIdsOrReceipts(ids, receipts);
    const revisions = await repos.applications.revisionsOf(ids);
    const byChild = new Map<string, DuplicateRef[]>();
    for (const { childIdHash, ...ref } of await repos.applications.ofChildren(children)) byChild.set(childIdHash, [...(byChild.get(childIdHash) ?? []), ref]);
    const idSet = new Set(ids);
    return new BatchView(
      new Map(apps.filter((a) => idSet.has(a.id)).map((a) => [a.id, a])),
      new Map(revisions.map((r) => [`${r.application_id}:${r.revision}`, r.content_hash])),
      new Map(apps.map((a) => [a.receipt_no, a.id])),
      await repos.blobs.held(shas),
      byChild,
    );
  }

  private readonly newApps = new Map<string, Insertable<Database['applications']>>();
  private readonly updatedApps = new Map<string, Insertable<Database['applications']>>();
  private readonly newRevisions: Insertable<Database['application_revisions']>[] = [];
  private readonly pagesOf = new Map<string, BatchItem['pages']>();

  /** Queues an accepted item's rows. */
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

  /** Writes the staged rows with a few multi-row statements. */
  async flush(repos: Repos): Promise<void> {
    const { applications } = repos;
    await applications.insertMany([...this.newApps.values()]);
    for (const [id, { created_at: _keep, id: _id, ...row }] of this.updatedApps) await applications.update(id, row);
    await applications.insertRevisions(this.newRevisions);
    await applications.deletePagesOf([...this.pagesOf.keys()].filter((id) => !this.newApps.has(id)));
    await applications.insertPages(
      [...this.pagesOf].flatMap(([id, pages]) => pages.map((p) => ({ application_id: id, page_id: p.pageId, sha256: p.sha256, bytes: p.bytes, material_key: p.materialKey, page_no: p.pageNo }))),
    );
  }

  /** Makes an accepted item visible to the batch's later items. */
  accepted(item: BatchItem, counterCode: string, previous: AppState | undefined): void {
    if (previous) this.receiptOwner.delete(previous.receipt_no);
    this.receiptOwner.set(item.receiptNo, item.applicationId);
    this.apps.set(item.applicationId, { counter_code: counterCode, revision: item.revision, content_hash: item.contentHash, receipt_no: item.receiptNo, child_id_hash: item.childIdHash });
    this.revisions.set(`${item.applicationId}:${item.revision}`, item.contentHash);
    if (previous?.child_id_hash && previous.child_id_hash !== item.childIdHash) {
      this.byChild.set(previous.child_id_hash, (this.byChild.get(previous.child_id_hash) ?? []).filter((a) => a.applicationId !== item.applicationId));
    }
    if (item.childIdHash) {
      const list = (this.byChild.get(item.childIdHash) ?? []).filter((a) => a.applicationId !== item.applicationId);
      this.byChild.set(item.childIdHash, [...list, { applicationId: item.applicationId, receiptNo: item.receiptNo, counterCode, source: 'counter' }]);
    }
  }
}
