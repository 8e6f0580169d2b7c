import type { Ctx } from '../../context';
import type { DeptVerified } from '../../../../shared/contract/sync';
import { credentialsOf, hashChildId, idHashKeyOf, loadConfig } from './config';
import type { SyncEngine } from './engine';

// 零证明 at the counter: at the child's ID field the desk asks the county which materials department data already
// verifies. The question carries only the keyed ID hash (as uploads do) and the answer only flags per material.
// It must never hold the clerk up: anything but a quick answer is "unavailable" and the desk asks for paper.

/** The longest the desk waits for the county's flags before it falls back to paper. */
export const DEPT_VERIFIED_TIMEOUT_MS = 1_500;

const UNAVAILABLE: DeptVerified = { state: 'unavailable', itemIds: [], planVersion: null };

export async function deptVerified(ctx: Ctx, engine: SyncEngine, idNumber: string, timeoutMs = DEPT_VERIFIED_TIMEOUT_MS): Promise<DeptVerified> {
  const config = loadConfig(ctx);
  if (!config.serverUrl) return UNAVAILABLE;
  const creds = await credentialsOf(ctx, config);
  const key = await idHashKeyOf(ctx, config);
  if (!creds || !key) return UNAVAILABLE;
  if (engine.status().phase === 'revoked') return UNAVAILABLE;
  try {
    const res = await engine.apiFor(config).deptVerified(creds, hashChildId(key, idNumber), { timeoutMs });
    return { state: 'answered', itemIds: res.items.filter((i) => i.verified).map((i) => i.itemId), planVersion: res.planVersion };
  } catch {
    // Offline, slow, refused or not the county's answer: paper as usual, nothing to tell the clerk.
    return UNAVAILABLE;
  }
}
