// What the receipt's QR code holds: the receipt number and the verification code, in a form a phone
// scanner shows readably and the county's checker parses: `ED1|<receipt number>|<code>`.
const PREFIX = 'ED1';

export function receiptQrText(receiptNo: string, verificationCode: string): string {
  return `${PREFIX}|${receiptNo}|${verificationCode}`;
}

export function parseReceiptQr(text: string): { receiptNo: string; verificationCode: string } | null {
  const parts = text.split('|');
  if (parts.length !== 3 || parts[0] !== PREFIX || !parts[1] || !parts[2]) return null;
  return { receiptNo: parts[1], verificationCode: parts[2] };
}
