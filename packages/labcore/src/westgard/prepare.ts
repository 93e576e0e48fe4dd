import { inputError } from '../errors.ts';
import { tidy } from '../stats/precision.ts';
import { toMillis } from '../time.ts';
import type { QcResult, QcTarget } from './types.ts';

/** A control result ready for the rules: its level as text, its time in ms and its z-score. */
export interface PreparedQcResult {
  source: QcResult;
  /** Position in the caller's list: breaks ties between results of the same time. */
  index: number;
  level: string;
  ms: number;
  z: number;
}

/**
 * How many SDs a value lies from the target mean (z-score, SDI), to 12 significant digits: binary arithmetic makes
 * (7.6 − 8) / 0.2 come out as −2.0000000000000018, and a value on the 2 SD line must not count as beyond it.
 */
export function zScore(value: number, target: QcTarget): number {
  return tidy((value - target.mean) / target.sd);
}

/** Checks every result (finite value, positive SD, a time, unique ids) and sorts them by time. */
export function prepareQcResults(results: readonly QcResult[]): PreparedQcResult[] {
  const ids = new Set<string>();
  const prepared = results.map((r, index): PreparedQcResult => {
    const path = `results[${index}]`;
    if (!r.id) throw inputError(`${path}.id`, '质控结果缺少 id', 'A control result has no id');
    if (ids.has(r.id)) throw inputError(`${path}.id`, `质控结果 id 重复：${r.id}`, `Duplicate control result id: ${r.id}`);
    ids.add(r.id);
    if (!Number.isFinite(r.value)) throw inputError(`${path}.value`, `质控结果 ${r.id} 的值不是数字`, `Control result ${r.id} has no numeric value`);
    if (!Number.isFinite(r.target?.mean)) throw inputError(`${path}.target.mean`, `质控结果 ${r.id} 缺少靶值`, `Control result ${r.id} has no target mean`);
    if (!(r.target.sd > 0) || !Number.isFinite(r.target.sd)) throw inputError(`${path}.target.sd`, `质控结果 ${r.id} 的标准差必须大于 0`, `Control result ${r.id}: the target SD must be greater than 0`);
    return { source: r, index, level: String(r.level), ms: toMillis(r.time, `${path}.time`), z: zScore(r.value, r.target) };
  });
  return prepared.sort((a, b) => a.ms - b.ms || a.index - b.index);
}
