import { useMemo } from 'react';
import { useLoad } from '../admin/common/use-load.ts';
import { currentVersions, type DictionaryVersions } from './dictionary-versions.ts';
import { institutionDictionaries } from './terminology.api.ts';

/** The institution's dictionaries (current version of each, with the number of versions); reload after an import or edit. */
export function useDictionaries(institution: string | undefined): { dictionaries: DictionaryVersions[]; loading: boolean; error: unknown; reload(): void } {
  const { data, loading, error, reload } = useLoad(() => institutionDictionaries(institution!), [institution], !!institution);
  const dictionaries = useMemo(() => currentVersions(data ?? []), [data]);
  return { dictionaries, loading, error, reload };
}
