import { useEffect, useMemo, useState } from 'react';
import { Card, Col, Empty, InputNumber, Row, Space, Statistic, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { Chart, barChartOption, lineChartOption } from '../../widgets/chart/chart.tsx';
import { InstrumentPicker, TestPicker } from '../qc/lab-pickers.tsx';
import type { Lab } from '../qc/use-lab.ts';
import { ExportButton } from './stats-controls.tsx';
import { binLabels, num } from './stats-format.ts';
import { statsApi, type StatsPeriod } from './stats.api.ts';

const round = (v: number | null, d: number) => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);

/**
 * 项目结果统计 (seed 001 §1.4.1.3: 一段时期内某个项目的平均值、最大值、最小值、标准差、变异系数 with charts): a numeric
 * test's n, mean, SD, CV, min, max, median, P5/P95, the distribution as a histogram and the daily mean ± SD; one
 * analyzer or all; Excel export.
 */
export function TestStatsTab({ lab, period }: { lab: Lab; period: StatsPeriod }) {
  const { t } = useI18n();
  const numeric = useMemo(() => lab.directory.tests.filter((x) => x.kind === 'quantitative').map((x) => x.code), [lab.directory.tests]);
  const [testCode, setTestCode] = useState<string | undefined>();
  const [instrumentId, setInstrumentId] = useState<string | undefined>();
  const [bins, setBins] = useState(20);
  useEffect(() => {
    if (!testCode && numeric.includes('GLU')) setTestCode('GLU');
  }, [numeric, testCode]);
  const data = useLoad(() => statsApi.test(lab.scope, period, testCode!, { instrumentId, bins }), [lab.scope, period.from, period.to, testCode, instrumentId, bins], lab.ready && !!testCode);
  const s = data.data;
  const decimals = lab.directory.tests.find((x) => x.code === testCode)?.decimals ?? 2;
  const kpi = (title: string, value: string | number) => (
    <Col xs={8} md={4} lg={3} key={title}>
      <Card size="small">
        <Statistic title={title} value={value} loading={data.loading && !s} />
      </Card>
    </Col>
  );
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <TestPicker lab={lab} value={testCode} only={numeric} allowClear={false} style={{ width: 220 }} placeholder={t('lisQc.test')} onChange={setTestCode} />
          <InstrumentPicker lab={lab} value={instrumentId} style={{ width: 240 }} placeholder={t('lisStats.allInstruments')} onChange={setInstrumentId} />
          <span>{t('lisStats.test.bins')}</span>
          <InputNumber min={2} max={100} precision={0} value={bins} onChange={(v) => v && setBins(v)} style={{ width: 80 }} aria-label={t('lisStats.test.bins')} />
        </Space>
        {testCode && <ExportButton load={() => statsApi.export(lab.scope, period, 'test', { testCode, ...(instrumentId ? { instrumentId } : {}) })} fallbackName={`lis-test-${testCode}-${period.from}-${period.to}.xlsx`} testId="export-test" />}
      </Space>
      {!testCode ? (
        <Empty description={t('lisStats.test.pick')} />
      ) : (
        <>
          {s && (
            <Typography.Text type="secondary">
              {s.testName}（{s.testCode}）{s.unit ? ` · ${s.unit}` : ''}
            </Typography.Text>
          )}
          <Row gutter={[8, 8]} data-testid="stats-test-summary">
            {kpi('n', s?.count ?? 0)}
            {kpi(t('lisQc.stats.mean'), num(s?.mean, decimals + 1))}
            {kpi('SD', num(s?.sd, decimals + 2))}
            {kpi('CV%', num(s?.cv, 2))}
            {kpi(t('lisStats.test.min'), num(s?.min, decimals))}
            {kpi(t('lisStats.test.max'), num(s?.max, decimals))}
            {kpi(t('lisStats.test.median'), num(s?.median, decimals))}
            {kpi('P5', num(s?.p5, decimals))}
            {kpi('P95', num(s?.p95, decimals))}
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Typography.Title level={5}>{t('lisStats.test.histogram')}</Typography.Title>
              <div data-testid="stats-test-histogram">
                <Chart height={280} empty={!s?.histogram.length} option={barChartOption({ categories: binLabels(s?.histogram ?? [], decimals), series: [{ name: t('lisStats.test.count'), data: (s?.histogram ?? []).map((b) => b.count) }], integer: true })} />
              </div>
            </Col>
            <Col xs={24} lg={12}>
              <Typography.Title level={5}>{t('lisStats.test.trend')}</Typography.Title>
              <Chart
                height={280}
                empty={!s?.trend.some((d) => d.count)}
                option={lineChartOption({
                  categories: (s?.trend ?? []).map((d) => d.day.slice(5)),
                  series: [
                    { name: t('lisQc.stats.mean'), data: (s?.trend ?? []).map((d) => round(d.mean, decimals + 1)) },
                    { name: t('lisStats.test.plusSd'), data: (s?.trend ?? []).map((d) => (d.mean === null || d.sd === null ? null : round(d.mean + d.sd, decimals + 1))) },
                    { name: t('lisStats.test.minusSd'), data: (s?.trend ?? []).map((d) => (d.mean === null || d.sd === null ? null : round(d.mean - d.sd, decimals + 1))) },
                  ],
                  yName: s?.unit,
                })}
              />
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
