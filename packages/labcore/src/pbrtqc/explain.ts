import { bilingual, formatNumber, type Bilingual } from '../text.ts';
import { describePbrtqcSettings } from './describe.ts';
import type { TrackedPoint } from './tracker.ts';
import type { PbrtqcSettings } from './types.ts';

const biasOf = (s: PbrtqcSettings, v: number): string => (s.target === 0 ? '' : formatNumber(((v - s.target) / s.target) * 100));

/** Why a point did or did not alarm, with the statistic, the limit crossed and the bias against the target. */
export function explainPoint(s: PbrtqcSettings, value: number, p: TrackedPoint): Bilingual {
  const name = describePbrtqcSettings(s);
  const v = formatNumber(value);
  if (!p.included) {
    const t = s.truncation!;
    return bilingual(
      `结果 ${v} 超出截断限 ${formatNumber(t.low)}–${formatNumber(t.high)}，不参与统计`,
      `result ${v} is outside the truncation limits ${formatNumber(t.low)}–${formatNumber(t.high)} and is left out`,
    );
  }
  const winsorised =
    p.used !== value ? bilingual(`结果 ${v} 按缩尾处理为 ${formatNumber(p.used!)}；`, `result ${v} winsorised to ${formatNumber(p.used!)}; `) : bilingual('', '');
  if (p.statistic === null) {
    return bilingual(`${winsorised['zh-CN']}${name['zh-CN']} 窗口未满，暂不判断`, `${winsorised.en}${name.en}: the window is not yet full`);
  }
  const stat = formatNumber(p.statistic);
  const bias = biasOf(s, p.statistic);
  const biasZh = bias ? `，偏倚 ${bias}%` : '';
  const biasEn = bias ? `, bias ${bias}%` : '';
  if (!s.limits) return bilingual(`${winsorised['zh-CN']}${name['zh-CN']} = ${stat}（未设控制限）`, `${winsorised.en}${name.en} = ${stat} (no control limits set)`);
  const lo = formatNumber(s.limits.low);
  const hi = formatNumber(s.limits.high);
  if (p.alarm) {
    const above = p.alarm === 'high';
    return bilingual(
      `${winsorised['zh-CN']}${name['zh-CN']} = ${stat} ${above ? '高于控制上限' : '低于控制下限'} ${above ? hi : lo}（目标 ${formatNumber(s.target)}${biasZh}）`,
      `${winsorised.en}${name.en} = ${stat} is ${above ? 'above the upper' : 'below the lower'} control limit ${above ? hi : lo} (target ${formatNumber(s.target)}${biasEn})`,
    );
  }
  return bilingual(`${winsorised['zh-CN']}${name['zh-CN']} = ${stat}，在控制限 ${lo}–${hi} 之内`, `${winsorised.en}${name.en} = ${stat}, within the control limits ${lo}–${hi}`);
}
