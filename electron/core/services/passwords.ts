import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFKC'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

// N=2^15 costs about 50 ms and 32 MiB here: slow for guessing, unnoticeable at a sign-in.
const PARAMS = { N: 32768, r: 8, p: 1, keylen: 32 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keylen } = PARAMS;
  const key = await scrypt(password, salt, keylen, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;
/** A hash to verify against when the username does not exist, so timing does not reveal valid names. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-0');
  return dummy;
}

/** Minimum strength: 8+ characters, letters and digits, not the username. Returns true when acceptable. */
export function isStrongEnough(password: string, username: string): boolean {
  return passwordProblem(password, username) === null;
}

/** Which rule a password breaks first, so the message can name it (null: strong enough). */
export function passwordProblem(password: string, username: string): { rule: 'length'; length: number } | { rule: 'noLetter' | 'noDigit' | 'username' } | null {
  const length = [...password].length;
  if (length < 8) return { rule: 'length', length };
  if (!/[A-Za-z]/.test(password)) return { rule: 'noLetter' };
  if (!/\d/.test(password)) return { rule: 'noDigit' };
  if (username !== '' && password.toLowerCase().includes(username.toLowerCase())) return { rule: 'username' };
  return null;
}
