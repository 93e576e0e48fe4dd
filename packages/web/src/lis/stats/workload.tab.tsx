import { useState } from 'react';
import { Segmented, Space, Table, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { Chart, barChartOption, lineChartOption } from '../../widgets/chart/chart.tsx';
import type { Lab } from '../qc/use-lab.ts';
import { ExportButton } from './stats-controls.tsx';
import { statsApi, type StatsPeriod, type WorkloadBy } from './stats.api.ts';

const DIMENSIONS: WorkloadBy[] = ['day', 'section', 'instrument', 'panel'];

/** 工作量: specimens and measured tests by day, lab section, analyzer or panel, with the total; Excel export. */
export function WorkloadTab({ lab, period }: { lab: Lab; period: StatsPeriod }) {
  const { t } = useI18n();
  const [by, setBy] = useState<WorkloadBy>('day');
  const data = useLoad(() => statsApi.workload(lab.scope, period, by), [lab.scope, period.from, period.to, by], lab.ready);
  const rows = data.data?.rows ?? [];
  const chartInput = {
    categories: rows.map((r) => (by === 'day' ? r.label.slice(5) : r.label)),
    series: [
      { name: t('lisStats.specimens'), data: rows.map((r) => r.specimens) },
      { name: t('lisStats.tests'), data: rows.map((r) => r.tests) },
    ],
    integer: true,
  };
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Segmented<WorkloadBy> value={by} onChange={setBy} options={DIMENSIONS.map((d) => ({ value: d, label: t(`lisStats.workload.by.${d}`) }))} />
        <Space>
          {data.data && <Typography.Text>{t('lisStats.workload.total', { specimens: data.data.total.specimens, tests: data.data.total.tests })}</Typography.Text>}
          <ExportButton load={() => statsApi.export(lab.scope, period, 'workload', { by })} fallbackName={`lis-workload-${period.from}-${period.to}.xlsx`} testId="export-workload" />
        </Space>
      </Space>
      <div data-testid="stats-workload-chart">
        <Chart height={300} empty={!rows.some((r) => r.tests || r.specimens)} option={by === 'day' ? lineChartOption(chartInput) : barChartOption(chartInput)} />
      </div>
      <Table
        size="small"
        rowKey="key"
        loading={data.loading}
        dataSource={rows}
        pagination={{ pageSize: 31, hideOnSinglePage: true }}
        columns={[
          { key: 'label', title: t(`lisStats.workload.by.${by}`), dataIndex: 'label' },
          { key: 'specimens', title: t('lisStats.specimens'), dataIndex: 'specimens', align: 'right', width: 120 },
          { key: 'tests', title: t('lisStats.tests'), dataIndex: 'tests', align: 'right', width: 120 },
        ]}
      />
    </Space>
  );
}
