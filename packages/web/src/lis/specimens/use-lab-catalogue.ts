import { useMemo } from 'react';
import { useLoad } from '../../admin/common/use-load.ts';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { specimensApi, type CataloguePanel, type CatalogueTube, type LabOrderTemplate, type Scope } from './specimens.api.ts';

export interface LabCatalogue {
  panels: Map<string, CataloguePanel>;
  tubes: Map<string, CatalogueTube>;
  /** Panels as picker concepts (code, name): the DictionaryPicker searches them by pinyin (`xcg` → 血常规). */
  panelConcepts: DictionaryConcept[] | undefined;
  templates: LabOrderTemplate[];
  loading: boolean;
  error: unknown;
}

const EMPTY_PANELS = new Map<string, CataloguePanel>();
const EMPTY_TUBES = new Map<string, CatalogueTube>();

/** The lab's active tubes (tube caps in lists), and for ordering also its panels and order templates. */
export function useLabCatalogue(scope: Scope, enabled: boolean, forOrdering = false): LabCatalogue {
  const panels = useLoad(() => specimensApi.panels(scope), [scope], enabled && forOrdering);
  const tubes = useLoad(() => specimensApi.tubes(scope), [scope], enabled);
  const templates = useLoad(() => specimensApi.templates(scope), [scope], enabled && forOrdering);
  return useMemo(
    () => ({
      panels: panels.data ? new Map(panels.data.map((p) => [p.code, p])) : EMPTY_PANELS,
      tubes: tubes.data ? new Map(tubes.data.map((t) => [t.code, t])) : EMPTY_TUBES,
      panelConcepts: panels.data?.map((p) => ({ code: p.code, display: p.name })),
      templates: templates.data ?? [],
      loading: panels.loading || tubes.loading || templates.loading,
      error: panels.error ?? tubes.error ?? templates.error,
    }),
    [panels.data, panels.loading, panels.error, tubes.data, tubes.loading, tubes.error, templates.data, templates.loading, templates.error],
  );
}
