import { lazy, Suspense, useMemo } from 'react';
import { Empty, Spin, theme } from 'antd';
import type { EChartsOption } from 'echarts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { echartsTheme, type ChartOption } from './chart-options.ts';

export { barChartOption, leveyJenningsOption, lineChartOption, pieChartOption, type ChartOption } from './chart-options.ts';

// ECharts (a few hundred KB even tree-shaken) loads with the first chart, not with the pages that have none.
const EchartsCanvas = lazy(() => import('./echarts-canvas.tsx'));

export interface ChartProps {
  option: EChartsOption | ChartOption;
  /** Pixels; the width always follows the container. */
  height?: number;
  /** Shows an empty state instead of an empty chart. */
  empty?: boolean;
}

/** An ECharts chart in the app's colours and font; line, bar, pie and scatter series with the usual components. */
export function Chart({ option, height = 300, empty = false }: ChartProps) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const chartTheme = useMemo(() => echartsTheme(token), [token]);
  if (empty) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chart.empty')} style={{ height, display: 'flex', flexDirection: 'column', justifyContent: 'center', margin: 0 }} />;
  return (
    <Suspense
      fallback={
        <Spin description={t('chart.loading')} style={{ display: 'block', height, paddingTop: height / 2 - 20 }}>
          <div />
        </Spin>
      }
    >
      <EchartsCanvas option={option as ChartOption} height={height} theme={chartTheme} />
    </Suspense>
  );
}
