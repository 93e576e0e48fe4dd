import { useState } from 'react';
import { Segmented, Space, Table, Typography } from 'antd';
import type { TatGroupRow } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { Chart, barChartOption } from '../../widgets/chart/chart.tsx';
import { useParameter } from '../../widgets/parameters/parameters.context.tsx';
import type { Lab } from '../qc/use-lab.ts';
import { ExportButton } from '../stats/stats-controls.tsx';
import { percent } from '../stats/stats-format.ts';
import { statsApi, type StatsPeriod } from '../stats/stats.api.ts';
import { useDurationText } from './duration.tsx';
import { tatApi, type TatGroupBy } from './tat.api.ts';
import { panelTarget, stageOf, TAT_STAGES, withinTargetTone } from './tat-format.ts';
import { TONE_COLOURS } from './tat-overview.tsx';

const GROUPS: TatGroupBy[] = ['panel', 'department', 'section'];
const minutes = (v: number | null) => (v === null ? null : Math.round(v));

/**
 * TAT by ordered panel (项目), ordering department or lab section: specimens, median and P90 of each stage, and for
 * receipt → report the target (the panel's own, else the lab's routine default) and the share within it; the chart
 * compares receipt → report medians and P90s. Excel export (report `tat`).
 */
export function TatGroups({ lab, period }: { lab: Lab; period: StatsPeriod }) {
  const { t } = useI18n();
  const duration = useDurationText();
  const [by, setBy] = useState<TatGroupBy>('panel');
  const routine = useParameter<number>('lis.tat.reportMinutes', 240);
  const stat = useParameter<number>('lis.tat.statReportMinutes', 60);
  const rows = useLoad(() => tatApi.statistics(lab.scope, period, by), [lab.scope, period.from, period.to, by], lab.ready);
  const data = rows.data ?? [];
  const chartRows = data.slice(0, 20);
  const rr = (r: TatGroupRow) => stageOf(r.stages, 'receipt-report');
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Segmented<TatGroupBy> value={by} onChange={setBy} options={GROUPS.map((g) => ({ value: g, label: t(`lisTat.by.${g}`) }))} />
        <Space wrap>
          <Typography.Text type="secondary">{t('lisTat.defaults', { routine: duration(routine), stat: duration(stat) })}</Typography.Text>
          <ExportButton load={() => statsApi.export(lab.scope, period, 'tat', { by })} fallbackName={`lis-tat-${period.from}-${period.to}.xlsx`} testId="export-tat" />
        </Space>
      </Space>
      <div data-testid="tat-group-chart">
        <Chart
          height={280}
          empty={!chartRows.some((r) => rr(r).count)}
          option={barChartOption({
            categories: chartRows.map((r) => r.label),
            series: [
              { name: t('lisTat.chart.median'), data: chartRows.map((r) => minutes(rr(r).median)) },
              { name: t('lisTat.chart.p90'), data: chartRows.map((r) => minutes(rr(r).p90)) },
            ],
            yName: t('lisTat.minutesUnit'),
          })}
        />
      </div>
      <Table<TatGroupRow>
        data-testid="tat-groups"
        size="small"
        rowKey="key"
        loading={rows.loading}
        dataSource={data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 1200 }}
        columns={[
          { key: 'label', title: t(`lisTat.by.${by}`), dataIndex: 'label', fixed: 'left', width: 160 },
          { key: 'specimens', title: t('lisStats.specimens'), dataIndex: 'specimens', align: 'right', width: 80 },
          ...TAT_STAGES.map((stage) => ({
            key: stage,
            title: t(`lisTat.stage.${stage}`),
            width: 150,
            render: (_: unknown, r: TatGroupRow) => {
              const s = stageOf(r.stages, stage);
              return s.count ? `${duration(s.median)} / ${duration(s.p90)}` : '–';
            },
          })),
          ...(by === 'panel'
            ? [
                {
                  key: 'target',
                  title: t('lisTat.target'),
                  width: 110,
                  render: (_: unknown, r: TatGroupRow) => {
                    const target = panelTarget(r.key, lab.directory.panels, routine);
                    return target.own ? duration(target.minutes) : <Typography.Text type="secondary">{duration(target.minutes)}</Typography.Text>;
                  },
                },
              ]
            : []),
          {
            key: 'within',
            title: t('lisTat.withinTargetShort'),
            width: 100,
            align: 'right' as const,
            render: (_: unknown, r: TatGroupRow) => <Typography.Text style={{ color: TONE_COLOURS[withinTargetTone(rr(r).withinTarget)] }}>{percent(rr(r).withinTarget)}</Typography.Text>,
          },
        ]}
      />
      <Typography.Text type="secondary">{t('lisTat.groupsHint')}</Typography.Text>
    </Space>
  );
}
