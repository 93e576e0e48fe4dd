import { describe, it, expect } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../src/auth/index.ts';

describe('password policy', () => {
  it('accepts letters plus digits of at least 8 characters', () => {
    expect(checkPasswordPolicy('abcd1234')).toBeNull();
    expect(checkPasswordPolicy('医共体密码2024')).toBeNull();
  });

  it('rejects short, letter-only and digit-only passwords with a clear message', () => {
    expect(checkPasswordPolicy('ab12')).toMatch(/at least 8 characters/);
    expect(checkPasswordPolicy('abcdefghij')).toMatch(/letters and digits/);
    expect(checkPasswordPolicy('1234567890')).toMatch(/letters and digits/);
    expect(checkPasswordPolicy('a1'.repeat(100))).toMatch(/at most/);
  });
});

describe('password hashing', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('abcd1234');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'abcd1234')).toBe(true);
    expect(await verifyPassword(hash, 'abcd12345')).toBe(false);
  });

  it('treats a malformed hash as a mismatch instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'abcd1234')).toBe(false);
  });
});
