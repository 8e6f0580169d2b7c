import { z } from 'zod';
import { endpoint, isoTime, none } from './define';
import { consoleContractText } from '../i18n/zhCN.consoleContract';

/** A problem of a plan file at its exact place: the dotted path and, for text that parses, line and column. */
export const planProblemSchema = z.object({
  path: z.string(),
  message: z.string(),
  /** 1-based; null when the place cannot be found in the text (e.g. a missing key: its parent's place). */
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
});

export const planSummarySchema = z.object({
  planId: z.string(),
  version: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  year: z.number().int(),
  schools: z.number().int(),
  zones: z.number().int(),
  materials: z.number().int(),
  sample: z.boolean(),
});

export const publishedPlanSchema = planSummarySchema.extend({
  /** The server's version number (what desks pull). */
  serverVersion: z.number().int(),
  planKey: z.string(),
  publishedAt: isoTime,
  publishedBy: z.string().nullable(),
  /** Desks whose newest pulled plan is this one. */
  desks: z.number().int().nonnegative(),
});

/** The plan file as text (UTF-8 JSON), at most 4 MB. */
const planText = z.string().min(1, consoleContractText.planFile.required).max(4_000_000, consoleContractText.planFile.tooLarge);

export const planEndpoints = {
  'plans.list': endpoint('plans.list', {
    summary: 'Published plan versions and which desk runs which',
    input: none,
    output: z.object({
      plans: z.array(publishedPlanSchema),
      desks: z.array(z.object({ deviceId: z.uuid(), deviceName: z.string(), counterCode: z.string(), planVersion: z.number().int().nullable(), lastSeenAt: isoTime.nullable() })),
    }),
    access: ['admin'],
  }),
  /** Checks a plan file without publishing it. */
  'plans.check': endpoint('plans.check', {
    summary: 'Validate a plan file; problems with their exact place',
    input: z.strictObject({ text: planText }),
    output: z.object({ ok: z.boolean(), problems: z.array(planProblemSchema), summary: planSummarySchema.nullable(), notes: z.array(z.string()) }),
    access: ['admin'],
  }),
  /** Publishes to every desk (they pull it at their next sync). A file with problems: 422 plan_invalid with `errors`. */
  'plans.publish': endpoint('plans.publish', {
    summary: 'Publish a plan version to every desk',
    input: z.strictObject({ text: planText }),
    output: publishedPlanSchema,
    access: ['admin'],
  }),
} as const;
