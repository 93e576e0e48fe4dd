import { Hl7ParseError } from './errors.ts';

/** The message delimiters: MSH-1 is the field separator, MSH-2 the encoding characters `^~\&` (v2.7 adds `#`). */
export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
  /** v2.7 truncation character, kept only to write MSH-2 back as it came. */
  truncation?: string;
}

export const DEFAULT_HL7_DELIMITERS: Readonly<Hl7Delimiters> = Object.freeze({ field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' });

/** Header segments whose fields 1 and 2 are the delimiters themselves. */
export const HEADER_SEGMENTS: ReadonlySet<string> = new Set(['MSH', 'BHS', 'FHS']);

/** Reads MSH-1 and MSH-2 from the first segment's text. */
export function delimitersFromHeader(segment: string): Hl7Delimiters {
  if (!HEADER_SEGMENTS.has(segment.slice(0, 3)) || segment.length < 8) throw new Hl7ParseError('message does not start with an MSH segment');
  const field = segment.charAt(3);
  const end = segment.indexOf(field, 4);
  const encoding = end < 0 ? segment.slice(4) : segment.slice(4, end);
  if (encoding.length < 4 || encoding.length > 5) throw new Hl7ParseError(`MSH-2 must hold 4 or 5 encoding characters, got ${JSON.stringify(encoding)}`);
  const [component, repetition, escape, subcomponent, truncation] = encoding;
  const all = [field, component, repetition, escape, subcomponent, ...(truncation ? [truncation] : [])];
  if (new Set(all).size !== all.length || all.some((c) => /[\r\n\w ]/u.test(c))) {
    throw new Hl7ParseError(`MSH-1/MSH-2 delimiters must be distinct punctuation, got ${JSON.stringify(field + encoding)}`);
  }
  return { field, component, repetition, escape, subcomponent, ...(truncation ? { truncation } : {}) };
}

/** MSH-2 as written: component, repetition, escape, subcomponent (, truncation). */
export function encodingCharacters(d: Hl7Delimiters): string {
  return d.component + d.repetition + d.escape + d.subcomponent + (d.truncation ?? '');
}
