export type PhoneKind = 'mobile' | 'landline' | 'service';

export interface ParsedPhone {
  kind: PhoneKind;
  /** Digits only, without +86 / 0086: `13905710001`, `057188881234`; a landline extension is dropped. */
  normalized: string;
}

const SEPARATORS = /[\s\-()（）]/g;
const MOBILE = /^1[3-9]\d{9}$/;
// Area codes: 010 and 02x have three digits, the rest four (0571); subscriber numbers have 7–8 digits.
const LANDLINE_WITH_AREA = /^0(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}$/;
const LOCAL_LANDLINE = /^[2-9]\d{6,7}$/;
const SERVICE = /^[48]00\d{7}$/;
const EXTENSION = /(?:转|分机|ext\.?|x|#)\s*\d{1,6}$/i;

/**
 * Parses a Chinese phone number as people write it: mobile `1[3-9]` + 9 digits, landline with area code
 * (`0571-88881234`, `(010)62345678`) or without (`88881234`), 400/800 service numbers; spaces, dashes and
 * brackets are ignored, a `+86`/`0086` prefix is dropped (the area code's leading 0 is then implied), a trailing
 * extension (`转123`, `ext 12`) is dropped. Undefined when it is none of these.
 */
export function parsePhone(raw: string): ParsedPhone | undefined {
  let text = raw.trim().replace(EXTENSION, '');
  text = text.replace(SEPARATORS, '');
  let international = false;
  if (text.startsWith('+86')) [text, international] = [text.slice(3), true];
  else if (text.startsWith('0086')) [text, international] = [text.slice(4), true];
  if (!/^\d+$/.test(text)) return undefined;
  if (MOBILE.test(text)) return { kind: 'mobile', normalized: text };
  if (international && !text.startsWith('0')) text = `0${text}`;
  if (LANDLINE_WITH_AREA.test(text)) return { kind: 'landline', normalized: text };
  if (!international && LOCAL_LANDLINE.test(text)) return { kind: 'landline', normalized: text };
  if (!international && SERVICE.test(text)) return { kind: 'service', normalized: text };
  return undefined;
}
