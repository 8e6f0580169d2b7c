import { z } from 'zod';
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
