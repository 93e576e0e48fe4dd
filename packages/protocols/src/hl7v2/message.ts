import { textCodec, type TextCodec } from '../text/charset.ts';
import { DEFAULT_HL7_DELIMITERS, delimitersFromHeader, HEADER_SEGMENTS, type Hl7Delimiters } from './delimiters.ts';
import { escapeHl7 } from './escape.ts';
import { Hl7ParseError } from './errors.ts';
import { parseHl7Path, type Hl7Path } from './path.ts';
import { readRawAt } from './raw-levels.ts';
import { Hl7Segment, type Hl7Context, type Hl7FieldValue } from './segment.ts';

/** A segment and the segments that belong to it (e.g. an OBR and its OBX/NTE). */
export interface Hl7SegmentGroup {
  parent: Hl7Segment;
  members: Hl7Segment[];
}

/**
 * An HL7 v2 message: segments holding raw field text, addressed by path (`PID-3[2].1`). Parsing and
 * encoding again gives back the same text (with CR segment terminators).
 */
export class Hl7Message implements Hl7Context {
  readonly delimiters: Hl7Delimiters;
  readonly segments: Hl7Segment[] = [];
  private cachedCodec: { charset: string; codec: TextCodec | undefined } | undefined;

  private constructor(delimiters: Hl7Delimiters) {
    this.delimiters = { ...delimiters };
  }

  /** An empty message holding only `MSH|^~\&`. */
  static create(delimiters: Hl7Delimiters = DEFAULT_HL7_DELIMITERS): Hl7Message {
    const message = new Hl7Message(delimiters);
    message.segments.push(new Hl7Segment('MSH', message));
    return message;
  }

  /** Parses message text; segments may end in CR, LF or CRLF. Throws Hl7ParseError. */
  static parse(text: string): Hl7Message {
    const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
    if (lines.length === 0) throw new Hl7ParseError('empty message');
    const message = new Hl7Message(delimitersFromHeader(lines[0]));
    const d = message.delimiters;
    for (const line of lines) {
      const name = line.slice(0, 3);
      if (!/^[A-Z][A-Z0-9]{2}$/.test(name) || (line.length > 3 && line.charAt(3) !== d.field)) {
        throw new Hl7ParseError(`not a segment: ${JSON.stringify(line.slice(0, 20))}`);
      }
      const raw = HEADER_SEGMENTS.has(name) ? [name, d.field, ...line.slice(4).split(d.field)] : line.split(d.field);
      message.segments.push(new Hl7Segment(name, message, raw));
    }
    return message;
  }

  /** The charset `\X…\` escapes decode with (MSH-18, UTF-8 when empty). */
  get codec(): TextCodec | undefined {
    const charset = this.charset;
    if (this.cachedCodec?.charset !== charset) {
      let codec: TextCodec | undefined;
      try {
        codec = textCodec(charset || 'utf-8');
      } catch {
        codec = undefined;
      }
      this.cachedCodec = { charset, codec };
    }
    return this.cachedCodec.codec;
  }

  /** The message text, each segment ending in CR. */
  encode(): string {
    return this.segments.map((segment) => `${segment.encode()}\r`).join('');
  }

  toString(): string {
    return this.encode();
  }

  get header(): Hl7Segment {
    return this.segments[0];
  }

  /** MSH-9: message code, trigger event, structure (`ORU`, `R01`, `ORU_R01`). */
  get messageType(): { code: string; trigger: string; structure: string } {
    return { code: this.get('MSH-9.1'), trigger: this.get('MSH-9.2'), structure: this.get('MSH-9.3') };
  }

  /** MSH-10 */
  get controlId(): string {
    return this.get('MSH-10');
  }

  /** MSH-12.1 */
  get version(): string {
    return this.get('MSH-12.1');
  }

  /** MSH-18, first repetition (the character set of the whole message). */
  get charset(): string {
    // Read raw: unescaping would need the codec, which depends on this very field.
    return readRawAt(this.header.getRaw(18), this.delimiters, { repetition: 1, component: 1 }).trim();
  }

  segment(name: string, occurrence = 1): Hl7Segment | undefined {
    return this.segmentsNamed(name)[occurrence - 1];
  }

  segmentsNamed(name: string): Hl7Segment[] {
    return this.segments.filter((segment) => segment.name === name);
  }

  /** Appends a segment; `fields[0]` is field 1. Values are escaped. */
  addSegment(name: string, fields: (Hl7FieldValue | undefined)[] = []): Hl7Segment {
    const segment = new Hl7Segment(name, this);
    fields.forEach((value, i) => {
      if (value !== undefined && value !== '') segment.setField(i + 1, value);
    });
    this.segments.push(segment);
    return segment;
  }

  /** Unescaped value at a path; omitted repetition/component/subcomponent mean the first. '' when absent. */
  get(path: string): string {
    const p = this.fieldPath(path);
    return this.segment(p.segment, p.occurrence)?.get(p.field, p.repetition ?? 1, p.component ?? 1, p.subcomponent ?? 1) ?? '';
  }

  /** The value at a path in every repetition of the field (`getAll('PID-3.1')` → every identifier). */
  getAll(path: string): string[] {
    const p = this.fieldPath(path);
    const segment = this.segment(p.segment, p.occurrence);
    if (!segment) return [];
    return segment.repetitions(p.field).map((_, i) => segment.get(p.field, i + 1, p.component ?? 1, p.subcomponent ?? 1));
  }

  /** Raw text of exactly the addressed part (a field without `[n]` includes all its repetitions). */
  getRaw(path: string): string {
    const p = this.fieldPath(path);
    return this.segment(p.segment, p.occurrence)?.getRaw(p.field, p) ?? '';
  }

  /** Sets the addressed part to a value (escaped); the segment is appended if missing. */
  set(path: string, value: string): this {
    return this.setRaw(path, escapeHl7(value, this.delimiters));
  }

  setRaw(path: string, raw: string): this {
    const p = this.fieldPath(path);
    let segment = this.segment(p.segment, p.occurrence);
    if (!segment) {
      if (this.segmentsNamed(p.segment).length !== p.occurrence - 1) throw new RangeError(`cannot create ${p.segment}[${p.occurrence}]: earlier occurrences are missing`);
      segment = this.addSegment(p.segment);
    }
    segment.setRaw(p.field, p, raw);
    return this;
  }

  /**
   * Each `parent` segment with the segments directly after it whose names are in `members`
   * (`groups('OBR', ['NTE', 'OBX'])` → each order with its observations and notes).
   */
  groups(parent: string, members: string[]): Hl7SegmentGroup[] {
    const groups: Hl7SegmentGroup[] = [];
    let current: Hl7SegmentGroup | undefined;
    for (const segment of this.segments) {
      if (segment.name === parent) {
        current = { parent: segment, members: [] };
        groups.push(current);
      } else if (current && members.includes(segment.name)) {
        current.members.push(segment);
      } else {
        current = undefined;
      }
    }
    return groups;
  }

  private fieldPath(path: string): Hl7Path & { field: number } {
    const p = parseHl7Path(path);
    if (p.field === undefined) throw new RangeError(`HL7 path "${path}" names no field`);
    return p as Hl7Path & { field: number };
  }
}
