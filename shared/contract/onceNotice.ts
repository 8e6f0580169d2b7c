// 一次性告知 (issue 15 follow-ups; seed 001 §4): the likely type's materials for a family without its papers.
import { z } from 'zod';
import { method } from './define';
import { enrollmentTypeSchema } from './application';
import { text } from './fields';

export const onceNoticeAnswersSchema = z.strictObject({
  hukouHere: z.boolean(),
  ownHome: z.boolean(),
  residencePermit: z.boolean(),
  proxy: z.boolean(),
});

const needsSchema = z.object({
  type: enrollmentTypeSchema,
  typeName: z.string(),
  basis: z.string(),
  materials: z.array(z.object({ name: z.string(), reason: z.string(), required: z.boolean() })),
});

export const onceNoticeMethods = {
  /** What the answers' likely type needs, and the printable list as a PDF. */
  'onceNotice.render': method({
    input: onceNoticeAnswersSchema,
    output: needsSchema.extend({ pdfBase64: z.string() }),
    access: 'session',
  }),
  /** Print the list (audited with the answers and the type). */
  'onceNotice.print': method({
    input: onceNoticeAnswersSchema.extend({ printer: text(120).optional() }),
    output: z.object({ printer: z.string() }),
    access: 'session',
  }),
};
