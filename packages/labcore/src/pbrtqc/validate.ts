import { inputError } from '../errors.ts';
import type { PbrtqcSettings } from './types.ts';

/** Refuses settings the statistic cannot run with, naming the field. */
export function checkPbrtqcSettings(s: PbrtqcSettings, path = 'settings'): void {
  if (!['moving-average', 'moving-median', 'ewma'].includes(s.statistic)) {
    throw inputError(`${path}.statistic`, `未知的统计量：${String(s.statistic)}`, `Unknown statistic: ${String(s.statistic)}`);
  }
  if (!Number.isFinite(s.target)) throw inputError(`${path}.target`, '缺少目标值', 'target is required');
  if (s.statistic === 'ewma') {
    if (s.lambda === undefined || !(s.lambda > 0 && s.lambda <= 1)) throw inputError(`${path}.lambda`, 'EWMA 的 λ 必须在 (0, 1] 之内', 'The EWMA λ must be in (0, 1]');
  } else if (s.blockSize === undefined || !Number.isInteger(s.blockSize) || s.blockSize < 1 || s.blockSize > 10_000) {
    throw inputError(`${path}.blockSize`, '块大小 N 必须是 1 到 10000 之间的整数', 'blockSize N must be an integer from 1 to 10000');
  }
  if (s.truncation && !(s.truncation.low < s.truncation.high)) {
    throw inputError(`${path}.truncation`, '截断下限必须小于上限', 'The truncation low limit must be below the high limit');
  }
  if (s.limits && !(s.limits.low < s.limits.high)) {
    throw inputError(`${path}.limits`, '控制下限必须小于上限', 'The low control limit must be below the high limit');
  }
}
