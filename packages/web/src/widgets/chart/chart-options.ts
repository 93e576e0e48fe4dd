import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';

/** Options the platform's tree-shaken ECharts build can draw (see echarts-setup.ts: the same charts and components). */
export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | PieSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | DataZoomComponentOption
  | TitleComponentOption
>;

export interface SeriesInput {
  name: string;
  data: (number | null)[];
}

interface CartesianInput {
  categories: string[];
  series: SeriesInput[];
  title?: string;
  /** Name of the value axis (a unit, e.g. 'mmol/L'). */
  yName?: string;
  /** Counts: the value axis ticks whole numbers only. */
  integer?: boolean;
}

// Long category axes get a zoom bar rather than unreadable labels.
const ZOOM_FROM = 30;
const zoom = (count: number): DataZoomComponentOption[] => (count > ZOOM_FROM ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }] : []);
const titleOf = (title?: string): TitleComponentOption[] => (title ? [{ text: title, left: 'center', textStyle: { fontSize: 14 } }] : []);
const grid = (title: string | undefined, legend: boolean, zoomed: boolean): GridComponentOption => ({
  left: 8,
  right: 16,
  top: (title ? 32 : 8) + (legend ? 24 : 0),
  bottom: zoomed ? 32 : 8,
  containLabel: true,
});

/** Lines over categories (e.g. hours of the day); several series get a legend. */
export function lineChartOption({ categories, series, title, yName, integer = false, area = false }: CartesianInput & { area?: boolean }): ChartOption {
  const legend = series.length > 1;
  return {
    title: titleOf(title),
    tooltip: { trigger: 'axis' },
    legend: legend ? { top: title ? 24 : 0 } : { show: false },
    grid: grid(title, legend, categories.length > ZOOM_FROM),
    dataZoom: zoom(categories.length),
    xAxis: { type: 'category', data: categories, boundaryGap: false },
    yAxis: { type: 'value', name: yName, ...(integer ? { minInterval: 1 } : {}) },
    series: series.map((s) => ({ type: 'line', name: s.name, data: s.data, smooth: true, showSymbol: categories.length <= ZOOM_FROM, ...(area ? { areaStyle: { opacity: 0.15 } } : {}) })),
  };
}

/** Bars over categories; `stacked` stacks the series, `horizontal` puts categories on the vertical axis. */
export function barChartOption({ categories, series, title, yName, integer = false, stacked = false, horizontal = false }: CartesianInput & { stacked?: boolean; horizontal?: boolean }): ChartOption {
  const legend = series.length > 1;
  // Under the bars, every category keeps its label (long Chinese names wrap) until the chart scrolls instead.
  const wrapLabels = !horizontal && categories.length <= ZOOM_FROM ? { axisLabel: { interval: 0, width: 96, overflow: 'break' as const } } : {};
  const categoryAxis = { type: 'category' as const, data: categories, ...wrapLabels };
  const valueAxis = { type: 'value' as const, name: yName, ...(integer ? { minInterval: 1 } : {}) };
  return {
    title: titleOf(title),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: legend ? { top: title ? 24 : 0 } : { show: false },
    grid: grid(title, legend, categories.length > ZOOM_FROM),
    dataZoom: zoom(categories.length),
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, barMaxWidth: 32, ...(stacked ? { stack: 'total' } : {}) })),
  };
}

/** Shares of a whole; `donut` leaves a hole for a total. Zero slices are left out (they only clutter the legend). */
export function pieChartOption({ data, title, donut = false }: { data: { name: string; value: number }[]; title?: string; donut?: boolean }): ChartOption {
  return {
    title: titleOf(title),
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: donut ? ['40%', '68%'] : '68%',
        center: ['50%', title ? '52%' : '46%'],
        data: data.filter((d) => d.value > 0),
        // Percentages only: names are in the legend, and long names would be cut off in small cards.
        label: { formatter: '{d}%' },
      },
    ],
  };
}

/** Westgard colours: a result beyond 2 SD warns (1-2s), beyond 3 SD rejects the run (1-3s). */
export const QC_COLOURS = { mean: '#389e0d', sd1: '#8c8c8c', sd2: '#fa8c16', sd3: '#cf1322' } as const;

export interface LeveyJenningsInput {
  points: { x: string; y: number }[];
  mean: number;
  sd: number;
  title: string;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * The Levey-Jennings chart of laboratory quality control: control results in run order against the target mean
 * and ±1/2/3 SD lines; points beyond ±2 SD are drawn larger in orange, beyond ±3 SD in red. The y axis spans
 * ±4 SD (wider if a point lies further out) so every line stays visible.
 */
export function leveyJenningsOption({ points, mean, sd, title }: LeveyJenningsInput): ChartOption {
  if (!(sd > 0)) throw new Error('Levey-Jennings needs a positive SD');
  const z = (y: number) => (y - mean) / sd;
  const reach = Math.max(4, ...points.map((p) => Math.ceil(Math.abs(z(p.y)))));
  const line = (k: number, colour: string, label: string, type: 'solid' | 'dashed') => ({
    yAxis: round(mean + k * sd),
    name: label,
    lineStyle: { color: colour, type, width: k === 0 ? 1.5 : 1 },
    label: { formatter: label, color: colour, position: 'end' as const },
  });
  return {
    title: titleOf(title),
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params;
        // For data items given as { value, itemStyle } ECharts passes the value itself.
        const value = Number(p.value);
        const score = z(value);
        return `${p.name}<br/>${value} (${score >= 0 ? '+' : ''}${score.toFixed(2)} SD)`;
      },
    },
    grid: { left: 8, right: 56, top: 40, bottom: points.length > ZOOM_FROM ? 32 : 8, containLabel: true },
    dataZoom: zoom(points.length),
    xAxis: { type: 'category', data: points.map((p) => p.x), boundaryGap: true },
    yAxis: { type: 'value', min: round(mean - reach * sd), max: round(mean + reach * sd), interval: sd, axisLabel: { showMinLabel: false, showMaxLabel: false }, splitLine: { show: false } },
    series: [
      {
        type: 'line',
        name: title,
        data: points.map((p) => {
          const distance = Math.abs(z(p.y));
          if (distance > 3) return { value: p.y, symbolSize: 10, itemStyle: { color: QC_COLOURS.sd3 } };
          if (distance > 2) return { value: p.y, symbolSize: 9, itemStyle: { color: QC_COLOURS.sd2 } };
          return { value: p.y };
        }),
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { width: 1 },
        markLine: {
          silent: true,
          symbol: 'none',
          data: [
            line(3, QC_COLOURS.sd3, '+3SD', 'dashed'),
            line(2, QC_COLOURS.sd2, '+2SD', 'dashed'),
            line(1, QC_COLOURS.sd1, '+1SD', 'dashed'),
            line(0, QC_COLOURS.mean, 'X̄', 'solid'),
            line(-1, QC_COLOURS.sd1, '-1SD', 'dashed'),
            line(-2, QC_COLOURS.sd2, '-2SD', 'dashed'),
            line(-3, QC_COLOURS.sd3, '-3SD', 'dashed'),
          ],
        },
      },
    ],
  };
}

/** The app's antd tokens the charts follow (colours, text, font), so charts match the console and its theme. */
export interface ThemeTokens {
  colorPrimary: string;
  colorSuccess: string;
  colorWarning: string;
  colorError: string;
  colorInfo: string;
  colorText: string;
  colorTextSecondary: string;
  colorBorderSecondary: string;
  colorBgContainer: string;
  fontFamily: string;
}

/** An ECharts theme object from antd tokens: series palette starting with the primary colour, axes and text in the app's greys. */
export function echartsTheme(tokens: ThemeTokens): Record<string, unknown> {
  const axis = {
    axisLine: { lineStyle: { color: tokens.colorBorderSecondary } },
    axisTick: { lineStyle: { color: tokens.colorBorderSecondary } },
    axisLabel: { color: tokens.colorTextSecondary },
    splitLine: { lineStyle: { color: tokens.colorBorderSecondary } },
    nameTextStyle: { color: tokens.colorTextSecondary },
  };
  return {
    color: [tokens.colorPrimary, tokens.colorSuccess, tokens.colorWarning, tokens.colorError, tokens.colorInfo, '#722ed1', '#13c2c2', '#eb2f96'],
    backgroundColor: 'transparent',
    textStyle: { fontFamily: tokens.fontFamily, color: tokens.colorText },
    title: { textStyle: { color: tokens.colorText } },
    legend: { textStyle: { color: tokens.colorTextSecondary } },
    categoryAxis: axis,
    valueAxis: axis,
    tooltip: { backgroundColor: tokens.colorBgContainer, borderColor: tokens.colorBorderSecondary, textStyle: { color: tokens.colorText } },
  };
}
