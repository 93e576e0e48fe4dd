import { bilingual, formatNumber, type Bilingual } from '../text.ts';
import type { PbrtqcSettings } from './types.ts';

/** A short name for settings, e.g. `MA(N=20, 截断 3.5–5.5)` / `MA(N=20, truncation 3.5–5.5)`. */
export function describePbrtqcSettings(s: PbrtqcSettings): Bilingual {
  const head = s.statistic === 'ewma' ? `EWMA(λ=${s.lambda}` : `${s.statistic === 'moving-average' ? 'MA' : 'MM'}(N=${s.blockSize}`;
  if (!s.truncation) return bilingual(`${head})`, `${head})`);
  const range = `${formatNumber(s.truncation.low)}–${formatNumber(s.truncation.high)}`;
  const winsor = s.truncation.mode === 'winsorize';
  return bilingual(`${head}, ${winsor ? '缩尾' : '截断'} ${range})`, `${head}, ${winsor ? 'winsorised' : 'truncation'} ${range})`);
}
