import { type ConsoleContext, type ConsoleHandlers, signedIn } from './define';

/** queue.*, applications.get, decisions.*: the review. */
export function reviewHandlers(cctx: ConsoleContext): ConsoleHandlers {
  const { queue, views, decisions } = cctx.review;
  /** After a decision committed, the SMS it queued goes out now rather than at the sender's next round. */
  const sent = async <T>(decided: Promise<T>): Promise<T> => {
    const out = await decided;
    cctx.sms.kick();
    return out;
  };
  return {
    'queue.list': (input, call) => queue.list(input, signedIn(call)),
    'queue.counts': (input, call) => queue.counts(input.filter, signedIn(call)),
    'applications.get': (input, call) => views.view(input.applicationId, signedIn(call), call.actor, call.now),
    'decisions.templates': (input, call) => decisions.templates(input.applicationId, signedIn(call), call.now),
    'decisions.approve': (input, call) => sent(decisions.approve(input, signedIn(call), call.actor, call.now)),
    'decisions.requestMaterials': (input, call) => sent(decisions.requestMaterials(input, signedIn(call), call.actor, call.now)),
    'decisions.reject': (input, call) => decisions.reject(input, signedIn(call), call.actor, call.now),
    'decisions.confirmRejection': (input, call) => sent(decisions.confirmRejection(input, signedIn(call), call.actor, call.now)),
    'decisions.returnRejection': (input, call) => decisions.returnRejection(input, signedIn(call), call.actor, call.now),
    'decisions.comment': (input, call) => decisions.comment(input, signedIn(call), call.actor, call.now),
    'decisions.bulkPreview': (input, call) => decisions.bulkPreview(input.filter, signedIn(call), call.actor, call.now),
    'decisions.bulkApprove': (input, call) => sent(decisions.bulkApprove(input, signedIn(call), call.actor, call.now)),
  };
}
