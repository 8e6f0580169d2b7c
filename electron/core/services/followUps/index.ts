import type { Handlers } from '../../context';
import type { followUpMethods } from '../../../../shared/contract/followUps';
import { callHandlers } from './calls';
import { supplementHandlers } from './supplement';

export const followUpHandlers: Pick<Handlers, keyof typeof followUpMethods> = { ...supplementHandlers, ...callHandlers };
export { dueRows, followUpOf, visitData, followUpRepo } from './supplement';
