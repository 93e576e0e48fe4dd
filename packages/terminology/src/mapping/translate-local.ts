import type { ConceptMap } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { dictionaryUrl } from '../urls.ts';
import { mappingUrl } from './concept-map.ts';
import { defaultStandardUrl } from './standards.ts';

/** Equivalences that record a reviewed "no counterpart" rather than a translation. */
const NO_MATCH = new Set(['unmatched', 'disjoint']);

export interface LocalCodeTranslation {
  /** The institution dictionary the codes belong to, and the standard they were translated into. */
  dictionary: string;
  standard: string;
  /** Per local code: its standard code (first translating target), or null when it is not mapped. */
  codes: Record<string, { code: string; display?: string } | null>;
}

/**
 * Translates an institution's local codes of one dictionary kind into the kind's regional standard through the
 * institution's current ConceptMap (what the mapping workbench saved); `standardUrl` names another standard the
 * dictionary is mapped to (a map holds one group per standard). One store read per call, as the module's
 * system principal: mappings are shared terminology, readable by everyone.
 */
export async function translateLocalCodes(ctx: ModuleContext, institution: string, kind: string, codes: string[], standardUrl?: string): Promise<LocalCodeTranslation> {
  const dictionary = dictionaryUrl(institution, kind);
  const standard = standardUrl ?? defaultStandardUrl(kind);
  const { resources } = await ctx.store.search(ctx.systemContext, 'ConceptMap', [['url', mappingUrl(dictionary)]]);
  const group = (resources[0] as ConceptMap | undefined)?.group?.find((g) => g.source === dictionary && g.target === standard);
  const elements = new Map((group?.element ?? []).map((e) => [e.code, e]));
  const translated: LocalCodeTranslation['codes'] = {};
  for (const code of codes) {
    const target = elements.get(code)?.target?.find((t) => t.code && !NO_MATCH.has(t.equivalence ?? 'equivalent'));
    translated[code] = target?.code ? { code: target.code, ...(target.display ? { display: target.display } : {}) } : null;
  }
  return { dictionary, standard, codes: translated };
}
