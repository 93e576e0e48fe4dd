import type { ConceptMap, ConceptMapGroup } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import type { IndexedCodeSystem } from '../concepts/concept-index.ts';
import { conceptMapUrl, MEDUNION } from '../urls.ts';

/** The ConceptMap of a dictionary: `…/CodeSystem/dictionary/<inst>/<kind>` → `…/ConceptMap/dictionary/<inst>/<kind>`. */
export function mappingUrl(dictionaryUrl: string): string {
  const url = conceptMapUrl(dictionaryUrl);
  return url !== dictionaryUrl ? url : `${MEDUNION}/ConceptMap/mapping/${encodeURIComponent(dictionaryUrl)}`;
}

/** The current ConceptMap of a dictionary, read as the caller; undefined before the first save. */
export async function currentConceptMap(ctx: ModuleContext, request: RequestContext, dictionaryUrl: string): Promise<ConceptMap | undefined> {
  const { resources } = await ctx.store.search(request, 'ConceptMap', [['url', mappingUrl(dictionaryUrl)]]);
  return resources[0] as ConceptMap | undefined;
}

/** The group of a map that maps the dictionary to the standard. */
export function groupFor(map: ConceptMap | undefined, dictionary: IndexedCodeSystem, standard: IndexedCodeSystem): ConceptMapGroup | undefined {
  return map?.group?.find((g) => g.source === dictionary.url && g.target === standard.url);
}

/** Codes with a decision in a group: mapped (some target that is a translation) and decided unmatched. */
export function decisions(group: ConceptMapGroup | undefined): { mapped: string[]; unmatched: string[] } {
  const mapped: string[] = [];
  const unmatched: string[] = [];
  for (const e of group?.element ?? []) {
    if (!e.code) continue;
    const targets = e.target ?? [];
    if (targets.some((t) => t.code && t.equivalence !== 'unmatched' && t.equivalence !== 'disjoint')) mapped.push(e.code);
    else if (targets.length) unmatched.push(e.code);
  }
  return { mapped, unmatched };
}
