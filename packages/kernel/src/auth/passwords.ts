import { hash, verify } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// The enum is `const` and ambient, which isolatedModules cannot inline; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm.Argon2id;
// Library defaults otherwise (m=19 MiB, t=2, p=1): OWASP's recommended minimum for argon2id.
const OPTIONS = { algorithm: ARGON2ID };

export const PASSWORD_MIN_LENGTH = 8;
// Bounds hashing work per request; far above any real passphrase.
export const PASSWORD_MAX_LENGTH = 128;

/** Returns why `password` is rejected (bilingual), or null when it satisfies the policy. */
export function checkPasswordPolicy(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符 / Password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符 / Password must be at most ${PASSWORD_MAX_LENGTH} characters`;
  }
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) {
    return '密码必须同时包含字母和数字 / Password must contain both letters and digits';
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password and for a malformed stored hash (never throws on bad input). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check when there is no hash to check against (unknown user, locked account),
 * so response time does not reveal which usernames exist. Always false.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(await dummyHash, password);
  return false;
}
