import { randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a code read off paper and typed in is not mistaken.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 16; // 80 random bits: guessing a valid code is hopeless, so the public check needs no login.

/** A new anti-counterfeit code (防伪码), stored without separators. */
export function newVerifyCode(): string {
  const bytes = randomBytes(LENGTH);
  return [...bytes].map((b) => ALPHABET[b & 31]).join('');
}

/** As printed: four groups of four (`7K3M-9QXD-2HF4-B0RT`). */
export const formatVerifyCode = (code: string): string => code.match(/.{1,4}/g)!.join('-');

/** A code as a person may type it: any case, with or without dashes or spaces; O/I/L read as 0/1/1. */
export function normalizeVerifyCode(input: string): string | undefined {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}
