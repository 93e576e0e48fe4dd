import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartOption } from './chart-options.ts';

// Only what the platform draws is bundled (this file is the lazily loaded chart chunk); a module needing another
// chart type registers it here, next to ChartOption.
echarts.use([LineChart, BarChart, PieChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, DataZoomComponent, TitleComponent, CanvasRenderer]);

export interface EchartsCanvasProps {
  option: ChartOption;
  height: number;
  theme: Record<string, unknown>;
}

/** One ECharts instance on a div: re-created when the theme changes, options replaced, resized with its container. */
export default function EchartsCanvas({ option, height, theme }: EchartsCanvasProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const themeKey = JSON.stringify(theme);

  useEffect(() => {
    const el = host.current!;
    const instance = echarts.init(el, JSON.parse(themeKey) as object, { renderer: 'canvas' });
    chart.current = instance;
    // Cards resize with the grid, the side menu collapses: follow the container, not the window.
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [themeKey]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, themeKey]);

  return <div ref={host} style={{ width: '100%', height }} data-testid="chart" />;
}
