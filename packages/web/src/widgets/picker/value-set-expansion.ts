import type { CodeSystem, CodeSystemConcept, ValueSet, ValueSetComposeInclude, ValueSetExpansionContains } from '@medplum/fhirtypes';
import type { DictionaryConcept } from './dictionary-match.ts';

/** Where expansion finds the resources a ValueSet refers to (by canonical url); undefined when the server has none. */
export interface TerminologyLookup {
  codeSystem(url: string): Promise<CodeSystem | undefined>;
  valueSet(url: string): Promise<ValueSet | undefined>;
}

/** A ValueSet that cannot be expanded in the browser (missing CodeSystem, filters); the message names what is missing. */
export class ExpansionError extends Error {}

/** Concepts of a CodeSystem, sub-concepts included (hierarchies are flattened in document order). */
export function codeSystemConcepts(cs: CodeSystem): DictionaryConcept[] {
  const out: DictionaryConcept[] = [];
  const walk = (concepts: CodeSystemConcept[] | undefined) => {
    for (const c of concepts ?? []) {
      if (c.code) out.push({ system: cs.url, code: c.code, display: c.display ?? c.code });
      walk(c.concept);
    }
  };
  walk(cs.concept);
  return out;
}

function expansionConcepts(contains: ValueSetExpansionContains[] | undefined, out: DictionaryConcept[] = []): DictionaryConcept[] {
  for (const c of contains ?? []) {
    if (c.code && !c.abstract) out.push({ system: c.system, code: c.code, display: c.display ?? c.code });
    expansionConcepts(c.contains, out);
  }
  return out;
}

const key = (c: DictionaryConcept) => `${c.system ?? ''}|${c.code}`;

/**
 * Expands a ValueSet in the browser from its compose: listed concepts, whole CodeSystems named by `include.system`,
 * included ValueSets, minus excludes; a stored `expansion` is used as is. This is the one place the server's
 * `ValueSet/$expand` will replace once the terminology services exist.
 */
export async function expandValueSet(vs: ValueSet, lookup: TerminologyLookup, seen: ReadonlySet<string> = new Set()): Promise<DictionaryConcept[]> {
  if (vs.expansion?.contains?.length) return expansionConcepts(vs.expansion.contains);
  const visiting = new Set(seen);
  if (vs.url) {
    if (visiting.has(vs.url)) throw new ExpansionError(`ValueSet ${vs.url} includes itself`);
    visiting.add(vs.url);
  }
  const systems = new Map<string, Promise<CodeSystem>>();
  const system = (url: string) => {
    if (!systems.has(url)) {
      systems.set(
        url,
        lookup.codeSystem(url).then((cs) => {
          if (!cs) throw new ExpansionError(`CodeSystem ${url} is not on the server`);
          return cs;
        }),
      );
    }
    return systems.get(url)!;
  };
  const part = async (inc: ValueSetComposeInclude): Promise<DictionaryConcept[]> => {
    if (inc.filter?.length) throw new ExpansionError(`ValueSet ${vs.url ?? vs.id ?? ''}: filters need the server's $expand`);
    let concepts: DictionaryConcept[] | undefined;
    if (inc.system) {
      if (inc.concept?.length) {
        // Listed concepts without a display take it from their CodeSystem when the server has it.
        const needsDisplay = inc.concept.some((c) => !c.display);
        const displays = needsDisplay ? new Map(codeSystemConcepts(await system(inc.system)).map((c) => [c.code, c.display])) : new Map<string, string>();
        concepts = inc.concept.map((c) => ({ system: inc.system, code: c.code, display: c.display ?? displays.get(c.code) ?? c.code }));
      } else {
        concepts = codeSystemConcepts(await system(inc.system));
      }
    }
    for (const url of inc.valueSet ?? []) {
      const included = await lookup.valueSet(url);
      if (!included) throw new ExpansionError(`ValueSet ${url} is not on the server`);
      const members = await expandValueSet(included, lookup, visiting);
      // Several sources in one include intersect (FHIR compose semantics).
      const keys = new Set(members.map(key));
      concepts = concepts ? concepts.filter((c) => keys.has(key(c))) : members;
    }
    return concepts ?? [];
  };
  const included = (await Promise.all((vs.compose?.include ?? []).map(part))).flat();
  const excluded = new Set((await Promise.all((vs.compose?.exclude ?? []).map(part))).flat().map(key));
  const unique = new Map<string, DictionaryConcept>();
  for (const c of included) if (!excluded.has(key(c)) && !unique.has(key(c))) unique.set(key(c), c);
  return [...unique.values()];
}
