import { z } from 'zod';
import { enrollmentTypeSchema } from '../contract/application';
import { endpoint, isoTime, none } from './define';

// Reference lists the console's filters and forms use (from the newest published plan and the server's tables).

export const metaEndpoints = {
  /** Public: for the sign-in and lookup pages. */
  'meta.info': endpoint('meta.info', {
    summary: 'The county this server serves',
    input: none,
    output: z.object({ countyCode: z.string(), countyName: z.string().nullable(), serverTime: isoTime }),
    access: 'public',
    csrf: false,
  }),
  'meta.reference': endpoint('meta.reference', {
    summary: 'Schools, types, counters and materials for filters and forms',
    input: none,
    output: z.object({
      /** The newest published plan, or null when none is published yet (then lists come from the applications). */
      planVersion: z.number().int().nullable(),
      planKey: z.string().nullable(),
      schools: z.array(z.object({ id: z.string(), name: z.string(), level: z.string() })),
      types: z.array(z.object({ id: enrollmentTypeSchema, name: z.string() })),
      counters: z.array(z.object({ code: z.string(), name: z.string() })),
      materials: z.array(z.object({ id: z.string(), name: z.string(), reason: z.string(), required: z.boolean(), appliesTo: z.array(enrollmentTypeSchema) })),
    }),
    access: 'signedIn',
  }),
} as const;
