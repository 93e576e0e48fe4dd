import type { Bundle, CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { api } from '../../api/http.api.ts';
import { indexConcepts, type DictionaryConcept, type IndexedConcept } from './dictionary-match.ts';
import { loadPinyinReader } from './pinyin-reader.ts';
import { codeSystemConcepts, expandValueSet, ExpansionError, type TerminologyLookup } from './value-set-expansion.ts';

/** What a picker lists: a ValueSet or a CodeSystem by canonical url, or concepts given inline. */
export interface DictionarySource {
  valueSet?: string;
  codeSystem?: string;
  concepts?: DictionaryConcept[];
}

async function byUrl<T extends CodeSystem | ValueSet>(type: T['resourceType'], url: string): Promise<T | undefined> {
  const bundle = await api<Bundle<T>>(`/fhir/R4/${type}`, { query: { url, _count: 1 } });
  return bundle.entry?.[0]?.resource;
}

/** The server's FHIR API as the source of CodeSystems and ValueSets. */
export const serverTerminology: TerminologyLookup = {
  codeSystem: (url) => byUrl<CodeSystem>('CodeSystem', url),
  valueSet: (url) => byUrl<ValueSet>('ValueSet', url),
};

/** The concepts of a source, fetched and expanded (no pinyin yet). */
export async function fetchConcepts(source: DictionarySource, lookup: TerminologyLookup = serverTerminology): Promise<DictionaryConcept[]> {
  if (source.concepts) return source.concepts;
  if (source.valueSet) {
    const vs = await lookup.valueSet(source.valueSet);
    if (!vs) throw new ExpansionError(`ValueSet ${source.valueSet} is not on the server`);
    return expandValueSet(vs, lookup);
  }
  if (source.codeSystem) {
    const cs = await lookup.codeSystem(source.codeSystem);
    if (!cs) throw new ExpansionError(`CodeSystem ${source.codeSystem} is not on the server`);
    return codeSystemConcepts(cs);
  }
  return [];
}

// Dictionaries named by url are fetched and read into pinyin once per page load, however many pickers show them;
// inline concept lists are cached by identity (a caller that rebuilds its array on every render pays each time).
const byKey = new Map<string, Promise<IndexedConcept[]>>();
const byList = new WeakMap<DictionaryConcept[], Promise<IndexedConcept[]>>();

/** A dictionary ready for matching, cached; a failed load is forgotten so the next picker tries again. */
export function loadDictionary(source: DictionarySource): Promise<IndexedConcept[]> {
  const load = async () => {
    const [concepts, read] = await Promise.all([fetchConcepts(source), loadPinyinReader()]);
    return indexConcepts(concepts, read);
  };
  if (source.concepts) {
    const cached = byList.get(source.concepts);
    if (cached) return cached;
    const promise = load();
    byList.set(source.concepts, promise);
    promise.catch(() => byList.delete(source.concepts!));
    return promise;
  }
  const key = source.valueSet ? `ValueSet|${source.valueSet}` : `CodeSystem|${source.codeSystem ?? ''}`;
  const cached = byKey.get(key);
  if (cached) return cached;
  const promise = load();
  byKey.set(key, promise);
  promise.catch(() => byKey.delete(key));
  return promise;
}

/** Forgets every loaded dictionary (after an administrator edited one). */
export function clearDictionaryCache(): void {
  byKey.clear();
}
