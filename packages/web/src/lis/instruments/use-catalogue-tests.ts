import { useMemo } from 'react';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { instrumentsApi } from './instruments.api.ts';

export interface CatalogueTests {
  /** The tests as picker concepts: one array per laboratory, so every picker reads it into pinyin once. */
  concepts: DictionaryConcept[] | undefined;
  /** Test code → name, for showing codes. */
  nameOf(code: string | undefined): string | undefined;
  error: unknown;
}

// Per laboratory, for the page load: a channel map of 25 rows opens 25 pickers over the same list.
const loaded = new Map<string, Promise<DictionaryConcept[]>>();

function conceptsOf(institution: string | undefined): Promise<DictionaryConcept[]> {
  const key = institution ?? '';
  let promise = loaded.get(key);
  if (!promise) {
    promise = instrumentsApi.catalogueTests({ institution }).then((tests) => tests.map((t) => ({ code: t.code, display: t.name })));
    promise.catch(() => loaded.delete(key));
    loaded.set(key, promise);
  }
  return promise;
}

/** The laboratory's tests (检验项目) from `/api/lis/catalogue/tests`. */
export function useCatalogueTests(scope: { institution?: string }, enabled = true): CatalogueTests {
  const { data, error } = useLoad(() => conceptsOf(scope.institution), [scope.institution], enabled);
  return useMemo(() => {
    const names = new Map((data ?? []).map((c) => [c.code, c.display]));
    return { concepts: data, nameOf: (code: string | undefined) => (code ? names.get(code) : undefined), error };
  }, [data, error]);
}
