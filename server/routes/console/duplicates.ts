import { getDuplicateGroup, groupRecords, groupRows, listDuplicateGroups, resolveDuplicateGroup } from '../../services/console/duplicates';
import { type DuplicateGroupCore } from '../../services/console/duplicates';
import { type ConsoleContext, type ConsoleHandlers, signedIn } from './define';

/** duplicates.*: the same child applying more than once, side by side, resolved by keeping one. */
export function duplicateHandlers(cctx: ConsoleContext): ConsoleHandlers {
  const view = async (g: DuplicateGroupCore) => ({ groupId: g.groupId, applications: await groupRows(cctx.db, g), resolution: g.resolution, outsideScope: g.outsideScope });
  return {
    'duplicates.list': async (input, call) => {
      const page = await listDuplicateGroups(cctx.db, input, signedIn(call));
      return { groups: await Promise.all(page.groups.map(view)), nextCursor: page.nextCursor };
    },
    'duplicates.get': async (input, call) => {
      const group = await getDuplicateGroup(cctx.db, input.groupId, signedIn(call));
      const records = await groupRecords(cctx.db, group);
      // A view of personal data: one audit entry per application shown.
      for (const r of records) await cctx.audit.record(call.actor, 'duplicates.viewed', r.applicationId, { groupId: group.groupId }, call.now);
      return { ...(await view(group)), records };
    },
    'duplicates.resolve': async (input, call) => view(await resolveDuplicateGroup(cctx.db, input, call.actor, cctx.audit, call.now, signedIn(call))),
  };
}
