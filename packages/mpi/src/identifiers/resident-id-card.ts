import { bilingual } from './bilingual.ts';
import { PROVINCE_CODES } from './divisions.ts';

/** What an 18-digit resident ID card number (GB 11643 公民身份号码) states about its holder. */
export interface IdCardFacts {
  /** Six-digit GB/T 2260 division code of the place of first registration. */
  division: string;
  birthDate: string;
  sex: 'male' | 'female';
}

export type IdCardCheck = { ok: true; facts: IdCardFacts } | { ok: false; message: string };

// 2^(17-i) mod 11 for positions 1…17 (ISO 7064 MOD 11-2).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idCardCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/** `YYYY-MM-DD` when the eight digits are a real calendar date, else undefined. */
export function calendarDate(yyyymmdd: string): string | undefined {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/**
 * Checks an 18-digit resident ID card number: 17 digits and a check character (digit or upper-case X), a
 * province-level division prefix, a real birth date not before 1900 and not after `today`, and the MOD 11-2
 * check character. The 17th digit is odd for men and even for women.
 */
export function checkResidentIdCard(value: string, today: Date = new Date()): IdCardCheck {
  if (/^\d{15}$/.test(value)) {
    return { ok: false, message: bilingual('15位旧身份证号须升级为18位后登记', 'A 15-digit first-generation ID card number must be converted to its 18-digit form') };
  }
  if (/^\d{17}x$/.test(value)) {
    return { ok: false, message: bilingual('身份证号校验位须为大写X', 'The check character of an ID card number must be an upper-case X') };
  }
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, message: bilingual('身份证号须为18位：17位数字加1位校验码（数字或X）', 'An ID card number has 18 characters: 17 digits and a check character (digit or X)') };
  }
  const division = value.slice(0, 6);
  if (!PROVINCE_CODES[division.slice(0, 2)]) {
    return { ok: false, message: bilingual(`身份证号前两位${division.slice(0, 2)}不是有效的省级行政区划代码`, `The first two digits ${division.slice(0, 2)} are not a province code of GB/T 2260`) };
  }
  const birthDate = calendarDate(value.slice(6, 14));
  if (!birthDate || birthDate < '1900-01-01') {
    return { ok: false, message: bilingual(`身份证号中的出生日期${value.slice(6, 14)}不是有效日期`, `The birth date ${value.slice(6, 14)} in the ID card number is not a valid date`) };
  }
  if (birthDate > today.toISOString().slice(0, 10)) {
    return { ok: false, message: bilingual(`身份证号中的出生日期${birthDate}晚于今天`, `The birth date ${birthDate} in the ID card number is in the future`) };
  }
  const expected = idCardCheckCharacter(value);
  if (value[17] !== expected) {
    // The expected character is not disclosed: "fixing" a mistyped number by it would register a wrong, valid-looking one.
    return { ok: false, message: bilingual('身份证号校验位不符，请逐位核对号码', 'The ID card check character does not match: check the number digit by digit') };
  }
  return { ok: true, facts: { division, birthDate, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female' } };
}
