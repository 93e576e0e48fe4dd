import type { ResultFlagCode, TrendSeries } from '@medunion/lis/contracts';
import type { AbnormalColours } from '../../widgets/status/abnormal-colours.ts';
import type { ChartOption } from '../../widgets/chart/chart-options.ts';

/** Texts the charts show, translated by the page. */
export interface TrendLabels {
  /** Series name of the results (the test's name). */
  value: string;
  /** Series name of the reference band. */
  reference: string;
  /** Series name of the unreleased value being reviewed, when shown. */
  current: string;
}

/** A point's colour by its flag, as ResultValue paints the value (critical purple, high red, low blue). */
export function flagColour(flag: ResultFlagCode | null, colours: Pick<AbnormalColours, 'highColor' | 'lowColor' | 'criticalColor'>): string | undefined {
  if (flag === 'HH' || flag === 'LL' || flag === 'AA') return colours.criticalColor;
  if (flag === 'H' || flag === 'A') return colours.highColor;
  if (flag === 'L') return colours.lowColor;
  return undefined;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * 走趋图: a test's released results over time as a line, abnormal points in their flag's colour, over the reference
 * range drawn as a band. The band is two stacked lines (the low bound, invisible, then the width of the range
 * filled), so it follows ranges that change with age and needs no chart component beyond lines. Text results
 * (阴性) leave a gap. `current` adds the value under review as a separate, hollow point.
 */
export function trendOption(
  s: TrendSeries,
  labels: TrendLabels,
  time: (iso: string) => string,
  colours: Pick<AbnormalColours, 'highColor' | 'lowColor' | 'criticalColor'>,
  current?: { time: string; value: number; flag: ResultFlagCode | null },
): ChartOption {
  const points = [...s.points, ...(current ? [{ time: current.time, value: current.value, text: String(current.value), flag: current.flag, current: true }] : [])];
  const categories = points.map((p) => time(p.time));
  const hasBand = s.points.some((p) => p.referenceLow !== undefined && p.referenceHigh !== undefined);
  // The range of the point before applies to the value under review (same patient, same test).
  const bandOf = (i: number) => {
    const p = s.points[Math.min(i, s.points.length - 1)];
    return p?.referenceLow !== undefined && p.referenceHigh !== undefined ? { low: p.referenceLow, high: p.referenceHigh } : undefined;
  };
  const band = points.map((_, i) => bandOf(i));
  const valueData = points.map((p) => {
    if (p.value === null || 'current' in p) return p.value === null ? null : { value: p.value, itemStyle: { opacity: 0 } };
    const colour = flagColour(p.flag, colours);
    return colour ? { value: p.value, symbolSize: 9, itemStyle: { color: colour } } : p.value;
  });
  // The results first, so they take the theme's first colour; the band is drawn beneath them (z).
  const series: NonNullable<ChartOption['series']> = [{ type: 'line', name: labels.value, data: valueData, symbol: 'circle', symbolSize: 6, connectNulls: true, z: 3 }];
  if (hasBand) {
    series.push(
      { type: 'line', name: `${labels.reference}-low`, stack: 'reference', data: band.map((b) => (b ? b.low : null)), symbol: 'none', lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
      {
        type: 'line',
        name: labels.reference,
        stack: 'reference',
        data: band.map((b) => (b ? round(b.high - b.low) : null)),
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(82, 196, 26, 0.15)' },
        silent: true,
        tooltip: { show: false },
      },
    );
  }
  if (current) {
    const colour = flagColour(current.flag, colours);
    series.push({
      type: 'line',
      name: labels.current,
      data: points.map((_, i) => (i === points.length - 1 ? current.value : null)),
      symbol: 'emptyCircle',
      symbolSize: 11,
      itemStyle: colour ? { color: colour } : {},
      z: 4,
    });
  }
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (params) => {
        const i = (Array.isArray(params) ? params[0] : params).dataIndex ?? 0;
        const p = points[i];
        const b = band[i];
        const range = b ? `<br/>${labels.reference} ${b.low}–${b.high}` : '';
        return `${categories[i]}<br/>${'current' in p ? `${labels.current} ` : ''}${p.text || '—'} ${s.unit ?? ''} ${p.flag && p.flag !== 'N' ? p.flag : ''}${range}`;
      },
    },
    legend: { show: false },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: categories, boundaryGap: false },
    yAxis: { type: 'value', name: s.unit, scale: true },
    series,
  };
}

/**
 * A histogram the analyzer sent as numbers (WBC/RBC/PLT distributions), drawn as a filled curve over the channel
 * number, the way analyzers print them; no axis values (the channels have no unit worth reading).
 */
export function histogramOption(values: readonly number[], title: string, colour: string): ChartOption {
  return {
    title: [{ text: title, left: 4, top: 0, textStyle: { fontSize: 12 } }],
    tooltip: { show: false },
    grid: { left: 4, right: 4, top: 22, bottom: 4 },
    xAxis: { type: 'category', data: values.map((_, i) => String(i)), show: false, boundaryGap: false },
    yAxis: { type: 'value', show: false, min: 0 },
    series: [{ type: 'line', data: [...values], symbol: 'none', smooth: true, lineStyle: { width: 1, color: colour }, areaStyle: { color: colour, opacity: 0.25 }, silent: true }],
  };
}
