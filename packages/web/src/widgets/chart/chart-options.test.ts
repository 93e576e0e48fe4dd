import { describe, expect, it } from 'vitest';
import { barChartOption, echartsTheme, leveyJenningsOption, lineChartOption, pieChartOption, QC_COLOURS } from './chart-options.ts';

type Loose = Record<string, unknown> & { series: Record<string, unknown>[] };
const loose = (o: unknown) => o as Loose;

describe('chart option builders', () => {
  it('builds line charts with a legend only for several series and zoom only for long axes', () => {
    const one = loose(lineChartOption({ categories: ['0时', '1时'], series: [{ name: '登录', data: [1, 2] }], title: '今日登录' }));
    expect(one.legend).toEqual({ show: false });
    expect(one.dataZoom).toEqual([]);
    expect(one.series).toEqual([{ type: 'line', name: '登录', data: [1, 2], smooth: true, showSymbol: true }]);
    expect(one.title).toEqual([{ text: '今日登录', left: 'center', textStyle: { fontSize: 14 } }]);

    const hours = Array.from({ length: 48 }, (_, i) => String(i));
    const two = loose(lineChartOption({ categories: hours, series: [{ name: 'a', data: [] }, { name: 'b', data: [] }], area: true }));
    expect(two.legend).toEqual({ top: 0 });
    expect((two.dataZoom as unknown[]).length).toBe(2);
    expect(two.series[0]).toMatchObject({ showSymbol: false, areaStyle: { opacity: 0.15 } });
  });

  it('builds stacked and horizontal bar charts', () => {
    const bar = loose(barChartOption({ categories: ['男', '女'], series: [{ name: '门诊', data: [3, 4] }, { name: '住院', data: [1, 2] }], stacked: true, horizontal: true, yName: '人', integer: true }));
    expect(bar.xAxis).toEqual({ type: 'value', name: '人', minInterval: 1 });
    expect(bar.yAxis).toEqual({ type: 'category', data: ['男', '女'] });
    expect(bar.series.map((s) => s.stack)).toEqual(['total', 'total']);
    // Vertical bars show every category's label, wrapped, so long institution names are not dropped.
    const vertical = loose(barChartOption({ categories: ['青山县人民医院', '青山县河西镇卫生院', '青山县东岭镇卫生院'], series: [{ name: '互认', data: [1, 2, 3] }] }));
    expect(vertical.xAxis).toMatchObject({ type: 'category', axisLabel: { interval: 0, overflow: 'break' } });
  });

  it('builds pies without zero slices', () => {
    const pie = loose(pieChartOption({ data: [{ name: '男', value: 3 }, { name: '未知', value: 0 }], donut: true }));
    expect(pie.series[0]).toMatchObject({ type: 'pie', radius: ['40%', '68%'], data: [{ name: '男', value: 3 }] });
  });
});

describe('Levey-Jennings', () => {
  const points = [
    { x: '03-01', y: 5.2 },
    { x: '03-02', y: 5.5 },
    { x: '03-03', y: 5.75 },
    { x: '03-04', y: 4.45 },
    { x: '03-05', y: 5.0 },
  ];
  const option = loose(leveyJenningsOption({ points, mean: 5.2, sd: 0.2, title: '血糖 质控品 1' }));
  const series = option.series[0] as { data: { value: number; itemStyle?: { color: string }; symbolSize?: number }[]; markLine: { data: { yAxis: number; name: string; lineStyle: { color: string } }[] } };

  it('draws the mean and ±1/2/3 SD lines', () => {
    expect(series.markLine.data.map((l) => [l.name, l.yAxis])).toEqual([
      ['+3SD', 5.8],
      ['+2SD', 5.6],
      ['+1SD', 5.4],
      ['X̄', 5.2],
      ['-1SD', 5],
      ['-2SD', 4.8],
      ['-3SD', 4.6],
    ]);
    expect(series.markLine.data[3].lineStyle.color).toBe(QC_COLOURS.mean);
  });

  it('highlights points beyond ±2 SD (orange) and ±3 SD (red), leaves the others plain', () => {
    expect(series.data.map((d) => d.itemStyle?.color)).toEqual([undefined, undefined, QC_COLOURS.sd2, QC_COLOURS.sd3, undefined]);
    expect(series.data[3].symbolSize).toBe(10);
    expect(option.xAxis).toMatchObject({ data: ['03-01', '03-02', '03-03', '03-04', '03-05'] });
  });

  it('spans ±4 SD, further when a point lies outside, and explains a point in SD units', () => {
    // 4.45 is 3.75 SD below the mean: the axis still spans ±4 SD.
    expect(option.yAxis).toMatchObject({ min: 4.4, max: 6, interval: 0.2 });
    const far = loose(leveyJenningsOption({ points: [{ x: 'a', y: 6.3 }], mean: 5.2, sd: 0.2, title: 't' }));
    expect(far.yAxis).toMatchObject({ min: 4, max: 6.4 });
    const tooltip = option.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter({ name: '03-03', value: 5.75 })).toBe('03-03<br/>5.75 (+2.75 SD)');
  });

  it('refuses a non-positive SD', () => {
    expect(() => leveyJenningsOption({ points, mean: 5, sd: 0, title: 't' })).toThrow('positive SD');
  });
});

describe('chart theme from antd tokens', () => {
  it('starts the palette with the primary colour and uses the app text colours and font', () => {
    const theme = echartsTheme({
      colorPrimary: '#1677ff',
      colorSuccess: '#52c41a',
      colorWarning: '#faad14',
      colorError: '#ff4d4f',
      colorInfo: '#1677ff',
      colorText: 'rgba(0,0,0,0.88)',
      colorTextSecondary: 'rgba(0,0,0,0.65)',
      colorBorderSecondary: '#f0f0f0',
      colorBgContainer: '#ffffff',
      fontFamily: 'system-ui',
    }) as { color: string[]; textStyle: { fontFamily: string }; valueAxis: { axisLabel: { color: string } } };
    expect(theme.color[0]).toBe('#1677ff');
    expect(theme.textStyle.fontFamily).toBe('system-ui');
    expect(theme.valueAxis.axisLabel.color).toBe('rgba(0,0,0,0.65)');
  });
});
