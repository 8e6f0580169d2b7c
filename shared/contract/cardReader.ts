// The second-generation ID-card reader (二代证阅读器) and the suggestions read from scanned pages (issue 17).
import { z } from 'zod';
import { method } from './define';
import { contractText as ct } from '../i18n/zhCN.contract';

const none = z.strictObject({});

export const cardReaderFamilySchema = z.enum(['termb', 'sdtapi']);
export type CardReaderFamily = z.infer<typeof cardReaderFamilySchema>;

/** Where the vendor's library is and which port the reader is on (null: look on the usual ports). */
export const cardReaderConfigSchema = z.strictObject({
  libraryPath: z
    .string()
    .trim()
    .min(1, ct.cardReader.libraryRequired)
    .max(1000, ct.cardReader.libraryTooLong)
    .refine((p) => !p.includes('\0'), ct.cardReader.libraryHidden)
    .nullable(),
  port: z.number().int(ct.cardReader.portInteger).min(1, ct.cardReader.portRange).max(1016, ct.cardReader.portRange).nullable(),
});
export type CardReaderConfig = z.infer<typeof cardReaderConfigSchema>;

export const cardReaderStatusSchema = z.object({
  config: cardReaderConfigSchema,
  state: z.enum(['notConfigured', 'ready', 'error']),
  family: cardReaderFamilySchema.nullable(),
  /** The port the reader answered on. */
  port: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type CardReaderStatus = z.infer<typeof cardReaderStatusSchema>;

/** The text fields of a card as the chip holds them. The photo is never read out of the library's buffer. */
export const idCardSchema = z.object({
  kind: z.enum(['resident_id', 'hmt_residence_permit']),
  name: z.string(),
  sex: z.enum(['M', 'F']).nullable(),
  /** Nationality as printed (汉, 蒙古, …); null for a code outside GB/T 3304. */
  ethnicity: z.string().nullable(),
  birthDate: z.string(),
  address: z.string(),
  idNumber: z.string(),
  issuer: z.string(),
  validFrom: z.string().nullable(),
  /** Null for a long-term card (长期). */
  validTo: z.string().nullable(),
  /** validTo lies before today (the desk's clock). */
  expired: z.boolean(),
});
export type IdCard = z.infer<typeof idCardSchema>;

export const cardReadSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('card'), card: idCardSchema, readAt: z.string() }),
  z.object({ state: z.literal('noCard') }),
  /** Polling: the card delivered last is still lying on the reader. */
  z.object({ state: z.literal('same') }),
]);
export type CardRead = z.infer<typeof cardReadSchema>;

// ---- Suggestions read from scanned pages (OCR) ----

export const ocrDocumentKindSchema = z.enum(['hukou_booklet', 'property_certificate', 'residence_permit']);
export type OcrDocumentKind = z.infer<typeof ocrDocumentKindSchema>;

export const suggestionFieldSchema = z.enum([
  'name',
  'idNumber',
  'birthDate',
  'relation',
  'moveInDate',
  'address',
  'owner',
  'registrationDate',
  'validFrom',
  'validTo',
  'certificateNumber',
]);
export type SuggestionField = z.infer<typeof suggestionFieldSchema>;

export const suggestionSchema = z.object({
  field: suggestionFieldSchema,
  value: z.string(),
  /** The recogniser's confidence for the text the value came from, 0–1. */
  confidence: z.number(),
  /**
   * Character positions (code points of `value`) read with low probability: a rare character the recogniser
   * does not know comes out as a look-alike. Shown marked; the clerk checks them against the page.
   */
  uncertain: z.array(z.number().int().min(0)).optional(),
  /** The printed cell holds more characters than were read (a rare character skipped): shown for checking only. */
  incomplete: z.boolean().optional(),
  /**
   * Whose value it is when the page holds several people (a 户口簿 spread, one 登记卡 each): 0, 1… in reading
   * order on that page. The form matches each person to its own by ID number, else by name, else by relation and
   * age, and never offers one person's values for another.
   */
  person: z.number().int().min(0).optional(),
  /** The page the value was read from (documents.getPage opens it). */
  pageId: z.string(),
  pageNo: z.number(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

export const suggestionsSchema = z.object({
  applicationId: z.string(),
  materialKey: z.string(),
  kind: ocrDocumentKindSchema.nullable(),
  suggestions: z.array(suggestionSchema),
  /** Pages read for this answer and how long recognition took (ms) for each. */
  pages: z.array(z.object({ pageId: z.string(), pageNo: z.number(), ms: z.number(), lines: z.number() })),
});
export type Suggestions = z.infer<typeof suggestionsSchema>;

const appId = z.string().uuid(ct.ids.application);
const materialKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}(:[0-9])?$/, ct.ids.materialKey);

export const cardReaderMethods = {
  'cardReader.status': method({ input: none, output: cardReaderStatusSchema, access: 'session' }),
  'cardReader.configure': method({ input: cardReaderConfigSchema, output: cardReaderStatusSchema, access: ['admin'] }),
  /** F2: read the card on the reader now. No card is an error the clerk sees. */
  'cardReader.read': method({ input: none, output: cardReadSchema, access: 'session' }),
  /** Automatic reading while a person section is open: a card is delivered once per placement. */
  'cardReader.poll': method({ input: none, output: cardReadSchema, access: 'session', background: true }),
  /** Field suggestions read from the pages captured for one material item (recognised off the UI thread). */
  'ocr.suggest': method({ input: z.strictObject({ applicationId: appId, materialKey }), output: suggestionsSchema, access: 'session', background: true }),
  /**
   * The clerk took a suggestion into a field: audited with the field, the source page and whether the value was
   * uncertain, not the value itself (the application's own history keeps that). Refused when the page is gone.
   */
  'ocr.accepted': method({
    input: z.strictObject({
      applicationId: appId,
      materialKey,
      pageId: z.string().min(1).max(64),
      field: suggestionFieldSchema,
      /** The form field it went into, e.g. `hukou.moveInDate`. */
      path: z.string().regex(/^[a-zA-Z]+(\.[a-zA-Z0-9]+){0,3}$/, ct.ids.fieldPath),
      confidence: z.number().min(0).max(1),
      uncertain: z.boolean(),
    }),
    output: z.object({ recorded: z.literal(true) }),
    access: 'session',
  }),
} as const;
