/** Identifier system of the resident identity card (居民身份证号码), as the platform stores it. */
export const ID_CARD_SYSTEM = 'urn:oid:2.16.156.10011.1.3';
/** Medical record numbers are per institution: `<prefix><institution id>`. */
export const MRN_SYSTEM_PREFIX = 'https://medunion.org/fhir/sid/mrn/';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of the first 17 digits of an ID card number (GB 11643-1999, ISO 7064 MOD 11-2). */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Whether text is an 18-character ID card number with a valid birth date and check character. */
export function isValidIdCard(text: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(text)) return false;
  if (!idCardBirthDate(text)) return false;
  return idCardCheckChar(text) === text[17].toUpperCase();
}

/** The birth date (YYYY-MM-DD) encoded in positions 7–14, or undefined when it is not a real date. */
export function idCardBirthDate(idCard: string): string | undefined {
  const y = Number(idCard.slice(6, 10));
  const m = Number(idCard.slice(10, 12));
  const d = Number(idCard.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return idCard.slice(6, 10) + '-' + idCard.slice(10, 12) + '-' + idCard.slice(12, 14);
}
