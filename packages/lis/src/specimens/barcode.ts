/**
 * Specimen barcodes (条码号): 12 digits, `YYMMDD` (China date of accession) + a 5-digit daily sequence of the
 * institution + a Luhn check digit. Unique within an institution for a century (the sequence is per institution and
 * day; the Specimen identifier system is per institution). Digits only, so Code 128 prints them compactly (set C) and
 * any scanner or keyboard enters them; the check digit catches every single mistyped digit and most swaps of two
 * neighbours, so a misread is refused at the scanner rather than matched to another patient's tube.
 */
export const BARCODE_PATTERN = /^\d{12}$/;
export const MAX_DAILY_SEQUENCE = 99_999;

/** Luhn (ISO/IEC 7812-1) check digit of a string of digits. */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The barcode of sequence number `sequence` on `day` (YYYYMMDD). */
export function makeBarcode(day: string, sequence: number): string {
  if (sequence < 1 || sequence > MAX_DAILY_SEQUENCE) throw new RangeError(`barcode sequence ${sequence} out of range`);
  const body = `${day.slice(2)}${String(sequence).padStart(5, '0')}`;
  return body + luhnCheckDigit(body);
}

/** Whether a scanned text has the shape and check digit of one of our barcodes. */
export function barcodeCheck(text: string): 'ok' | 'bad-check-digit' | 'not-a-barcode' {
  if (!BARCODE_PATTERN.test(text)) return 'not-a-barcode';
  return luhnCheckDigit(text.slice(0, 11)) === text[11] ? 'ok' : 'bad-check-digit';
}
