import { z } from 'zod';
import { LOOKUP_API, endpoint, isoTime } from './define';
import { queueStatusSchema } from './queue';
import { SAFE_TEXT } from '../sync/protocol';
import { consoleContractText } from '../i18n/zhCN.consoleContract';

/** What a family types: no control characters or lone surrogates (PostgreSQL refuses U+0000 in text, which was a 500). */
const typed = (s: z.ZodString) => s.regex(SAFE_TEXT, { message: consoleContractText.lookupTyped });

// The public lookup (/lookup): a family types (or scans) the receipt number and the verification code printed on
// a receipt or notice and learns whether the paper is genuine and where the application stands. No sign-in,
// rate-limited per address, masked data only; a pair that does not match (or an unknown receipt) gets the same
// `{ found: false }`, so the page reveals nothing about receipts it was not shown the code of.

export const lookupResultSchema = z.discriminatedUnion('found', [
  z.object({ found: z.literal(false) }),
  z.object({
    found: z.literal(true),
    /** What the code belongs to: the receipt, or a result notice (its version). */
    document: z.enum(['receipt', 'notice']),
    /** For a notice: false when the county has decided again since (the paper is genuine but out of date). */
    current: z.boolean(),
    receiptNo: z.string(),
    /** 张*丰 */
    childNameMasked: z.string(),
    schoolName: z.string().nullable(),
    status: queueStatusSchema,
    /** Chinese label of the status as families read it. */
    statusText: z.string(),
    submittedAt: isoTime.nullable(),
    decidedAt: isoTime.nullable(),
  }),
]);
export type LookupResult = z.infer<typeof lookupResultSchema>;

export const lookupEndpoints = {
  /** Also takes the QR text (`ED1|<receipt>|<code>`) as `receiptNo` with an empty code. 429 rate_limited when asked too often. */
  'lookup.check': endpoint('lookup.check', {
    path: `${LOOKUP_API}/check`,
    summary: 'Public: is this receipt or notice genuine, and the status',
    input: z.strictObject({ receiptNo: typed(z.string().trim().min(1).max(120)), code: typed(z.string().trim().max(20)).default('') }),
    output: lookupResultSchema,
    access: 'public',
    csrf: false,
  }),
} as const;
