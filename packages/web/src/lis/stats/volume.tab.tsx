import { useState } from 'react';
import { Segmented, Space, Table } from 'antd';
import type { VolumeRow } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { Chart, barChartOption } from '../../widgets/chart/chart.tsx';
import type { Lab } from '../qc/use-lab.ts';
import { ExportButton } from './stats-controls.tsx';
import { topBy, yuan } from './stats-format.ts';
import { statsApi, type StatsPeriod, type VolumeBy } from './stats.api.ts';

export const VOLUME_DIMENSIONS: VolumeBy[] = ['department', 'doctor', 'panel', 'section'];

/** 开单与送检情况: orders, specimens, tests and amount by ordering department, doctor, panel or lab section; Excel export. */
export function VolumeTab({ lab, period }: { lab: Lab; period: StatsPeriod }) {
  const { t } = useI18n();
  const [by, setBy] = useState<VolumeBy>('department');
  const data = useLoad(() => statsApi.volume(lab.scope, period, by), [lab.scope, period.from, period.to, by], lab.ready);
  const rows = data.data ?? [];
  const top = topBy(rows, (r) => r.orders, 20);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Segmented<VolumeBy> value={by} onChange={setBy} options={VOLUME_DIMENSIONS.map((d) => ({ value: d, label: t(`lisStats.by.${d}`) }))} />
        <ExportButton load={() => statsApi.export(lab.scope, period, 'volume', { by })} fallbackName={`lis-volume-${period.from}-${period.to}.xlsx`} testId="export-volume" />
      </Space>
      <div data-testid="stats-volume-chart">
        <Chart
          height={300}
          empty={!top.length}
          option={barChartOption({
            categories: top.map((r) => r.label),
            series: [
              { name: t('lisStats.orders'), data: top.map((r) => r.orders) },
              { name: t('lisStats.specimens'), data: top.map((r) => r.specimens) },
              { name: t('lisStats.tests'), data: top.map((r) => r.tests) },
            ],
            integer: true,
          })}
        />
      </div>
      <Table<VolumeRow>
        size="small"
        rowKey="key"
        loading={data.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { key: 'label', title: t(`lisStats.by.${by}`), dataIndex: 'label' },
          { key: 'orders', title: t('lisStats.orders'), dataIndex: 'orders', align: 'right', width: 100, sorter: (a, b) => a.orders - b.orders },
          { key: 'specimens', title: t('lisStats.specimens'), dataIndex: 'specimens', align: 'right', width: 100 },
          { key: 'tests', title: t('lisStats.tests'), dataIndex: 'tests', align: 'right', width: 100 },
          { key: 'amount', title: t('lisStats.amount'), align: 'right', width: 120, sorter: (a, b) => a.amount - b.amount, render: (_, r) => yuan(r.amount) },
        ]}
      />
    </Space>
  );
}
