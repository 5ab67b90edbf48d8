import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { LifecircleError } from '@lifecircle/shared';

/** log2 of scrypt's cost N for new hashes: 2^15 (OWASP's minimum for scrypt with r = 8, p = 1). */
export const DEFAULT_SCRYPT_LOG_N = 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must exceed 128·N·r bytes (32 MiB at N = 2^15, r = 8).
    scrypt(password, salt, KEY_BYTES, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/**
 * Hashes a password with scrypt into `scrypt$N$r$p$salt$hash` (salt and hash
 * base64). `logN` lowers the cost for test fixtures only; verification reads
 * the cost from the stored string.
 */
export async function hashPassword(password: string, options: { logN?: number } = {}): Promise<string> {
  const n = 2 ** (options.logN ?? DEFAULT_SCRYPT_LOG_N);
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, n, BLOCK_SIZE, PARALLELISM);
  return `scrypt$${n}$${BLOCK_SIZE}$${PARALLELISM}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `password` matches the stored hash (constant-time comparison); false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((value) => Number.isInteger(value) && value > 0) || n > 2 ** 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length === 0) return false;
  const actual = await scryptAsync(password, salt, n, r, p);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A valid hash of a random password, verified against when the user name is unknown so both paths take as long. */
let dummyHash: Promise<string> | undefined;
/** Spends the time of one verification (for unknown user names) and returns false. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
  return false;
}

/** Throws WEAK_PASSWORD unless the password has at least 10 characters including letters and digits. */
export function checkPasswordPolicy(password: string): void {
  if (password.length < 10) throw new LifecircleError('WEAK_PASSWORD', { reason: 'at least 10 characters' });
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) {
    throw new LifecircleError('WEAK_PASSWORD', { reason: 'use both letters and digits' });
  }
}
