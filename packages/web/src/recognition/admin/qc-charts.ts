import type { LineSeriesOption } from 'echarts/charts';
import { lineChartOption, type ChartOption } from '../../widgets/chart/chart.tsx';
import type { QcInstrument, QcPoint } from './recognition-admin.api.ts';

const r = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/** One stream's control chart: moving average and EWMA against the limits in force at each point. */
export function seriesChart(points: QcPoint[], labels: { ma: string; ewma: string; upper: string; lower: string; target: string }): ChartOption {
  const option = lineChartOption({
    categories: points.map((p, i) => `${i + 1}`),
    series: [
      { name: labels.ma, data: points.map((p) => r(p.ma)) },
      { name: labels.ewma, data: points.map((p) => r(p.ewma)) },
      { name: labels.upper, data: points.map((p) => r(p.maHigh)) },
      { name: labels.target, data: points.map((p) => r(p.target)) },
      { name: labels.lower, data: points.map((p) => r(p.maLow)) },
    ],
  });
  // Limits and target as plain dashed lines; the value axis fits the data instead of starting at zero.
  const styles = [{}, {}, LIMIT, TARGET, LIMIT];
  const series = (Array.isArray(option.series) ? option.series : []).map((s, i) => ({ ...s, ...styles[i] }) as LineSeriesOption);
  return { ...option, series, yAxis: { type: 'value', scale: true } };
}

const LIMIT: LineSeriesOption = { symbol: 'none', lineStyle: { type: 'dashed', color: '#cf1322', width: 1 }, itemStyle: { color: '#cf1322' } };
const TARGET: LineSeriesOption = { symbol: 'none', lineStyle: { type: 'solid', color: '#389e0d', width: 1 }, itemStyle: { color: '#389e0d' } };

/** 仪器间比对: each instrument's moving average by its n-th result in the same period, on one axis. */
export function comparisonChart(instruments: QcInstrument[], unnamed: string): ChartOption {
  const length = Math.max(0, ...instruments.map((i) => i.points.length));
  const option = lineChartOption({
    categories: Array.from({ length }, (_, i) => `${i + 1}`),
    series: instruments.map((i) => ({ name: i.instrument || unnamed, data: Array.from({ length }, (_, k) => r(i.points[k]?.ma ?? null)) })),
  });
  return { ...option, yAxis: { type: 'value', scale: true } };
}
