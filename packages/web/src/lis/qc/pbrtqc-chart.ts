import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { PbrtqcSettingsBody, PbrtqcStream } from '@medunion/lis/contracts';
import { QC_COLOURS, type ChartOption } from '../../widgets/chart/chart-options.ts';

export interface PbrtqcLabels {
  statistic: string;
  values: string;
  target: string;
  upper: string;
  lower: string;
}

const PATIENT = '#bfbfbf';
const round = (v: number | null, digits = 4) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/**
 * A PBRTQC stream: the patients' results (grey dots; hollow when truncated away), the moving statistic (MA, moving
 * median or EWMA) against the target and the control limits in force, and its alarms as large red points.
 */
export function pbrtqcStreamOption(stream: Pick<PbrtqcStream, 'points' | 'settings'>, labels: PbrtqcLabels, formatTime: (iso: string) => string): ChartOption {
  const { points, settings } = stream;
  const categories = points.map((p) => formatTime(p.at));
  const values: ScatterSeriesOption = {
    type: 'scatter',
    name: labels.values,
    symbolSize: 4,
    itemStyle: { color: PATIENT },
    data: points.map((p) => (p.included ? round(p.value) : { value: round(p.value), symbol: 'emptyCircle' })),
  };
  const statistic: LineSeriesOption = {
    type: 'line',
    name: labels.statistic,
    showSymbol: false,
    connectNulls: true,
    lineStyle: { width: 2 },
    data: points.map((p) => (p.alarm ? { value: round(p.statistic), symbol: 'circle', symbolSize: 10, itemStyle: { color: QC_COLOURS.sd3 } } : round(p.statistic))),
    markLine: {
      silent: true,
      symbol: 'none',
      data: [
        { yAxis: settings.limits.high, name: labels.upper, lineStyle: { color: QC_COLOURS.sd3, type: 'dashed' }, label: { formatter: labels.upper, position: 'end' } },
        { yAxis: settings.target, name: labels.target, lineStyle: { color: QC_COLOURS.mean, type: 'solid' }, label: { formatter: labels.target, position: 'end' } },
        { yAxis: settings.limits.low, name: labels.lower, lineStyle: { color: QC_COLOURS.sd3, type: 'dashed' }, label: { formatter: labels.lower, position: 'end' } },
      ],
    },
  };
  const zoomed = points.length > 60;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 64, top: 32, bottom: zoomed ? 36 : 8, containLabel: true },
    dataZoom: zoomed ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }] : [],
    xAxis: { type: 'category', data: categories, boundaryGap: false },
    yAxis: { type: 'value', scale: true },
    series: [values, statistic],
  };
}

/** A rate as a percentage with up to 3 significant digits: 0.00133 → 0.133%. */
export function ratePercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '–';
  return `${Number((rate * 100).toPrecision(3))}%`;
}

export interface SettingsWords {
  statistic: Record<PbrtqcSettingsBody['statistic'], string>;
  truncation: string;
  target: string;
  limits: string;
}

/** Settings in words: statistic with N or λ, truncation (W: winsorized), target and control limits. */
export function settingsSummary(s: PbrtqcSettingsBody, words: SettingsWords): string {
  const size = s.statistic === 'ewma' ? `λ=${s.lambda}` : `N=${s.blockSize}`;
  const trunc = s.truncation ? ` · ${words.truncation} ${s.truncation.low}–${s.truncation.high}${s.truncation.mode === 'winsorize' ? ' (W)' : ''}` : '';
  return `${words.statistic[s.statistic]} ${size}${trunc} · ${words.target} ${round(s.target, 3)} · ${words.limits} ${round(s.limits.low, 3)}–${round(s.limits.high, 3)}`;
}

/** The biases the simulation injected, in order, for the per-bias columns. */
export function simulatedBiases(ranked: readonly { perBias: readonly { biasPercent: number }[] }[]): number[] {
  return [...new Set(ranked.flatMap((c) => c.perBias.map((b) => b.biasPercent)))].sort((a, b) => a - b);
}

/** Parses the biases typed in the form (`-10, -5, 5, 10` or with %), refusing zero and anything not a number. */
export function parseBiases(text: string): number[] | null {
  const parts = text
    .split(/[,，、\s]+/)
    .map((s) => s.replace('%', '').trim())
    .filter(Boolean);
  if (!parts.length) return null;
  const values = parts.map(Number);
  return values.every((v) => Number.isFinite(v) && v !== 0 && v > -90 && v <= 500) ? values : null;
}
