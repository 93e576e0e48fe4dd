import { useState } from 'react';
import { Space, Table, Tag } from 'antd';
import type { AbnormalRateRow } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { Chart, barChartOption } from '../../widgets/chart/chart.tsx';
import { InstrumentPicker } from '../qc/lab-pickers.tsx';
import type { Lab } from '../qc/use-lab.ts';
import { ExportButton } from './stats-controls.tsx';
import { percent, topBy } from './stats-format.ts';
import { statsApi, type StatsPeriod } from './stats.api.ts';

/**
 * 异常、阳性报告统计: per test the results, abnormal (high, low, critical) and positive counts with their rates; the
 * tests most often abnormal as a chart; optionally one analyzer; Excel export.
 */
export function AbnormalTab({ lab, period }: { lab: Lab; period: StatsPeriod }) {
  const { t } = useI18n();
  const [instrumentId, setInstrumentId] = useState<string | undefined>();
  const data = useLoad(() => statsApi.abnormal(lab.scope, period, instrumentId), [lab.scope, period.from, period.to, instrumentId], lab.ready);
  const rows = data.data ?? [];
  const top = topBy(rows.filter((r) => r.results > 0), (r) => r.abnormalRate, 15);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <InstrumentPicker lab={lab} value={instrumentId} style={{ width: 260 }} placeholder={t('lisStats.allInstruments')} onChange={setInstrumentId} />
        <ExportButton load={() => statsApi.export(lab.scope, period, 'abnormal', instrumentId ? { instrumentId } : {})} fallbackName={`lis-abnormal-${period.from}-${period.to}.xlsx`} testId="export-abnormal" />
      </Space>
      <div data-testid="stats-abnormal-chart">
        <Chart
          height={320}
          empty={!top.length}
          option={barChartOption({
            categories: top.map((r) => r.testName),
            series: [{ name: t('lisStats.abnormal.rate'), data: top.map((r) => (r.abnormalRate === null ? null : Math.round(r.abnormalRate * 1000) / 10)) }],
            yName: '%',
          })}
        />
      </div>
      <Table<AbnormalRateRow>
        size="small"
        rowKey="testCode"
        loading={data.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        columns={[
          { key: 'test', title: t('lisQc.test'), render: (_, r) => `${r.testCode} ${r.testName}` },
          { key: 'results', title: t('lisStats.abnormal.results'), dataIndex: 'results', align: 'right', width: 80, sorter: (a, b) => a.results - b.results },
          { key: 'abnormal', title: t('lisStats.abnormal.abnormal'), dataIndex: 'abnormal', align: 'right', width: 80 },
          { key: 'high', title: t('lisStats.abnormal.high'), dataIndex: 'high', align: 'right', width: 70 },
          { key: 'low', title: t('lisStats.abnormal.low'), dataIndex: 'low', align: 'right', width: 70 },
          { key: 'critical', title: t('lisStats.abnormal.critical'), align: 'right', width: 70, render: (_, r) => (r.critical ? <Tag color="purple">{r.critical}</Tag> : 0) },
          { key: 'positive', title: t('lisStats.abnormal.positive'), dataIndex: 'positive', align: 'right', width: 70 },
          { key: 'abnormalRate', title: t('lisStats.abnormal.rate'), align: 'right', width: 90, sorter: (a, b) => (a.abnormalRate ?? -1) - (b.abnormalRate ?? -1), render: (_, r) => percent(r.abnormalRate) },
          { key: 'positiveRate', title: t('lisStats.abnormal.positiveRate'), align: 'right', width: 90, sorter: (a, b) => (a.positiveRate ?? -1) - (b.positiveRate ?? -1), render: (_, r) => percent(r.positiveRate) },
        ]}
      />
    </Space>
  );
}
