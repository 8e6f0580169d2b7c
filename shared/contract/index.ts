import { z } from 'zod';
import { method, type MethodDef } from './define';
import {
  changePasswordInput,
  loginInput,
  newStaffInput,
  sessionSchema,
  settingsSchema,
  setupInput,
  staffIdSchema,
  staffSchema,
  unlockInput,
} from './staff';
import { auditEntrySchema, auditVerifySchema, statusSchema } from './system';
import { password, roleSchema } from './fields';
import {
  ageOverrideInput,
  appId,
  applicationRecordSchema,
  duplicateReportSchema,
  planInfoSchema,
  saveDraftInput,
  saveEditInput,
  searchInputSchema,
  searchResultSchema,
  submitInput,
  submitResultSchema,
  updateInput,
  voidInput,
  windowOverrideInput,
} from './applications';
import { ageOverrideSchema, applicationDraftSchema, windowOverrideSchema } from './application';
import type { CountyPlan } from '../plan/schema';
import { documentMethods } from './documents';
import { printingMethods } from './printing';
import { syncMethods } from './sync';
import { cardReaderMethods } from './cardReader';
import { backupMethods, backupProgressSchema } from './backup';
import { reportMethods } from './reports';
import { onceNoticeMethods } from './onceNotice';
import { followUpMethods } from './followUps';

const anyStaff = 'session' as const;
const supervisors = ['supervisor', 'admin'] as const;
const planOutput = z.custom<CountyPlan>((v) => typeof v === 'object' && v !== null);

const none = z.strictObject({});
const done = z.object({ done: z.literal(true) });

/** Every method the renderer may call. A new feature adds entries here and a handler in the core. */
export const methods = {
  'system.getStatus': method({ input: none, output: statusSchema, access: 'public', whileLocked: true, background: true }),
  'setup.initialize': method({ input: setupInput, output: sessionSchema, access: 'public' }),
  'auth.login': method({ input: loginInput, output: sessionSchema, access: 'public' }),
  'auth.logout': method({ input: none, output: done, access: 'public', whileLocked: true }),
  'auth.lockSession': method({ input: none, output: done, access: 'session', whileLocked: true }),
  'auth.unlockSession': method({ input: unlockInput, output: sessionSchema, access: 'session', whileLocked: true }),
  'auth.touchSession': method({ input: none, output: done, access: 'session' }),
  'auth.changePassword': method({ input: changePasswordInput, output: sessionSchema, access: 'session' }),
  'staff.list': method({ input: none, output: z.array(staffSchema), access: ['admin'] }),
  'staff.create': method({ input: newStaffInput, output: staffSchema, access: ['admin'] }),
  'staff.setDisabled': method({
    input: z.strictObject({ staffId: staffIdSchema, disabled: z.boolean() }),
    output: staffSchema,
    access: ['admin'],
  }),
  'staff.resetPassword': method({
    input: z.strictObject({ staffId: staffIdSchema, newPassword: password }),
    output: staffSchema,
    access: ['admin'],
  }),
  'staff.setRole': method({
    input: z.strictObject({ staffId: staffIdSchema, role: roleSchema }),
    output: staffSchema,
    access: ['admin'],
  }),
  'staff.unlock': method({ input: z.strictObject({ staffId: staffIdSchema }), output: staffSchema, access: ['admin'] }),
  'settings.get': method({ input: none, output: settingsSchema, access: 'session' }),
  'settings.update': method({ input: settingsSchema, output: settingsSchema, access: ['admin'] }),
  'audit.list': method({
    input: z.strictObject({
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(auditEntrySchema),
    access: ['supervisor', 'admin'],
  }),
  'audit.verify': method({ input: none, output: auditVerifySchema, access: ['supervisor', 'admin'] }),
  'audit.acknowledgeAlert': method({
    input: z.strictObject({ note: z.string().trim().min(1, '请写明已采取的处理措施。').max(500) }),
    output: done,
    access: ['admin'],
  }),

  'plans.getActive': method({ input: none, output: z.object({ info: planInfoSchema, plan: planOutput }), access: anyStaff }),
  'plans.list': method({ input: none, output: z.array(planInfoSchema), access: anyStaff }),
  'plans.get': method({
    input: z.strictObject({ planKey: z.string().max(200) }),
    output: z.object({ info: planInfoSchema, plan: planOutput }),
    access: anyStaff,
  }),
  'plans.import': method({
    input: z.strictObject({ json: z.string().max(4_000_000, '方案文件过大（超过 4 MB），请核对文件。') }),
    output: planInfoSchema,
    access: ['admin'],
  }),

  'applications.saveDraft': method({
    input: saveDraftInput,
    output: z.object({ id: z.string(), savedAt: z.string(), planKey: z.string() }),
    access: anyStaff,
  }),
  'applications.checkDuplicates': method({
    input: z.strictObject({ id: appId.optional(), data: applicationDraftSchema }),
    output: duplicateReportSchema,
    access: anyStaff,
  }),
  'applications.submit': method({ input: submitInput, output: submitResultSchema, access: anyStaff }),
  'applications.update': method({ input: updateInput, output: submitResultSchema, access: anyStaff }),
  'applications.saveEdit': method({
    input: saveEditInput,
    output: z.object({ id: z.string(), savedAt: z.string() }),
    access: anyStaff,
  }),
  'applications.get': method({ input: z.strictObject({ id: appId }), output: applicationRecordSchema, access: anyStaff }),
  'applications.search': method({ input: searchInputSchema, output: searchResultSchema, access: anyStaff }),
  'applications.void': method({ input: voidInput, output: z.object({ done: z.literal(true) }), access: supervisors }),
  'applications.discardDraft': method({ input: z.strictObject({ id: appId }), output: z.object({ done: z.literal(true) }), access: anyStaff }),
  'applications.approveAgeOverride': method({ input: ageOverrideInput, output: ageOverrideSchema, access: anyStaff }),
  'applications.approveOutsideWindow': method({ input: windowOverrideInput, output: windowOverrideSchema, access: anyStaff }),
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
