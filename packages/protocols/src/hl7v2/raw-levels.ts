import type { Hl7Delimiters } from './delimiters.ts';

/** Repetition, component and subcomponent indexes (1-based); undefined means "the whole enclosing element". */
export interface Hl7Levels {
  repetition?: number;
  component?: number;
  subcomponent?: number;
}

/** The raw (escaped) text of exactly the addressed part of a raw field. */
export function readRawAt(field: string, d: Hl7Delimiters, at: Hl7Levels): string {
  let raw = field;
  if (at.repetition === undefined && at.component === undefined && at.subcomponent === undefined) return raw;
  raw = raw.split(d.repetition)[(at.repetition ?? 1) - 1] ?? '';
  if (at.component === undefined && at.subcomponent === undefined) return raw;
  raw = raw.split(d.component)[(at.component ?? 1) - 1] ?? '';
  if (at.subcomponent === undefined) return raw;
  return raw.split(d.subcomponent)[at.subcomponent - 1] ?? '';
}

/** The raw field with the addressed part replaced by `value` (already escaped); missing parts are padded. */
export function writeRawAt(field: string, d: Hl7Delimiters, at: Hl7Levels, value: string): string {
  if (at.repetition === undefined && at.component === undefined && at.subcomponent === undefined) return value;
  const reps = field.split(d.repetition);
  const r = (at.repetition ?? 1) - 1;
  while (reps.length <= r) reps.push('');
  if (at.component === undefined && at.subcomponent === undefined) {
    reps[r] = value;
  } else {
    const comps = reps[r].split(d.component);
    const c = (at.component ?? 1) - 1;
    while (comps.length <= c) comps.push('');
    if (at.subcomponent === undefined) {
      comps[c] = value;
    } else {
      const subs = comps[c].split(d.subcomponent);
      while (subs.length < at.subcomponent) subs.push('');
      subs[at.subcomponent - 1] = value;
      comps[c] = subs.join(d.subcomponent);
    }
    reps[r] = comps.join(d.component);
  }
  return reps.join(d.repetition);
}
