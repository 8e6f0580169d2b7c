import { problem } from '../../http/problems';
import { children, dryRun, whatIf } from '../../services/placement/current';
import { PlacementError } from '../../services/placement/errors';
import { exportSchool } from '../../services/placement/exportXlsx';
import { announceLottery, cancelLottery, checkPartySecret, checkSource, drawLottery, lotteryDownload, lotteryState } from '../../services/placement/lottery';
import { publishPlacement } from '../../services/placement/publish';
import { recordReassignment } from '../../services/placement/reassignment';
import { type ConsoleContext, type ConsoleHandlers, signedIn } from './define';

// placement.* and lottery.* (issue 13): the services in server/services/placement do the work; a refusal comes back
// as a problem document with the service's Chinese message. Every step that changes something is audited, and so is
// every export of a school's list (it holds personal data, masked).

const STATUS = { state_conflict: 409, validation_failed: 422, not_found: 404 } as const;

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e: unknown) {
    if (e instanceof PlacementError) throw problem(STATUS[e.code], e.code, e.message, e.details.length ? e.details.map((d) => ({ path: d.path, message: d.message })) : undefined);
    throw e;
  }
}

export function placementHandlers(cctx: ConsoleContext): ConsoleHandlers {
  const db = cctx.db;
  return {
    'placement.dryRun': () => run(() => dryRun(db)),
    'placement.children': (input) => run(() => children(db, input)),
    'placement.whatIf': (input) => run(() => whatIf(db, input.places)),
    'placement.exportSchool': async (input, call) => {
      const file = await run(() => exportSchool(db, input.schoolId));
      await cctx.audit.record(call.actor, 'placement.exported', input.schoolId, { fileName: file.fileName }, call.now);
      return file;
    },
    'placement.publish': async (input, call) => {
      const r = await run(() => publishPlacement(db, input, call.actor.name ?? '', call.now));
      await cctx.audit.record(call.actor, 'placement.published', null, { results: r.results, sent: r.sent }, call.now);
      return r;
    },
    'placement.recordReassignment': (input, call) => recordReassignment(db, cctx.audit, input, signedIn(call), call.actor, call.now),
    'lottery.state': () => run(() => lotteryState(db)),
    'lottery.announce': async (input, call) => {
      const s = await run(() => announceLottery(db, input, call.actor.name ?? '', call.now));
      await cctx.audit.record(call.actor, 'lottery.announced', s.lottery?.announcementDigest ?? null, { title: input.title, pools: s.lottery?.pools.map((p) => p.code) ?? [] }, call.now);
      return s;
    },
    'lottery.checkSource': (input) => run(() => checkSource(db, input.slot, input.used, input.value)),
    'lottery.checkSecret': (input) => run(() => checkPartySecret(db, input.party, input.secret)),
    'lottery.draw': async (input, call) => {
      const s = await run(() => drawLottery(db, input, call.actor.name ?? '', call.now));
      await cctx.audit.record(call.actor, 'lottery.drawn', s.lottery?.announcementDigest ?? null, { seed: s.lottery?.draw?.seed ?? null, resultDigest: s.lottery?.draw?.resultDigest ?? null }, call.now);
      return s;
    },
    'lottery.cancel': async (input, call) => {
      const before = await run(() => lotteryState(db));
      const s = await run(() => cancelLottery(db, call.actor.name ?? '', call.now));
      await cctx.audit.record(call.actor, 'lottery.cancelled', before.lottery?.announcementDigest ?? null, { reason: input.reason }, call.now);
      return s;
    },
    'lottery.download': (input) => run(() => lotteryDownload(db, input.what)),
  };
}
