export * from './types';
export { buildDocument, NotApplicable } from './documents';
export { receiptQrText, parseReceiptQr } from './qr';
export { FONT } from './layout';
export { countyFromPlan } from './county';
