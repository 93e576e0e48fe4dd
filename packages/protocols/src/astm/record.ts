import { checkDelimiters, DEFAULT_ASTM_DELIMITERS, delimitersFromHeader, type AstmDelimiters } from './delimiters.ts';
import { escapeAstm, unescapeAstm } from './escape.ts';

/** A field value: plain text, its components, or repeats of components. */
export type AstmFieldValue = string | string[] | string[][];

/**
 * One E1394 record. Fields are numbered from 1 as in the standard: field 1 is the record type
 * (`H`, `P`, `O`, `R`, `C`, `Q`, `M`, `S`, `L`), field 2 usually the sequence number. Values are
 * kept unescaped, as repeats of components; the H record's field 2 (the delimiter definition)
 * is written from the delimiters, never escaped.
 */
export class AstmRecord {
  /** `fields[n - 1]` is field n: its repeats, each a list of components. */
  readonly fields: string[][][];
  /** The delimiters it was read with, or written with by default. */
  delimiters: AstmDelimiters;

  constructor(type: string, delimiters: AstmDelimiters = DEFAULT_ASTM_DELIMITERS) {
    if (!/^[A-Z]$/.test(type)) throw new TypeError(`ASTM record type must be one capital letter, got "${type}"`);
    this.fields = [[[type]]];
    this.delimiters = { ...delimiters };
  }

  get type(): string {
    return this.fields[0][0][0];
  }

  /** Parses one record (without its CR). H records bring their own delimiters. */
  static parse(text: string, delimiters: AstmDelimiters = DEFAULT_ASTM_DELIMITERS): AstmRecord {
    const isHeader = text.startsWith('H');
    const d = isHeader ? delimitersFromHeader(text) : delimiters;
    const type = text.charAt(0);
    if (!/^[A-Z]$/.test(type) || (text.length > 1 && text.charAt(1) !== d.field)) {
      throw new TypeError(`not an ASTM record: ${JSON.stringify(text.slice(0, 20))}`);
    }
    const record = new AstmRecord(type, d);
    const rawFields = text.split(d.field);
    for (let n = 2; n <= rawFields.length; n++) {
      const raw = rawFields[n - 1];
      if (isHeader && n === 2) {
        record.fields[1] = [[raw]];
        continue;
      }
      record.fields[n - 1] = raw.split(d.repeat).map((rep) => rep.split(d.component).map((c) => unescapeAstm(c, d)));
    }
    return record;
  }

  /** Number of fields present (including field 1, the type). */
  get length(): number {
    return this.fields.length;
  }

  /** A component of a field (1-based, as in E1394), unescaped; '' when absent. */
  get(field: number, component = 1, repeat = 1): string {
    return this.fields[field - 1]?.[repeat - 1]?.[component - 1] ?? '';
  }

  /** The components of one repeat of a field. */
  components(field: number, repeat = 1): string[] {
    return [...(this.fields[field - 1]?.[repeat - 1] ?? [])];
  }

  /** Every repeat of a field, each as its components; [] when the field is empty. */
  repeats(field: number): string[][] {
    const value = this.fields[field - 1];
    if (!value || (value.length === 1 && value[0].every((c) => c === ''))) return [];
    return value.map((rep) => [...rep]);
  }

  /** Sets field n (n ≥ 2); empty fields before it are created. */
  set(field: number, value: AstmFieldValue | undefined): this {
    if (!Number.isInteger(field) || field < 2) throw new RangeError(`field number must be an integer ≥ 2, got ${field}`);
    while (this.fields.length < field) this.fields.push([['']]);
    this.fields[field - 1] = toRepeats(value);
    return this;
  }

  /** The record's text (without CR), escaping delimiters found in values. */
  encode(delimiters: AstmDelimiters = this.delimiters): string {
    checkDelimiters(delimiters);
    const d = delimiters;
    return this.fields
      .map((field, i) => {
        if (i === 0) return field[0][0];
        if (i === 1 && this.type === 'H') return d.repeat + d.component + d.escape;
        return field.map((rep) => rep.map((c) => escapeAstm(c, d)).join(d.component)).join(d.repeat);
      })
      .join(d.field);
  }
}

function toRepeats(value: AstmFieldValue | undefined): string[][] {
  if (value === undefined) return [['']];
  if (typeof value === 'string') return [[value]];
  if (value.length === 0) return [['']];
  if (typeof value[0] === 'string') return [value as string[]];
  return (value as string[][]).map((rep) => (rep.length === 0 ? [''] : [...rep]));
}
