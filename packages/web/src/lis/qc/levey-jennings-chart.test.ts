import { describe, expect, it } from 'vitest';
import type { LeveyJenningsResponse } from '@medunion/lis/contracts';
import { QC_COLOURS } from '../../widgets/chart/chart-options.ts';
import { multiLevelLeveyJennings, pointTooltip, segmentAt, verdictCounts, zLabel, zReach, type LjLabels } from './levey-jennings-chart.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 9);
const Z_LINES = [3, 2, 1, 0, -1, -2, -3].map((z) => ({ z, label: z ? `${z}SD` : 'mean' }));
const point = (i: number, z: number, status: 'accept' | 'warning' | 'reject' = 'accept', rules: string[] = [], excluded = false) => ({
  id: `p${i}-${z}`,
  runId: `r${i}`,
  time: T0 + i * DAY,
  value: Math.round((5.3 + z * 0.133) * 100) / 100,
  z,
  excluded,
  status,
  rules: rules as never[],
});
const segment = (from: number, to: number, mean: number, sd: number) => ({ from, to, mean, sd, lines: [] });

// Level 1 with the demo's glucose episode (1-2s warning, then 2-2s reject) and a new target from day 20; level 2 quiet.
const chart: LeveyJenningsResponse['chart'] = {
  zLines: Z_LINES,
  levels: [
    {
      level: 'm:1',
      segments: [segment(T0, T0 + 19 * DAY, 5.3, 0.133), segment(T0 + 20 * DAY, T0 + 29 * DAY, 5.4, 0.14)],
      points: [point(0, 0.2), point(16, 2.33, 'warning', ['1-2s']), point(17, 2.63, 'reject', ['1-2s', '2-2s']), point(18, -0.5, 'accept', [], true), point(25, 0.1)],
    },
    { level: 'm:2', segments: [segment(T0, T0 + 29 * DAY, 15.8, 0.395)], points: [point(0, -0.76), point(16, 0.4), point(17, 0.1)] },
  ],
};
const labels: LjLabels = { verdict: { accept: '在控', warning: '警告', reject: '失控' }, excluded: '已剔除', target: '靶值', newTarget: '新靶值' };
const names: Record<string, string> = { 'm:1': '生化质控 水平1', 'm:2': '生化质控 水平2' };
const option = multiLevelLeveyJennings({ chart, levelName: (k) => names[k], labels, formatTime: (ms) => new Date(ms).toISOString().slice(0, 10) }) as unknown as {
  series: { name: string; symbol: string; data: { id: string; value: [number, number]; itemStyle?: { color: string }; symbol?: string; symbolSize?: number }[]; markLine?: { data: { yAxis?: number; xAxis?: number; name: string }[] } }[];
  yAxis: { min: number; max: number; interval: number; axisLabel: { formatter(v: number): string } };
  xAxis: { type: string };
  tooltip: { formatter(p: unknown): string };
  legend: unknown;
};

describe('multi-level Levey-Jennings', () => {
  it('puts every level on one z-score chart, told apart by name and shape', () => {
    expect(option.series.map((s) => [s.name, s.symbol])).toEqual([
      ['生化质控 水平1', 'circle'],
      ['生化质控 水平2', 'rect'],
    ]);
    expect(option.xAxis.type).toBe('time');
    expect(option.series[1].data.map((d) => d.value)).toEqual([
      [T0, -0.76],
      [T0 + 16 * DAY, 0.4],
      [T0 + 17 * DAY, 0.1],
    ]);
    expect(option.legend).toEqual({ top: 0 });
  });

  it('draws the mean and ±1/2/3 SD lines once, and the target change of a level', () => {
    const lines = option.series[0].markLine!.data;
    expect(lines.filter((l) => l.yAxis !== undefined).map((l) => [l.name, l.yAxis])).toEqual([
      ['+3SD', 3],
      ['+2SD', 2],
      ['+1SD', 1],
      ['X̄', 0],
      ['−1SD', -1],
      ['−2SD', -2],
      ['−3SD', -3],
    ]);
    expect(lines.filter((l) => l.xAxis !== undefined)).toEqual([expect.objectContaining({ xAxis: T0 + 20 * DAY, name: '新靶值' })]);
    expect(option.series[1].markLine).toBeUndefined();
    expect(option.yAxis).toMatchObject({ min: -4, max: 4, interval: 1 });
    expect(option.yAxis.axisLabel.formatter(-2)).toBe('−2SD');
  });

  it('colours points by verdict: warning orange, reject red and larger, excluded hollow grey, accepted in the level colour', () => {
    const styles = option.series[0].data.map((d) => [d.itemStyle?.color, d.symbolSize, d.symbol]);
    expect(styles).toEqual([
      [undefined, undefined, undefined],
      [QC_COLOURS.sd2, 10, undefined],
      [QC_COLOURS.sd3, 12, undefined],
      ['#bfbfbf', 7, 'emptyCircle'],
      [undefined, undefined, undefined],
    ]);
  });

  it('explains a point in its tooltip: value, z, the target it was judged with, the verdict and the rules broken', () => {
    const rejected = option.series[0].data[2];
    const text = option.tooltip.formatter({ data: rejected });
    expect(text).toBe('<b>生化质控 水平1</b><br/>2026-11-26<br/>5.65 (z +2.63)<br/>靶值 5.3 ± 0.133<br/>失控：1-2s, 2-2s');
    const afterChange = option.tooltip.formatter({ data: option.series[0].data[4] });
    expect(afterChange).toContain('靶值 5.4 ± 0.14');
    expect(pointTooltip('<x>', point(1, -1.5), undefined, labels, () => 't')).toBe('<b>&lt;x&gt;</b><br/>t<br/>5.1 (z −1.50)<br/>在控');
  });

  it('widens the axis for points beyond 4 SD and counts verdicts for the summary', () => {
    expect(zReach(chart.levels)).toBe(4);
    expect(zReach([{ ...chart.levels[1], points: [point(3, -5.2, 'reject', ['1-3s'])] }])).toBe(6);
    expect(verdictCounts(chart.levels)).toEqual({ accept: 5, warning: 1, reject: 1, excluded: 1 });
    expect(segmentAt(chart.levels[0], T0 + 25 * DAY)?.mean).toBe(5.4);
    expect(zLabel(0)).toBe('X̄');
  });
});
