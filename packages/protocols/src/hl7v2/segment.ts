import type { TextCodec } from '../text/charset.ts';
import { encodingCharacters, HEADER_SEGMENTS, type Hl7Delimiters } from './delimiters.ts';
import { escapeHl7, unescapeHl7 } from './escape.ts';
import { readRawAt, writeRawAt, type Hl7Levels } from './raw-levels.ts';

/** A field value for builders: plain text, its components, or repetitions of components. */
export type Hl7FieldValue = string | string[] | string[][];

/** What segments of one message share: its delimiters and the charset `\X…\` escapes decode with. */
export interface Hl7Context {
  readonly delimiters: Hl7Delimiters;
  readonly codec: TextCodec | undefined;
}

/**
 * One segment. Fields are kept as the raw (escaped) text that was read, so a message written back
 * is the message that came in; reads unescape, writes escape. Field n is `fields[n]`; for MSH,
 * field 1 is the field separator and field 2 the encoding characters.
 */
export class Hl7Segment {
  readonly fields: string[];

  constructor(name: string, private readonly context: Hl7Context, rawFields: string[] = []) {
    if (!/^[A-Z][A-Z0-9]{2}$/.test(name)) throw new RangeError(`segment name must be 3 capitals/digits, got "${name}"`);
    const d = context.delimiters;
    this.fields = HEADER_SEGMENTS.has(name) ? [name, d.field, encodingCharacters(d), ...rawFields.slice(3)] : [name, ...rawFields.slice(1)];
  }

  get name(): string {
    return this.fields[0];
  }

  get delimiters(): Hl7Delimiters {
    return this.context.delimiters;
  }

  private isDelimiterField(field: number): boolean {
    return HEADER_SEGMENTS.has(this.name) && (field === 1 || field === 2);
  }

  /** Raw text of the addressed part: the whole field when no repetition/component is given. */
  getRaw(field: number, at: Hl7Levels = {}): string {
    const raw = this.fields[field] ?? '';
    return this.isDelimiterField(field) ? raw : readRawAt(raw, this.context.delimiters, at);
  }

  /** Unescaped value; omitted repetition, component and subcomponent default to 1 (the first leaf). */
  get(field: number, repetition = 1, component = 1, subcomponent = 1): string {
    if (this.isDelimiterField(field)) return this.fields[field];
    return this.unescape(this.getRaw(field, { repetition, component, subcomponent }));
  }

  /** Raw text of each repetition of a field; [] when empty. */
  repetitions(field: number): string[] {
    const raw = this.fields[field] ?? '';
    return raw === '' ? [] : raw.split(this.context.delimiters.repetition);
  }

  /** Unescaped components of one repetition (subcomponents kept, separated by the subcomponent delimiter). */
  components(field: number, repetition = 1): string[] {
    const d = this.context.delimiters;
    const raw = this.getRaw(field, { repetition });
    if (raw === '') return [];
    return raw.split(d.component).map((c) => c.split(d.subcomponent).map((s) => this.unescape(s)).join(d.subcomponent));
  }

  /** Sets a field from plain values (escaped here): a string, components, or repetitions of components. */
  setField(field: number, value: Hl7FieldValue | undefined): this {
    const d = this.context.delimiters;
    const esc = (s: string): string => escapeHl7(s, d);
    let raw: string;
    if (value === undefined) raw = '';
    else if (typeof value === 'string') raw = esc(value);
    else if (value.length > 0 && Array.isArray(value[0])) raw = (value as string[][]).map((rep) => rep.map(esc).join(d.component)).join(d.repetition);
    else raw = (value as string[]).map(esc).join(d.component);
    raw = trimTrailing(raw, d);
    // Leaving a field empty must not pad the segment with trailing separators.
    if (raw === '' && field >= this.fields.length) return this;
    return this.setRaw(field, {}, raw);
  }

  /** Sets the addressed part to a plain value (escaped here). */
  set(field: number, at: Hl7Levels, value: string): this {
    return this.setRaw(field, at, escapeHl7(value, this.context.delimiters));
  }

  /** Sets the addressed part to raw text, as is (it must already be escaped). */
  setRaw(field: number, at: Hl7Levels, raw: string): this {
    if (!Number.isInteger(field) || field < 1) throw new RangeError(`field number must be ≥ 1, got ${field}`);
    if (this.isDelimiterField(field)) throw new RangeError(`${this.name}-${field} holds the delimiters and cannot be set`);
    while (this.fields.length <= field) this.fields.push('');
    this.fields[field] = writeRawAt(this.fields[field], this.context.delimiters, at, raw);
    return this;
  }

  /** The segment's text (without the segment terminator). */
  encode(): string {
    const d = this.context.delimiters;
    if (HEADER_SEGMENTS.has(this.name)) return this.name + d.field + this.fields.slice(2).join(d.field);
    return this.fields.join(d.field);
  }

  private unescape(raw: string): string {
    return unescapeHl7(raw, this.context.delimiters, this.context.codec);
  }
}

/** Builders leave out trailing empty components (`CODE^^` → `CODE`). */
function trimTrailing(raw: string, d: Hl7Delimiters): string {
  return raw
    .split(d.repetition)
    .map((rep) => rep.replace(new RegExp(`(?:${escapeRegExp(d.component)})+$`), ''))
    .join(d.repetition);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
