import type { ConceptMap } from '@medplum/fhirtypes';

export type MappingStatus = 'mapped' | 'unmatched' | 'unmapped';

export interface MappingDecision {
  status: Exclude<MappingStatus, 'unmapped'>;
  target?: { code: string; display?: string };
}

/**
 * The decisions of a dictionary's ConceptMap for one standard, by local code, read the way the server counts
 * them: a target that translates (not `unmatched`/`disjoint`) is mapped; targets that all say no counterpart
 * are unmatched; a code not in the map is unmapped.
 */
export function mappingDecisions(map: ConceptMap | undefined, source: string, target: string): Map<string, MappingDecision> {
  const out = new Map<string, MappingDecision>();
  const group = map?.group?.find((g) => g.source === source && g.target === target);
  for (const element of group?.element ?? []) {
    if (!element.code) continue;
    const targets = element.target ?? [];
    const translation = targets.find((t) => t.code && t.equivalence !== 'unmatched' && t.equivalence !== 'disjoint');
    if (translation) out.set(element.code, { status: 'mapped', target: { code: translation.code!, display: translation.display } });
    else if (targets.length) out.set(element.code, { status: 'unmatched' });
  }
  return out;
}

export const statusOf = (decisions: Map<string, MappingDecision>, code: string): MappingStatus => decisions.get(code)?.status ?? 'unmapped';

/** The index ↑/↓ moves to in a list of `length`, staying at the ends; from nothing, ↓ starts at the top and ↑ at the bottom. */
export function moveSelection(current: number, key: 'ArrowUp' | 'ArrowDown', length: number): number {
  if (!length) return -1;
  if (current < 0) return key === 'ArrowDown' ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + (key === 'ArrowDown' ? 1 : -1)));
}
