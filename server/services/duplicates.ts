import { type DuplicateRef } from '../../shared/sync/protocol';
import { type Repos } from '../db/repos';

// The same child applying more than once (same childIdHash, at two counters or online): the application is
// accepted and flagged, and every counter involved is told through the change feed.

/** Tells every counter involved about the group; returns the others, for the new application's answer. */
export async function announceDuplicates(repos: Repos, app: DuplicateRef, others: readonly DuplicateRef[], now: Date): Promise<DuplicateRef[]> {
  if (!others.length) return [];
  const all = [app, ...others];
  const detectedAt = now.toISOString();
  for (const target of all) {
    if (target.source !== 'counter') continue;
    await repos.changes.add(
      target.counterCode,
      { kind: 'duplicate', applicationId: target.applicationId, receiptNo: target.receiptNo, duplicates: all.filter((a) => a.applicationId !== target.applicationId), detectedAt },
      detectedAt,
    );
  }
  return [...others];
}

/** Finds the other applications for this child and announces the group (an application that arrived without a batch). */
export async function flagDuplicates(repos: Repos, app: DuplicateRef, childIdHash: string, now: Date): Promise<DuplicateRef[]> {
  const others = (await repos.applications.ofChildren([childIdHash])).filter((a) => a.applicationId !== app.applicationId).map(({ childIdHash: _hash, ...ref }) => ref);
  return announceDuplicates(repos, app, others, now);
}
