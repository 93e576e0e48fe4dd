import type { LineSeriesOption } from 'echarts/charts';
import type { MarkLineComponentOption } from 'echarts/components';
import type { LeveyJenningsResponse, QcVerdict } from '@medunion/lis/contracts';
import { QC_COLOURS, type ChartOption } from '../../widgets/chart/chart-options.ts';

type LjLevel = LeveyJenningsResponse['chart']['levels'][number];
export type LjPoint = LjLevel['points'][number];

export interface LjLabels {
  verdict: Record<QcVerdict, string>;
  excluded: string;
  /** "靶值" — the target (mean ± SD) the point was judged against. */
  target: string;
  /** Label of a vertical line where a level's target changes (new lot or revised target). */
  newTarget: string;
}

export interface MultiLevelInput {
  chart: LeveyJenningsResponse['chart'];
  /** Display name of a level key (`<material id>:<level>`). */
  levelName(key: string): string;
  labels: LjLabels;
  /** Time of a point as the UI shows it (locale). */
  formatTime(ms: number): string;
}

/** Levels are told apart by shape as well as colour: verdicts colour the points. */
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin'] as const;
const POINT_STYLE: Record<QcVerdict, { color: string; size: number } | null> = {
  accept: null,
  warning: { color: QC_COLOURS.sd2, size: 10 },
  reject: { color: QC_COLOURS.sd3, size: 12 },
};
const EXCLUDED_COLOUR = '#bfbfbf';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const signed = (z: number) => `${z > 0 ? '+' : z < 0 ? '−' : ''}${Math.abs(z).toFixed(2)}`;

/** The ±SD label of a z line; the mean is X̄. */
export const zLabel = (z: number): string => (z === 0 ? 'X̄' : `${z > 0 ? '+' : '−'}${Math.abs(z)}SD`);

/** The y axis reaches ±4 SD, further when a point lies beyond, so every control line stays in view. */
export function zReach(levels: readonly LjLevel[]): number {
  return Math.max(4, ...levels.flatMap((l) => l.points.map((p) => Math.ceil(Math.abs(p.z)))));
}

/** The target segment a point was judged in (segments are consecutive stretches of one mean and SD). */
export function segmentAt(level: LjLevel, time: number): LjLevel['segments'][number] | undefined {
  return level.segments.find((s) => time >= s.from && time <= s.to) ?? level.segments[level.segments.length - 1];
}

/** A point's tooltip: level, time, value and z, the target it was judged with, the verdict and the rules broken. */
export function pointTooltip(levelName: string, point: LjPoint, target: { mean: number; sd: number } | undefined, labels: LjLabels, formatTime: (ms: number) => string): string {
  const verdict = point.excluded ? labels.excluded : labels.verdict[point.status];
  const lines = [
    `<b>${escapeHtml(levelName)}</b>`,
    escapeHtml(formatTime(point.time)),
    `${point.value} (z ${signed(point.z)})`,
    ...(target ? [`${escapeHtml(labels.target)} ${target.mean} ± ${target.sd}`] : []),
    `${escapeHtml(verdict)}${point.rules.length ? `：${point.rules.map(escapeHtml).join(', ')}` : ''}`,
  ];
  return lines.join('<br/>');
}

const zLine = (z: number): NonNullable<MarkLineComponentOption['data']>[number] => {
  const colour = [QC_COLOURS.mean, QC_COLOURS.sd1, QC_COLOURS.sd2, QC_COLOURS.sd3][Math.min(3, Math.abs(z))];
  return {
    yAxis: z,
    name: zLabel(z),
    lineStyle: { color: colour, type: z === 0 ? 'solid' : 'dashed', width: z === 0 ? 1.5 : 1 },
    label: { formatter: zLabel(z), color: colour, position: 'end' },
  };
};

/**
 * 多水平 Levey-Jennings: every control level of a test on one chart, as z-scores against the target each result was
 * judged with, so levels with different units and a new lot's target share one axis. Mean and ±1/2/3 SD lines;
 * points coloured by their stored verdict (warning orange, reject red, excluded hollow grey); levels differ by
 * colour and shape; a dashed vertical line marks where a level's target changed. The tooltip names the rules broken.
 */
export function multiLevelLeveyJennings({ chart, levelName, labels, formatTime }: MultiLevelInput): ChartOption {
  const reach = zReach(chart.levels);
  const total = chart.levels.reduce((n, l) => n + l.points.length, 0);
  const zoomed = total > 90;
  const tooltips = new Map<string, string>();
  const series: LineSeriesOption[] = chart.levels.map((level, index) => {
    const name = levelName(level.level);
    const changes = level.segments.slice(1).map((s) => ({
      xAxis: s.from,
      name: labels.newTarget,
      lineStyle: { color: QC_COLOURS.sd1, type: 'dotted' as const, width: 1 },
      label: { formatter: labels.newTarget, position: 'insideEndTop' as const, color: QC_COLOURS.sd1 },
    }));
    const zLines = index === 0 ? chart.zLines.map((l) => zLine(l.z)) : [];
    return {
      type: 'line',
      name,
      symbol: SYMBOLS[index % SYMBOLS.length],
      symbolSize: 7,
      lineStyle: { width: 1 },
      data: level.points.map((p) => {
        tooltips.set(p.id, pointTooltip(name, p, segmentAt(level, p.time), labels, formatTime));
        const style = p.excluded ? { color: EXCLUDED_COLOUR, size: 7 } : POINT_STYLE[p.status];
        return {
          id: p.id,
          value: [p.time, round(p.z)],
          ...(p.excluded ? { symbol: 'emptyCircle' } : {}),
          ...(style ? { symbolSize: style.size, itemStyle: { color: style.color, borderColor: style.color } } : {}),
        };
      }),
      ...(zLines.length || changes.length ? { markLine: { silent: true, symbol: 'none', data: [...zLines, ...changes] } } : {}),
    };
  });
  return {
    // A control chart is read, not watched: no growing lines after every reload.
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params;
        return tooltips.get(String((p.data as { id?: string } | undefined)?.id)) ?? '';
      },
    },
    legend: { top: 0 },
    grid: { left: 8, right: 56, top: 32, bottom: zoomed ? 36 : 8, containLabel: true },
    dataZoom: zoomed ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }] : [],
    xAxis: { type: 'time' },
    yAxis: { type: 'value', min: -reach, max: reach, interval: 1, axisLabel: { formatter: (v: number) => zLabel(v) }, splitLine: { show: false } },
    series,
  };
}

/** How many points of each verdict the chart shows (the summary under it, and the browser test's hold on it). */
export function verdictCounts(levels: readonly LjLevel[]): Record<QcVerdict, number> & { excluded: number } {
  const counts = { accept: 0, warning: 0, reject: 0, excluded: 0 };
  for (const p of levels.flatMap((l) => l.points)) {
    if (p.excluded) counts.excluded++;
    else counts[p.status]++;
  }
  return counts;
}
