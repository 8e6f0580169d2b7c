import { z } from 'zod';
import { type MethodDef } from './define';
import { staffMethods } from './staff';
import { systemMethods } from './system';
import { planMethods } from './plans';
import { applicationMethods } from './applications';
import { documentMethods } from './documents';
import { printingMethods } from './printing';
import { syncMethods } from './sync';
import { cardReaderMethods } from './cardReader';
import { backupMethods, backupProgressSchema } from './backup';
import { reportMethods } from './reports';
import { onceNoticeMethods } from './onceNotice';
import { followUpMethods } from './followUps';

/**
 * Every method the renderer may call. Each domain's file lists its own methods; a new feature adds its list here
 * and a handler in the core.
 */
export const methods = {
  ...systemMethods,
  ...staffMethods,
  ...planMethods,
  ...applicationMethods,
  ...documentMethods,
  ...printingMethods,
  ...syncMethods,
  ...cardReaderMethods,
  ...backupMethods,
  ...reportMethods,
  ...onceNoticeMethods,
  ...followUpMethods,
} satisfies Record<string, MethodDef>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

/** Events the core pushes to the renderer. */
export const events = {
  'session.changed': z.object({ reason: z.enum(['login', 'logout', 'locked', 'unlocked', 'setup', 'passwordChanged', 'auditAcknowledged']) }),
  'applications.changed': z.object({ ids: z.array(z.string()) }),
  'sync.progress': z.object({ done: z.number(), total: z.number(), bytes: z.number() }),
  'backup.progress': backupProgressSchema,
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

export * from './result';
export * from './fields';
export * from './staff';
export * from './system';
export * from './application';
export * from './applications';
export * from './reviewResult';
export * from './reports';
export * from './cardReader';
export type { Access, MethodDef } from './define';
