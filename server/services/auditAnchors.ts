import { type Kysely } from 'kysely';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { type AuditAnchorRequest, type AuditAnchorResponse } from '../../shared/sync/protocol';
import { reposOf } from '../db/repos';
import { type Database } from '../db/schema';
import { problem } from '../http/problems';
import { type Device } from './auth';

const t = serverText.anchors;

/**
 * A desk anchors the head of its audit log at each sync. Anchors only move forward along one chain: the desk
 * must show that its log still holds the last anchor (`previous` = its row at that seq), and its head must not be
 * behind it. Anything else means rows after the anchor were deleted or rewritten — possible for someone holding
 * the desk's keys, and invisible on the desk itself once the sealed head is rewritten too. That is recorded here
 * (audit_anchor_findings) and answered 409 `audit_anchor_mismatch`; the last good anchor stays the reference.
 */
export async function anchorAuditHead(db: Kysely<Database>, device: Device, req: AuditAnchorRequest, now: Date): Promise<AuditAnchorResponse> {
  const at = now.toISOString();
  const found = await db.transaction().execute(async (trx) => {
    const repos = reposOf(trx);
    // One device's anchors one at a time, whichever replica takes them.
    await repos.locks.keys([`audit-anchor:${device.id}`]);
    const last = await repos.auditAnchors.last(device.id);
    const behind = last !== undefined && req.head.seq < last.seq;
    const rewritten = last !== undefined && !behind && (req.previous === null || req.previous.seq !== last.seq || req.previous.hash !== last.hash);
    if (last && (behind || rewritten)) {
      const kind = behind ? 'behind' : 'rewritten';
      await repos.auditAnchors.finding({ device_id: device.id, found_at: at, kind, anchored_seq: last.seq, anchored_hash: last.hash, reported: JSON.stringify(req) });
      return behind
        ? format(t.behind, { seq: req.head.seq, anchored: last.seq, at: last.received_at })
        : format(t.rewritten, { seq: last.seq, at: last.received_at });
    }
    await repos.auditAnchors.insert(device.id, req.head.seq, req.head.hash, at);
    return null;
  });
  if (found !== null) throw problem(409, 'audit_anchor_mismatch', found);
  return { anchored: req.head, serverTime: at };
}
