import { useMemo } from 'react';
import { useLoad } from '../../admin/common/use-load.ts';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { fetchConcepts } from '../../widgets/picker/dictionary-source.ts';
import { catalogueApi } from './catalogue.api.ts';

/** Regional specimen types (01 全血, 02 血清 …), seeded by the terminology module. */
const SPECIMEN_TYPE_SYSTEM = 'https://medunion.org/fhir/CodeSystem/specimen-type';

export interface CatalogueDictionaries {
  /** The lab's active tests and tubes as picker concepts (a retired one an entry names shows as its code). */
  tests: DictionaryConcept[] | undefined;
  tubes: DictionaryConcept[] | undefined;
  /** Panels, for order templates. */
  panels: DictionaryConcept[] | undefined;
  specimenTypes: DictionaryConcept[] | undefined;
  specimenTypeName(code: string | undefined): string | undefined;
  reload(): void;
}

/** What the catalogue drawers pick from: tests for a panel, tubes, panels for a template, specimen types — read once per page and scope. */
export function useCatalogueDictionaries(scope: { institution?: string }, enabled: boolean): CatalogueDictionaries {
  const tests = useLoad(() => catalogueApi.all('tests', scope), [scope], enabled);
  const tubes = useLoad(() => catalogueApi.all('tubes', scope), [scope], enabled);
  const panels = useLoad(() => catalogueApi.all('panels', scope), [scope], enabled);
  const types = useLoad(() => fetchConcepts({ codeSystem: SPECIMEN_TYPE_SYSTEM }), [], enabled);
  return useMemo(() => {
    const typeNames = new Map((types.data ?? []).map((c) => [c.code, c.display]));
    return {
      tests: tests.data?.map((t) => ({ code: t.code, display: t.abbreviation && t.abbreviation !== t.code ? `${t.name} ${t.abbreviation}` : t.name })),
      tubes: tubes.data?.map((t) => ({ code: t.code, display: t.name })),
      panels: panels.data?.map((p) => ({ code: p.code, display: p.name })),
      specimenTypes: types.data,
      specimenTypeName: (code) => (code ? (typeNames.get(code) ?? code) : undefined),
      reload: () => {
        tests.reload();
        tubes.reload();
        panels.reload();
      },
    };
  }, [tests.data, tubes.data, panels.data, types.data, tests.reload, tubes.reload, panels.reload]);
}
