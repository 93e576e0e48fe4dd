import { normalizeText } from './normalize.ts';

export type Comparator = '<' | '<=' | '>' | '>=';

/** A numeric result; `comparator` when the instrument reported a bound (`<0.10`, `>500`), not a value. */
export interface NumericValue {
  kind: 'number';
  value: number;
  /** The number as written (`6.0` keeps its trailing zero, which carries its precision). */
  text: string;
  comparator?: Comparator;
  /** Marks the instrument appended (`*`, `!`, `#`, `?`, `H`, `L`, `↑`, `↓`): kept for the record, never dropped. */
  marks: string[];
  raw: string;
}

export interface TextValue {
  kind: 'text';
  /** Normalised text (half-width, single spaces). */
  text: string;
  raw: string;
}

export interface EmptyValue {
  kind: 'empty';
  raw: string;
}

export type ParsedValue = NumericValue | TextValue | EmptyValue;

const COMPARATORS: Readonly<Record<string, Comparator>> = { '<': '<', '<=': '<=', '≤': '<=', '>': '>', '>=': '>=', '≥': '>=' };
const NUMERIC = /^(<=|>=|≤|≥|<|>)?\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*((?:[*!#?↑↓]\s*)*(?:[HL]\b)?(?:\s*[*!#?↑↓])*)$/;

/**
 * Reads a result as instruments and people write it: `5.6`, `1.2E3`, `<0.10`, `≥500`, `5.6*`, `7.8 H`, full-width
 * digits. A dipstick grade like `1+`, a word like `阴性` or anything else that is not one number stays text;
 * blank is empty. Numbers given as numbers pass through.
 */
export function parseResultValue(raw: string | number | ParsedValue | null | undefined): ParsedValue {
  if (raw !== null && typeof raw === 'object') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? { kind: 'number', value: raw, text: String(raw), marks: [], raw: String(raw) } : { kind: 'text', text: String(raw), raw: String(raw) };
  const original = raw ?? '';
  const text = normalizeText(original);
  if (!text) return { kind: 'empty', raw: original };
  const m = NUMERIC.exec(text);
  if (!m) return { kind: 'text', text, raw: original };
  const value = Number(m[2]);
  if (!Number.isFinite(value)) return { kind: 'text', text, raw: original };
  const marks = [...m[3].replace(/\s/g, '')];
  return { kind: 'number', value, text: m[2], ...(m[1] ? { comparator: COMPARATORS[m[1]] } : {}), marks, raw: original };
}

/** The value as written back, without instrument marks: `<0.10`, `6.0`. */
export function formatParsedValue(v: ParsedValue): string {
  if (v.kind === 'number') return `${v.comparator ?? ''}${v.text}`;
  return v.kind === 'text' ? v.text : '';
}
