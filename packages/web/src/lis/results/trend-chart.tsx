import { useMemo } from 'react';
import type { ResultFlagCode } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { Chart } from '../../widgets/chart/chart.tsx';
import { useAbnormalColours } from '../../widgets/status/use-abnormal-colours.ts';
import { trendOption } from './result-charts.ts';
import type { TrendSeries } from './results.api.ts';

export interface TrendChartProps {
  series: TrendSeries;
  /** The value under review at the bench, drawn after the released ones. */
  current?: { time: string; value: number; flag: ResultFlagCode | null };
  height?: number;
}

/** 走趋图 of one test: released results over time over the reference band, abnormal points in their colours. */
export function TrendChart({ series, current, height = 240 }: TrendChartProps) {
  const { t, locale } = useI18n();
  const { colours } = useAbnormalColours();
  const option = useMemo(
    () =>
      trendOption(
        series,
        { value: series.testName, reference: t('lisRes.trend.reference'), current: t('lisRes.trend.current') },
        (iso) => new Date(iso).toLocaleString(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }),
        colours,
        current,
      ),
    [series, current, colours, locale, t],
  );
  const plotted = series.points.some((p) => p.value !== null) || current !== undefined;
  return (
    <div data-testid="trend-chart" data-test={series.testCode}>
      <Chart option={option} height={height} empty={!plotted} />
    </div>
  );
}
