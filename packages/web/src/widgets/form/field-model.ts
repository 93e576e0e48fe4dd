import type { DictionaryConcept } from '../picker/dictionary-match.ts';
import type { DictionarySource } from '../picker/dictionary-source.ts';
import type { MetaElement } from './meta.api.ts';

/** What a page asks a ResourceForm to show: top-level elements of the resource, optionally with overrides. */
export interface FieldSpec {
  /** Element name at the top level of the resource, e.g. 'name', 'type', 'telecom', 'partOf', 'active'. */
  path: string;
  label?: string;
  /** Dictionary for a CodeableConcept, Coding or code element: a ValueSet url, a whole CodeSystem, or concepts given inline. */
  valueSet?: string | { concepts: DictionaryConcept[] } | { codeSystem: string };
  /** Reference targets, when narrower than the definition's (e.g. ['Organization'] for partOf). */
  targetTypes?: string[];
  required?: boolean;
  readOnly?: boolean;
}

/** The input a field gets. */
export type InputKind =
  | 'string'
  | 'text'
  | 'boolean'
  | 'integer'
  | 'decimal'
  | 'date'
  | 'dateTime'
  | 'select'
  | 'code'
  | 'coding'
  | 'codeableConcept'
  | 'conceptText'
  | 'reference'
  | 'humanName'
  | 'contactPoint'
  | 'address'
  | 'identifier'
  | 'period';

/** A field ready to render: the element, the input kind, and the repetition rule. */
export interface FormField {
  name: string;
  /** Label from the spec, else the element's short description, else its name. */
  label: string;
  kind: InputKind;
  /** The element repeats (max '*'). Dictionary fields then take several codes in one picker; others get a list. */
  repeating: boolean;
  required: boolean;
  readOnly: boolean;
  dictionary?: DictionarySource;
  /** Codes of a `code` element's required binding, for a plain select. */
  codes?: { code: string; display?: string }[];
  targetTypes?: string[];
}

const PRIMITIVES: Record<string, InputKind> = {
  string: 'string',
  id: 'string',
  uri: 'string',
  url: 'string',
  canonical: 'string',
  oid: 'string',
  markdown: 'text',
  boolean: 'boolean',
  integer: 'integer',
  positiveInt: 'integer',
  unsignedInt: 'integer',
  decimal: 'decimal',
  date: 'date',
  dateTime: 'dateTime',
  instant: 'dateTime',
  HumanName: 'humanName',
  ContactPoint: 'contactPoint',
  Address: 'address',
  Identifier: 'identifier',
  Period: 'period',
  Reference: 'reference',
};

/** Types a ResourceForm can edit; any other element named in a spec is a programming error reported on the form. */
export const EDITABLE_TYPES = new Set([...Object.keys(PRIMITIVES), 'code', 'Coding', 'CodeableConcept']);

function dictionaryOf(spec: FieldSpec, element: MetaElement): DictionarySource | undefined {
  if (typeof spec.valueSet === 'string') return { valueSet: spec.valueSet };
  if (spec.valueSet) return 'codeSystem' in spec.valueSet ? { codeSystem: spec.valueSet.codeSystem } : { concepts: spec.valueSet.concepts };
  const codes = element.binding?.codes;
  if (codes?.length) return { concepts: codes.map((c) => ({ system: c.system, code: c.code, display: c.display ?? c.code })) };
  // A ValueSet the server holds (module terminology); example bindings to HL7 sets the server lacks get a text input.
  if (element.binding?.valueSet && element.binding.strength !== 'example') return { valueSet: element.binding.valueSet.split('|')[0] };
  return undefined;
}

/** Resolves a spec against the element definition; undefined when the element does not exist or cannot be edited here. */
export function resolveField(spec: FieldSpec, element: MetaElement | undefined): FormField | undefined {
  const type = element?.types[0]?.code;
  if (!element || !type || !EDITABLE_TYPES.has(type)) return undefined;
  const base = {
    name: element.name,
    label: spec.label ?? element.short ?? element.name,
    repeating: element.max === '*' || Number(element.max) > 1,
    required: spec.required ?? element.min > 0,
    readOnly: spec.readOnly ?? false,
  };
  if (type === 'code') {
    if (spec.valueSet) return { ...base, kind: 'code', dictionary: dictionaryOf(spec, element) };
    if (element.binding?.codes?.length) return { ...base, kind: 'select', codes: element.binding.codes };
    return { ...base, kind: 'string' };
  }
  if (type === 'Coding' || type === 'CodeableConcept') {
    const dictionary = dictionaryOf(spec, element);
    if (dictionary) return { ...base, kind: type === 'Coding' ? 'coding' : 'codeableConcept', dictionary };
    // Without a dictionary a CodeableConcept can still carry text; a bare Coding cannot be typed in meaningfully.
    return type === 'CodeableConcept' ? { ...base, kind: 'conceptText' } : undefined;
  }
  const kind = PRIMITIVES[type];
  if (kind === 'reference') {
    const targets = spec.targetTypes ?? element.types.flatMap((t) => t.targetProfiles ?? []).map((p) => p.split('/').at(-1)!);
    return { ...base, kind, targetTypes: targets };
  }
  return { ...base, kind };
}
