// One masking rule for everything printed for the public (receipts, notices): the family can
// still recognise their own number, nobody else can read it. Staff screens show the full value.

function mask(chars: readonly string[], keepHead: number, keepTail: number): string {
  return chars.slice(0, keepHead).join('') + '*'.repeat(chars.length - keepHead - keepTail) + chars.slice(chars.length - keepTail).join('');
}

/**
 * Identity document number: first 4 and last 4 kept (`3701**********1234`). Values shorter than
 * 9 characters keep only the first and last one, so at least half is always hidden; 1–2
 * characters are hidden completely.
 */
export function maskId(value: string): string {
  const chars = [...value.trim()];
  if (chars.length === 0) return '';
  if (chars.length <= 2) return '*'.repeat(chars.length);
  if (chars.length < 9) return mask(chars, 1, 1);
  return mask(chars, 4, 4);
}

/** Phone number: `138****1234`. Spaces and hyphens are removed first; short numbers fall back to maskId. */
export function maskPhone(value: string): string {
  const chars = [...value.replace(/[\s-]/gu, '')];
  if (chars.length < 8) return maskId(chars.join(''));
  return mask(chars, 3, 4);
}

/**
 * Child's name on public lists (lottery pools and results): first character kept, and the last one of
 * names with three or more characters (`张*明`, `李*`, `阿*****提`), so a family recognises its own line.
 */
export function maskName(value: string): string {
  const chars = [...value.trim()];
  if (chars.length <= 1) return chars.length === 0 ? '' : '*';
  if (chars.length === 2) return mask(chars, 1, 0);
  return mask(chars, 1, 1);
}
