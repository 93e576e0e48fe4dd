import { describe, expect, it } from 'vitest';
import type { TrendSeries } from '@medunion/lis/contracts';
import { DEFAULT_ABNORMAL_COLOURS } from '../../widgets/status/abnormal-colours.ts';
import { flagColour, histogramOption, trendOption } from './result-charts.ts';

const labels = { value: '钾', reference: '参考范围', current: '本次' };
const day = (iso: string) => iso.slice(5, 10);
type Line = { name?: string; data: unknown[]; stack?: string; areaStyle?: unknown };

const potassium: TrendSeries = {
  testCode: 'K',
  testName: '钾',
  unit: 'mmol/L',
  points: [
    { time: '2026-12-01T08:00:00Z', value: 4.2, text: '4.2', flag: 'N', referenceLow: 3.5, referenceHigh: 5.3 },
    { time: '2026-12-03T08:00:00Z', value: null, text: '溶血', flag: null },
    { time: '2026-12-05T08:00:00Z', value: 6.52, text: '6.52', flag: 'HH', referenceLow: 3.5, referenceHigh: 5.3 },
  ],
};

describe('trend chart (走趋图)', () => {
  it('draws the reference range as a band of two stacked lines under the results', () => {
    const option = trendOption(potassium, labels, day, DEFAULT_ABNORMAL_COLOURS);
    const series = option.series as Line[];
    expect(series.map((s) => s.name)).toEqual(['钾', '参考范围-low', '参考范围']);
    expect(series[1]).toMatchObject({ stack: 'reference', data: [3.5, null, 3.5] });
    expect(series[2]).toMatchObject({ stack: 'reference', data: [1.8, null, 1.8] });
    expect(series[2].areaStyle).toBeDefined();
    expect((option.xAxis as { data: string[] }).data).toEqual(['12-01', '12-03', '12-05']);
  });

  it('leaves text results as gaps and paints abnormal points in their flag’s colour', () => {
    const data = (trendOption(potassium, labels, day, DEFAULT_ABNORMAL_COLOURS).series as Line[])[0].data;
    expect(data[0]).toBe(4.2);
    expect(data[1]).toBeNull();
    expect(data[2]).toMatchObject({ value: 6.52, itemStyle: { color: DEFAULT_ABNORMAL_COLOURS.criticalColor } });
  });

  it('adds the value under review as its own hollow point after the released ones', () => {
    const option = trendOption(potassium, labels, day, DEFAULT_ABNORMAL_COLOURS, { time: '2026-12-07T08:00:00Z', value: 5.9, flag: 'H' });
    const series = option.series as Line[];
    expect(series.map((s) => s.name)).toEqual(['钾', '参考范围-low', '参考范围', '本次']);
    expect(series[3].data).toEqual([null, null, null, 5.9]);
    // The band continues under it with the last known range.
    expect(series[1].data[3]).toBe(3.5);
  });

  it('has no band when no point carries a range', () => {
    const plain: TrendSeries = { testCode: 'U-PRO', testName: '尿蛋白', points: [{ time: '2026-12-01T08:00:00Z', value: null, text: '阴性', flag: 'N' }] };
    expect((trendOption(plain, labels, day, DEFAULT_ABNORMAL_COLOURS).series as Line[]).map((s) => s.name)).toEqual(['钾']);
  });

  it('colours flags as ResultValue does', () => {
    expect(flagColour('H', DEFAULT_ABNORMAL_COLOURS)).toBe(DEFAULT_ABNORMAL_COLOURS.highColor);
    expect(flagColour('L', DEFAULT_ABNORMAL_COLOURS)).toBe(DEFAULT_ABNORMAL_COLOURS.lowColor);
    expect(flagColour('LL', DEFAULT_ABNORMAL_COLOURS)).toBe(DEFAULT_ABNORMAL_COLOURS.criticalColor);
    expect(flagColour('N', DEFAULT_ABNORMAL_COLOURS)).toBeUndefined();
    expect(flagColour(null, DEFAULT_ABNORMAL_COLOURS)).toBeUndefined();
  });
});

describe('histogram chart', () => {
  it('draws the analyzer’s numbers as a filled curve without axes', () => {
    const option = histogramOption([0, 5, 30, 12, 1], 'WBC', '#1677ff');
    expect((option.series as Line[])[0].data).toEqual([0, 5, 30, 12, 1]);
    expect(option.xAxis).toMatchObject({ show: false, data: ['0', '1', '2', '3', '4'] });
  });
});
