import dayjs, { type Dayjs } from 'dayjs';
import type { Address, CodeableConcept, Coding, HumanName, Period } from '@medplum/fhirtypes';
import { conceptKey } from '../picker/dictionary-match.ts';
import type { FormField } from './field-model.ts';

/** Values as antd Form holds them, keyed by element name. */
export type FormValues = Record<string, unknown>;
type Json = Record<string, unknown>;

/** Sub-fields of complex types the form edits; other properties of the element are carried through untouched. */
export const SUB_FIELDS: Partial<Record<FormField['kind'], readonly string[]>> = {
  humanName: ['text', 'family', 'given'],
  contactPoint: ['system', 'value', 'use'],
  address: ['text', 'line', 'district', 'city', 'state', 'postalCode'],
  identifier: ['system', 'value'],
};

/** Kinds whose repeating elements are edited in one multi-select instead of a list of inputs. */
export const MULTI_SELECT_KINDS = new Set<FormField['kind']>(['select', 'code', 'coding', 'codeableConcept']);

/** True when a repeating field is edited as a list of inputs (add/remove) rather than one multi-select. */
export const isListField = (field: FormField): boolean => field.repeating && !MULTI_SELECT_KINDS.has(field.kind);

const DATE = 'YYYY-MM-DD';

/** The coding of a CodeableConcept a picker shows: the first coding with a code, labelled with the concept's text if it has none. */
function firstCoding(cc: CodeableConcept | undefined): Coding | undefined {
  const coding = cc?.coding?.find((c) => c.code);
  if (!coding) return undefined;
  return coding.display || !cc?.text ? coding : { ...coding, display: cc.text };
}

function toItem(field: FormField, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (field.kind) {
    case 'date':
    case 'dateTime':
      return dayjs(value as string);
    case 'code':
      return { code: value as string };
    case 'codeableConcept':
      return firstCoding(value as CodeableConcept);
    case 'conceptText': {
      const cc = value as CodeableConcept;
      return cc.text ?? firstCoding(cc)?.display ?? '';
    }
    case 'humanName': {
      const name = value as HumanName;
      return { ...name, given: name.given?.join(' ') };
    }
    case 'address': {
      const address = value as Address;
      return { ...address, line: address.line?.join('\n') };
    }
    case 'period': {
      const period = value as Period;
      return [period.start ? dayjs(period.start) : null, period.end ? dayjs(period.end) : null];
    }
    default:
      return value;
  }
}

/** FHIR element values → form values (dates as dayjs, given names and address lines as one text, concepts as codings). */
export function toFormValues(resource: Json | undefined, fields: readonly FormField[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = resource?.[field.name];
    if (value === undefined) continue;
    values[field.name] = field.repeating && Array.isArray(value) ? value.map((item) => toItem(field, item)) : toItem(field, value);
  }
  return values;
}

const split = (text: unknown, by: RegExp): string[] | undefined => (typeof text === 'string' ? text.split(by).map((s) => s.trim()).filter(Boolean) : undefined);

function sameDate(original: unknown, text: string): boolean {
  return typeof original === 'string' && dayjs(original).format(DATE) === text;
}

function fromItem(field: FormField, value: unknown, original: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (field.kind) {
    case 'date': {
      const text = (value as Dayjs).format(DATE);
      // A partial date (1980, 1980-05) the user did not touch stays as precise as it was.
      return sameDate(original, text) ? original : text;
    }
    case 'dateTime':
      return typeof original === 'string' && dayjs(original).isSame(value as Dayjs) ? original : (value as Dayjs).format();
    case 'code':
      return (value as Coding).code;
    case 'codeableConcept': {
      const coding = value as Coding;
      // The concept the user kept is saved as it was (its other codings and text included).
      const kept = [original].flat().find((cc) => cc && firstCoding(cc as CodeableConcept) && conceptKey(firstCoding(cc as CodeableConcept)!) === conceptKey(coding));
      return kept ?? { coding: [coding], text: coding.display };
    }
    case 'conceptText': {
      const cc = original as CodeableConcept | undefined;
      return cc && (cc.text ?? firstCoding(cc)?.display ?? '') === value ? cc : { text: value };
    }
    case 'humanName':
      return { ...(value as Json), given: split((value as Json).given, /[\s,，]+/) };
    case 'address':
      return { ...(value as Json), line: split((value as Json).line, /\n+/) };
    case 'period': {
      const [start, end] = value as [Dayjs | null, Dayjs | null];
      const before = (original ?? {}) as Period;
      const text = (d: Dayjs | null, was: string | undefined) => (d ? (sameDate(was, d.format(DATE)) ? was : d.format(DATE)) : undefined);
      return { ...before, start: text(start, before.start), end: text(end, before.end) };
    }
    default:
      return value;
  }
}

/** Drops what FHIR forbids: empty strings (after trimming), nulls, empty arrays and objects, at any depth. */
export function prune(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (dayjs.isDayjs(value)) return value;
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Json)
      .map(([k, v]) => [k, prune(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

/** Form values → FHIR element values, keyed by element name; an emptied field maps to undefined. */
export function fromFormValues(values: FormValues, fields: readonly FormField[], original?: Json): Json {
  const out: Json = {};
  for (const field of fields) {
    const value = values[field.name];
    const before = original?.[field.name];
    let converted: unknown;
    if (field.repeating) {
      const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
      converted = items.map((item, i) => fromItem(field, item, field.kind === 'codeableConcept' ? before : Array.isArray(before) ? before[i] : undefined));
    } else {
      converted = fromItem(field, value, before);
    }
    out[field.name] = prune(converted);
  }
  return out;
}

/**
 * The resource to save: the original (elements the form does not show are kept), the edited fields over it
 * (emptied ones removed), then the fixed values the page imposes.
 */
export function buildResource<T>(resourceType: string, original: Json | undefined, fields: readonly FormField[], values: FormValues, fixed: Json = {}): T {
  const resource: Json = { ...(original ?? {}), resourceType };
  for (const [name, value] of Object.entries(fromFormValues(values, fields, original))) {
    if (value === undefined) delete resource[name];
    else resource[name] = value;
  }
  return { ...resource, ...fixed } as T;
}
