import { bilingual } from './bilingual.ts';

/**
 * Format rules for card and record numbers whose layout is set by their issuer rather than by a national
 * algorithm: the index checks the character set and length (what every issuer agrees on). Per-issuer patterns
 * belong in the NamingSystem registry (packages/terminology) once it exists.
 */
export interface CardFormat {
  pattern: RegExp;
  /** Why a value was refused, "中文 / English". */
  message: string;
}

export const HEALTH_CARD_FORMAT: CardFormat = {
  // Electronic health card (电子健康卡) ids are 64 hexadecimal characters; physical 居民健康卡 numbers are shorter.
  pattern: /^(?:[0-9A-F]{64}|[0-9A-Z]{8,32})$/,
  message: bilingual('健康卡号须为64位十六进制电子健康卡ID（大写），或8–32位数字/大写字母的卡号', 'A health card number is a 64-character upper-case hexadecimal electronic health card id, or a card number of 8–32 digits/upper-case letters'),
};

export const MEDICAL_INSURANCE_FORMAT: CardFormat = {
  pattern: /^[0-9A-Z]{6,30}$/,
  message: bilingual('医保卡号须为6–30位数字或大写字母', 'A medical insurance card number has 6–30 digits or upper-case letters'),
};

export const VISIT_CARD_FORMAT: CardFormat = {
  pattern: /^[0-9A-Za-z][0-9A-Za-z-]{3,31}$/,
  message: bilingual('就诊卡号须为4–32位字母、数字或连字符', 'A visit card number has 4–32 letters, digits or hyphens'),
};

export const RECORD_NUMBER_FORMAT: CardFormat = {
  // 门诊号、住院号、病历号
  pattern: /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/,
  message: bilingual('门诊号/住院号/病历号须为1–40位字母、数字或 . _ -', 'An outpatient, inpatient or record number has 1–40 letters, digits or . _ -'),
};
