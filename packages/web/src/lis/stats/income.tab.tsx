import { useState } from 'react';
import { Card, Col, Row, Segmented, Space, Statistic, Table } from 'antd';
import type { IncomeRow } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { Chart, pieChartOption } from '../../widgets/chart/chart.tsx';
import type { Lab } from '../qc/use-lab.ts';
import { ExportButton } from './stats-controls.tsx';
import { yuan } from './stats-format.ts';
import { statsApi, type StatsPeriod, type VolumeBy } from './stats.api.ts';
import { VOLUME_DIMENSIONS } from './volume.tab.tsx';

/** 检验收入: total, tested (已检) and untested (未检) amounts by panel, department, doctor or section; Excel export. */
export function IncomeTab({ lab, period }: { lab: Lab; period: StatsPeriod }) {
  const { t } = useI18n();
  const [by, setBy] = useState<VolumeBy>('panel');
  const data = useLoad(() => statsApi.income(lab.scope, period, by), [lab.scope, period.from, period.to, by], lab.ready);
  const rows = data.data?.rows ?? [];
  const total = data.data?.total;
  const card = (testId: string, title: string, value: number | undefined) => (
    <Col xs={12} md={6}>
      <Card size="small" data-testid={testId}>
        <Statistic title={title} value={yuan(value ?? 0)} suffix={t('lisStats.yuan')} loading={data.loading && !total} />
      </Card>
    </Col>
  );
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Segmented<VolumeBy> value={by} onChange={setBy} options={VOLUME_DIMENSIONS.map((d) => ({ value: d, label: t(`lisStats.by.${d}`) }))} />
        <ExportButton load={() => statsApi.export(lab.scope, period, 'income', { by })} fallbackName={`lis-income-${period.from}-${period.to}.xlsx`} testId="export-income" />
      </Space>
      <Row gutter={[12, 12]}>
        {card('income-total', t('lisStats.income.total'), total?.amount)}
        {card('income-tested', t('lisStats.income.tested'), total?.amountTested)}
        {card('income-untested', t('lisStats.income.untested'), total?.amountUntested)}
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('lisStats.orders')} value={total?.orders ?? 0} loading={data.loading && !total} />
          </Card>
        </Col>
      </Row>
      <div data-testid="stats-income-chart">
        <Chart height={300} empty={!rows.some((r) => r.amount > 0)} option={pieChartOption({ data: rows.map((r) => ({ name: r.label, value: r.amount })), donut: true })} />
      </div>
      <Table<IncomeRow>
        size="small"
        rowKey="key"
        loading={data.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { key: 'label', title: t(`lisStats.by.${by}`), dataIndex: 'label' },
          { key: 'orders', title: t('lisStats.orders'), dataIndex: 'orders', align: 'right', width: 90 },
          { key: 'tested', title: t('lisStats.income.testedOrders'), dataIndex: 'tested', align: 'right', width: 90 },
          { key: 'untested', title: t('lisStats.income.untestedOrders'), dataIndex: 'untested', align: 'right', width: 90 },
          { key: 'amountTested', title: t('lisStats.income.tested'), align: 'right', width: 120, render: (_, r) => yuan(r.amountTested) },
          { key: 'amountUntested', title: t('lisStats.income.untested'), align: 'right', width: 120, render: (_, r) => yuan(r.amountUntested) },
          { key: 'amount', title: t('lisStats.income.total'), align: 'right', width: 120, sorter: (a, b) => a.amount - b.amount, render: (_, r) => yuan(r.amount) },
        ]}
      />
    </Space>
  );
}
