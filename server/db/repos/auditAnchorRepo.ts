import { type Db } from './db';

/** Desks' audit anchors and what was found when a desk's report no longer matched its last one. */
export class AuditAnchorRepo {
  constructor(private readonly db: Db) {}

  /** The device's latest anchor (highest seq), or undefined. */
  last(deviceId: string): Promise<{ seq: number; hash: string; received_at: string } | undefined> {
    return this.db
      .selectFrom('audit_anchors')
      .select(['seq', 'hash', 'received_at'])
      .where('device_id', '=', deviceId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst()
      .then((r) => (r ? { ...r, seq: Number(r.seq) } : undefined));
  }

  async insert(deviceId: string, seq: number, hash: string, at: string): Promise<void> {
    await this.db.insertInto('audit_anchors').values({ device_id: deviceId, seq, hash, received_at: at }).onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing()).execute();
  }

  async finding(row: { device_id: string; found_at: string; kind: 'behind' | 'rewritten'; anchored_seq: number; anchored_hash: string; reported: string }): Promise<void> {
    await this.db.insertInto('audit_anchor_findings').values(row).execute();
  }

  findings(deviceId: string): Promise<{ kind: string; anchored_seq: number; reported: string; found_at: string }[]> {
    return this.db.selectFrom('audit_anchor_findings').select(['kind', 'anchored_seq', 'reported', 'found_at']).where('device_id', '=', deviceId).orderBy('found_at').execute();
  }
}
