import { useMemo } from 'react';
import { Card, Col, Row, Statistic } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { Chart, barChartOption, lineChartOption, pieChartOption } from '../../widgets/chart/chart.tsx';
import { DashboardGrid, type DashboardWidget } from '../../widgets/dashboard/dashboard-grid.tsx';
import type { Lab } from '../qc/use-lab.ts';
import { overallRates, percent, topBy, yuan } from './stats-format.ts';
import { statsApi, type StatsPeriod } from './stats.api.ts';

/**
 * 概览: the period at a glance — specimens, tests, orders, income, abnormal rate and critical results — and a
 * dashboard (each user arranges it) of workload by day and by section, orders by department, income by panel and
 * the tests most often abnormal.
 */
export function OverviewTab({ lab, period }: { lab: Lab; period: StatsPeriod }) {
  const { t } = useI18n();
  const key = [lab.scope, period.from, period.to];
  const byDay = useLoad(() => statsApi.workload(lab.scope, period, 'day'), key, lab.ready);
  const bySection = useLoad(() => statsApi.workload(lab.scope, period, 'section'), key, lab.ready);
  const volume = useLoad(() => statsApi.volume(lab.scope, period, 'department'), key, lab.ready);
  const income = useLoad(() => statsApi.income(lab.scope, period, 'panel'), key, lab.ready);
  const abnormal = useLoad(() => statsApi.abnormal(lab.scope, period), key, lab.ready);
  const rates = overallRates(abnormal.data ?? []);

  const widgets = useMemo<DashboardWidget[]>(() => {
    const days = byDay.data?.rows ?? [];
    const sections = bySection.data?.rows ?? [];
    const departments = topBy(volume.data ?? [], (r) => r.orders, 10);
    const panels = income.data?.rows ?? [];
    const top = topBy((abnormal.data ?? []).filter((r) => r.results > 0), (r) => r.abnormalRate, 10);
    return [
      {
        id: 'workload-day',
        title: t('lisStats.overview.byDay'),
        defaultWidth: 4,
        render: () => (
          <div data-testid="stats-overview-day">
            <Chart
              height={240}
              empty={!days.some((d) => d.tests)}
              option={lineChartOption({ categories: days.map((d) => d.label.slice(5)), series: [{ name: t('lisStats.specimens'), data: days.map((d) => d.specimens) }, { name: t('lisStats.tests'), data: days.map((d) => d.tests) }], integer: true })}
            />
          </div>
        ),
      },
      {
        id: 'workload-section',
        title: t('lisStats.overview.bySection'),
        defaultWidth: 2,
        render: () => <Chart height={240} empty={!sections.length} option={barChartOption({ categories: sections.map((s) => s.label), series: [{ name: t('lisStats.tests'), data: sections.map((s) => s.tests) }], integer: true })} />,
      },
      {
        id: 'volume-department',
        title: t('lisStats.overview.byDepartment'),
        defaultWidth: 2,
        render: () => <Chart height={240} empty={!departments.length} option={barChartOption({ categories: departments.map((d) => d.label), series: [{ name: t('lisStats.orders'), data: departments.map((d) => d.orders) }], integer: true, horizontal: true })} />,
      },
      {
        id: 'income-panel',
        title: t('lisStats.overview.incomeByPanel'),
        defaultWidth: 2,
        render: () => <Chart height={240} empty={!panels.some((p) => p.amount > 0)} option={pieChartOption({ data: panels.map((p) => ({ name: p.label, value: p.amount })), donut: true })} />,
      },
      {
        id: 'abnormal-top',
        title: t('lisStats.overview.abnormalTop'),
        defaultWidth: 2,
        render: () => (
          <Chart
            height={240}
            empty={!top.length}
            option={barChartOption({ categories: top.map((r) => r.testName), series: [{ name: t('lisStats.abnormal.rate'), data: top.map((r) => (r.abnormalRate === null ? null : Math.round(r.abnormalRate * 1000) / 10)) }], horizontal: true, yName: '%' })}
          />
        ),
      },
    ];
  }, [byDay.data, bySection.data, volume.data, income.data, abnormal.data, t]);

  const kpi = (testId: string, title: string, value: string | number, loading: boolean, suffix?: string) => (
    <Col xs={12} md={8} xl={4} key={testId}>
      <Card size="small" data-testid={testId}>
        <Statistic title={title} value={value} suffix={suffix} loading={loading} />
      </Card>
    </Col>
  );
  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {kpi('kpi-specimens', t('lisStats.specimens'), byDay.data?.total.specimens ?? 0, byDay.loading && !byDay.data)}
        {kpi('kpi-tests', t('lisStats.tests'), byDay.data?.total.tests ?? 0, byDay.loading && !byDay.data)}
        {kpi('kpi-orders', t('lisStats.orders'), income.data?.total.orders ?? 0, income.loading && !income.data)}
        {kpi('kpi-income', t('lisStats.income.total'), yuan(income.data?.total.amount ?? 0), income.loading && !income.data, t('lisStats.yuan'))}
        {kpi('kpi-abnormal', t('lisStats.abnormal.rate'), percent(rates.abnormalRate), abnormal.loading && !abnormal.data)}
        {kpi('kpi-critical', t('lisStats.abnormal.critical'), rates.critical, abnormal.loading && !abnormal.data)}
      </Row>
      <DashboardGrid settingsKey="dashboard.lis-stats" widgets={widgets} />
    </>
  );
}
