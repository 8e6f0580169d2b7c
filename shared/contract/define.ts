import type { z } from 'zod';
import type { Role } from './fields';

/**
 * Who may call a method.
 * - `public`: no sign-in needed (status, setup, sign-in itself).
 * - `session`: any signed-in staff member.
 * - a list of roles: only those roles. Admin is never implied; list it.
 */
export type Access = 'public' | 'session' | readonly Role[];

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** Callable while the screen is locked (unlock, sign-out, status). */
  whileLocked?: boolean;
  /** Background calls (status polling) do not count as staff activity for the idle lock. */
  background?: boolean;
}

export function method<I extends z.ZodType, O extends z.ZodType>(def: MethodDef<I, O>): MethodDef<I, O> {
  return def;
}
