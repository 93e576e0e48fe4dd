import { useMemo } from 'react';
import { useLoad } from '../../admin/common/use-load.ts';
import { fetchConcepts } from '../../widgets/picker/dictionary-source.ts';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';

/** 专业组 (lab sections) the LIS catalogue seeds as terminology (packages/lis urls.ts `CS.labSection`). */
export const LAB_SECTION_SYSTEM = 'https://medunion.org/fhir/lis/CodeSystem/lab-section';

/** The lab sections for pickers and for naming an instrument's section; a code the list lacks is shown as written. */
export function useLabSections(): { concepts: DictionaryConcept[] | undefined; nameOf(code: string | undefined): string } {
  const { data } = useLoad(() => fetchConcepts({ codeSystem: LAB_SECTION_SYSTEM }), []);
  return useMemo(() => {
    const names = new Map((data ?? []).map((c) => [c.code, c.display]));
    return { concepts: data, nameOf: (code: string | undefined) => (code ? (names.get(code) ?? code) : '') };
  }, [data]);
}
