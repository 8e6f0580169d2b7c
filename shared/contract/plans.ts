import { z } from 'zod';
import { method } from './define';
import { planInfoSchema } from './applications';
import type { CountyPlan } from '../plan/schema';
import { contractText as ct } from '../i18n/zhCN.contract';

const anyStaff = 'session' as const;
const none = z.strictObject({});
const planOutput = z.custom<CountyPlan>((v) => typeof v === 'object' && v !== null);

/** The county's enrollment plans on this desk. */
export const planMethods = {
  'plans.getActive': method({ input: none, output: z.object({ info: planInfoSchema, plan: planOutput }), access: anyStaff }),
  'plans.list': method({ input: none, output: z.array(planInfoSchema), access: anyStaff }),
  'plans.get': method({
    input: z.strictObject({ planKey: z.string().max(200) }),
    output: z.object({ info: planInfoSchema, plan: planOutput }),
    access: anyStaff,
  }),
  'plans.import': method({
    input: z.strictObject({ json: z.string().max(4_000_000, ct.files.planTooLarge) }),
    output: planInfoSchema,
    access: ['admin'],
  }),
} as const;
