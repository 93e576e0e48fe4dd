import { bilingual, type Bilingual } from '../text.ts';
import type { ResultFlag } from './types.ts';

/** How a flagged result is shown: high red ↑, low blue ↓, critical emphasised, implausible purple ?. */
export interface FlagDisplay {
  colour: 'red' | 'blue' | 'purple' | null;
  arrow: '↑' | '↓' | null;
  /** Printed beside the value: ↑, ↓, ↑↑ / ↓↓ for critical, * for abnormal text, ? for implausible. */
  symbol: string;
  critical: boolean;
  label: Bilingual;
}

const DISPLAY: Readonly<Record<ResultFlag | 'none', FlagDisplay>> = {
  N: { colour: null, arrow: null, symbol: '', critical: false, label: bilingual('正常', 'normal') },
  H: { colour: 'red', arrow: '↑', symbol: '↑', critical: false, label: bilingual('偏高', 'high') },
  L: { colour: 'blue', arrow: '↓', symbol: '↓', critical: false, label: bilingual('偏低', 'low') },
  HH: { colour: 'red', arrow: '↑', symbol: '↑↑', critical: true, label: bilingual('危急值（高）', 'critically high') },
  LL: { colour: 'blue', arrow: '↓', symbol: '↓↓', critical: true, label: bilingual('危急值（低）', 'critically low') },
  A: { colour: 'red', arrow: null, symbol: '*', critical: false, label: bilingual('异常', 'abnormal') },
  AA: { colour: 'red', arrow: null, symbol: '**', critical: true, label: bilingual('危急值', 'critically abnormal') },
  implausible: { colour: 'purple', arrow: null, symbol: '?', critical: false, label: bilingual('结果不可信', 'implausible') },
  none: { colour: null, arrow: null, symbol: '', critical: false, label: bilingual('未判断', 'not judged') },
};

export function flagDisplay(flag: ResultFlag | null): FlagDisplay {
  return DISPLAY[flag ?? 'none'];
}
