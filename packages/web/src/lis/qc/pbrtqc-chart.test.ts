import { describe, expect, it } from 'vitest';
import type { PbrtqcStream } from '@medunion/lis/contracts';
import { QC_COLOURS } from '../../widgets/chart/chart-options.ts';
import { parseBiases, pbrtqcStreamOption, ratePercent, settingsSummary, simulatedBiases } from './pbrtqc-chart.ts';

const settings = { statistic: 'moving-average' as const, blockSize: 20, target: 5, truncation: { low: 2.8, high: 7.2, mode: 'exclude' as const }, limits: { low: 4.631048, high: 5.368951 } };
const point = (i: number, value: number, statistic: number | null, alarm: 'high' | 'low' | null = null, included = true) => ({ at: `2026-12-07T0${i}:00:00Z`, value, included, statistic, alarm });
const stream = { settings, points: [point(1, 5.1, null), point(2, 9.5, null, null, false), point(3, 5.6, 5.2), point(4, 6.1, 5.4, 'high')] } as Pick<PbrtqcStream, 'points' | 'settings'>;

describe('PBRTQC stream chart', () => {
  const option = pbrtqcStreamOption(stream, { statistic: 'MA', values: '患者结果', target: '目标值', upper: '上限', lower: '下限' }, (iso) => iso.slice(11, 16)) as unknown as {
    xAxis: { data: string[] };
    series: { type: string; data: unknown[]; markLine?: { data: { yAxis: number; name: string }[] } }[];
  };
  it('plots patients’ results and the statistic against target and limits', () => {
    expect(option.xAxis.data).toEqual(['01:00', '02:00', '03:00', '04:00']);
    expect(option.series.map((s) => s.type)).toEqual(['scatter', 'line']);
    expect(option.series[0].data).toEqual([5.1, { value: 9.5, symbol: 'emptyCircle' }, 5.6, 6.1]);
    expect(option.series[1].markLine!.data.map((l) => [l.name, l.yAxis])).toEqual([
      ['上限', 5.368951],
      ['目标值', 5],
      ['下限', 4.631048],
    ]);
  });
  it('marks alarms in red on the statistic', () => {
    expect(option.series[1].data).toEqual([null, null, 5.2, { value: 5.4, symbol: 'circle', symbolSize: 10, itemStyle: { color: QC_COLOURS.sd3 } }]);
  });
});

describe('simulation helpers', () => {
  it('formats false-alarm rates and settings', () => {
    expect(ratePercent(0.00133)).toBe('0.133%');
    expect(ratePercent(0)).toBe('0%');
    expect(ratePercent(null)).toBe('–');
    const words = { statistic: { 'moving-average': 'MA', 'moving-median': 'MM', ewma: 'EWMA' }, truncation: '截断', target: '目标值', limits: '控制限' };
    expect(settingsSummary(settings, words)).toBe('MA N=20 · 截断 2.8–7.2 · 目标值 5 · 控制限 4.631–5.369');
    expect(settingsSummary({ statistic: 'ewma', lambda: 0.1, target: 140, limits: { low: 139, high: 141 } }, words)).toBe('EWMA λ=0.1 · 目标值 140 · 控制限 139–141');
  });
  it('lists the injected biases in order and reads typed ones', () => {
    expect(simulatedBiases([{ perBias: [{ biasPercent: 5 }, { biasPercent: -5 }] }, { perBias: [{ biasPercent: 10 }, { biasPercent: -5 }] }])).toEqual([-5, 5, 10]);
    expect(parseBiases('-10, -5，5% 10')).toEqual([-10, -5, 5, 10]);
    expect(parseBiases('5, 0')).toBeNull();
    expect(parseBiases('abc')).toBeNull();
    expect(parseBiases(' ')).toBeNull();
  });
});
