import { z } from 'zod';
import { method } from './define';
import { counterCode, countyCode, password, roleSchema, text, username } from './fields';
import { zhCN } from '../i18n/zhCN';

export const staffIdSchema = z.string().uuid();

export const staffSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type Staff = z.infer<typeof staffSchema>;

export const counterSchema = z.object({
  counterName: z.string(),
  counterCode: z.string(),
  countyCode: z.string(),
});
export type Counter = z.infer<typeof counterSchema>;

export const sessionSchema = z.object({
  staffId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  mustChangePassword: z.boolean(),
  locked: z.boolean(),
  startedAt: z.string(),
  /** The sign-in just proved the current password: a forced change may leave currentPassword out. */
  passwordProven: z.boolean(),
});
export type DeskSession = z.infer<typeof sessionSchema>;

export const newStaffInput = z.strictObject({
  username,
  displayName: text(40),
  role: roleSchema,
  password,
});

export const setupInput = z.strictObject({
  counterName: text(60),
  counterCode,
  countyCode,
  admin: z.strictObject({
    username,
    displayName: text(40),
    password,
  }),
});

export const loginInput = z.strictObject({ username, password });
export const unlockInput = z.strictObject({ password });
/** currentPassword may be left out only while the session's sign-in proof holds (session.passwordProven). */
export const changePasswordInput = z.strictObject({ currentPassword: password.optional(), newPassword: password });

export const settingsSchema = z.strictObject({
  idleLockMinutes: z
    .number({ error: zhCN.fields.idleMinutes })
    .int(zhCN.fields.idleMinutes)
    .min(1, zhCN.fields.idleMinutes)
    .max(120, zhCN.fields.idleMinutes),
  /** Printed on the 一次性告知 list: where this counter is and when it is open. */
  counterAddress: z.string().trim().max(120).optional(),
  counterHours: z.string().trim().max(60).optional(),
});
export type DeskSettings = z.infer<typeof settingsSchema>;

const none = z.strictObject({});
const done = z.object({ done: z.literal(true) });

/** First set-up, sign-in and the session, staff accounts and the desk's settings. */
export const staffMethods = {
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
} as const;
