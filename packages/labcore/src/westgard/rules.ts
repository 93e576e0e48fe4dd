import { bilingual, type Bilingual } from '../text.ts';
import type { WestgardRuleId, WestgardScope, WestgardSeverity } from './types.ts';

/**
 * A control rule in the notation of Westgard et al. (Clin Chem 1981;27:493): `k of n` consecutive results beyond
 * `limitSd` on the same side of the mean (1-2s: 1 of 1 beyond 2 SD; 2of3-2s: 2 of 3; 10x: 10 of 10 beyond 0 SD,
 * i.e. on one side of the mean), or the range rule R-4s: one result above +2 SD and another below −2 SD.
 */
export interface WestgardRuleDefinition {
  id: WestgardRuleId;
  kind: 'limit' | 'range';
  n: number;
  k: number;
  limitSd: number;
  defaultSeverity: WestgardSeverity;
  defaultScopes: readonly WestgardScope[];
  /** The kind of analytical error the rule is sensitive to. */
  detects: 'random' | 'systematic';
  meaning: Bilingual;
}

const ALL_SCOPES: readonly WestgardScope[] = ['within-run', 'across-runs-within-level', 'across-runs-across-levels'];
const WITHIN_RUN_AND_LEVEL: readonly WestgardScope[] = ['within-run', 'across-runs-within-level'];

function meanSide(n: number): WestgardRuleDefinition {
  return {
    id: `${n}x` as WestgardRuleId,
    kind: 'limit',
    n,
    k: n,
    limitSd: 0,
    defaultSeverity: 'reject',
    defaultScopes: ALL_SCOPES,
    detects: 'systematic',
    meaning: bilingual(`连续 ${n} 个质控结果位于均值同一侧`, `${n} consecutive control results on the same side of the mean`),
  };
}

export const WESTGARD_RULES: Readonly<Record<WestgardRuleId, WestgardRuleDefinition>> = {
  '1-2s': {
    id: '1-2s', kind: 'limit', n: 1, k: 1, limitSd: 2, defaultSeverity: 'warning', defaultScopes: ['within-run'], detects: 'random',
    meaning: bilingual('1 个质控结果超出 ±2SD（警告）', 'one control result beyond ±2 SD (warning)'),
  },
  '1-3s': {
    id: '1-3s', kind: 'limit', n: 1, k: 1, limitSd: 3, defaultSeverity: 'reject', defaultScopes: ['within-run'], detects: 'random',
    meaning: bilingual('1 个质控结果超出 ±3SD', 'one control result beyond ±3 SD'),
  },
  '2-2s': {
    id: '2-2s', kind: 'limit', n: 2, k: 2, limitSd: 2, defaultSeverity: 'reject', defaultScopes: WITHIN_RUN_AND_LEVEL, detects: 'systematic',
    meaning: bilingual('2 个连续质控结果超出同侧 2SD', 'two consecutive control results beyond the same 2 SD limit'),
  },
  // Westgard: R-4s is a within-run rule; across runs a range would mix random with systematic change.
  'R-4s': {
    id: 'R-4s', kind: 'range', n: 2, k: 2, limitSd: 2, defaultSeverity: 'reject', defaultScopes: ['within-run'], detects: 'random',
    meaning: bilingual('同一批内一个结果超出 +2SD、另一个超出 −2SD', 'in one run, one result above +2 SD and another below −2 SD'),
  },
  '4-1s': {
    id: '4-1s', kind: 'limit', n: 4, k: 4, limitSd: 1, defaultSeverity: 'reject', defaultScopes: ALL_SCOPES, detects: 'systematic',
    meaning: bilingual('4 个连续质控结果超出同侧 1SD', 'four consecutive control results beyond the same 1 SD limit'),
  },
  '2of3-2s': {
    id: '2of3-2s', kind: 'limit', n: 3, k: 2, limitSd: 2, defaultSeverity: 'reject', defaultScopes: WITHIN_RUN_AND_LEVEL, detects: 'systematic',
    meaning: bilingual('连续 3 个质控结果中有 2 个超出同侧 2SD', 'two of three consecutive control results beyond the same 2 SD limit'),
  },
  '3-1s': {
    id: '3-1s', kind: 'limit', n: 3, k: 3, limitSd: 1, defaultSeverity: 'reject', defaultScopes: ALL_SCOPES, detects: 'systematic',
    meaning: bilingual('3 个连续质控结果超出同侧 1SD', 'three consecutive control results beyond the same 1 SD limit'),
  },
  '6x': meanSide(6),
  '8x': meanSide(8),
  '9x': meanSide(9),
  '10x': meanSide(10),
  '12x': meanSide(12),
};

export const SCOPE_NAMES: Readonly<Record<WestgardScope, Bilingual>> = {
  'within-run': bilingual('批内跨水平', 'within the run, across levels'),
  'across-runs-within-level': bilingual('同水平跨批', 'across runs, within one level'),
  'across-runs-across-levels': bilingual('跨批跨水平', 'across runs and levels'),
};
