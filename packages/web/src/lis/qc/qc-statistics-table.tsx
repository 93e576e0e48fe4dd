import { Table } from 'antd';
import type { QcPeriodStatistics } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { fixed } from './qc-text.ts';

/**
 * 质控评价 of the period per level: observed n, mean, SD, CV against the target in force, bias % and SD ratio
 * (labcore qcStatistics). Means keep one decimal more than the test reports, SDs two.
 */
export function QcStatisticsTable({ rows, names, decimals, loading }: { rows: QcPeriodStatistics[]; names: Map<string, string>; decimals: number; loading: boolean }) {
  const { t } = useI18n();
  const mean = (v: number | null) => fixed(v, decimals + 1);
  const sd = (v: number | null) => fixed(v, decimals + 2);
  return (
    <Table<QcPeriodStatistics>
      data-testid="qc-statistics"
      size="small"
      rowKey="key"
      loading={loading}
      pagination={false}
      dataSource={rows}
      scroll={{ x: 1150 }}
      columns={[
        { key: 'level', title: t('lisQc.level'), width: 280, render: (_, r) => names.get(r.key) ?? r.label },
        { key: 'count', title: 'n', dataIndex: 'count', width: 60, align: 'right' },
        { key: 'mean', title: t('lisQc.stats.mean'), width: 90, align: 'right', render: (_, r) => mean(r.mean) },
        { key: 'sd', title: 'SD', width: 90, align: 'right', render: (_, r) => sd(r.sd) },
        { key: 'cv', title: 'CV%', width: 70, align: 'right', render: (_, r) => fixed(r.cv, 2) },
        { key: 'targetMean', title: t('lisQc.stats.targetMean'), width: 90, align: 'right', render: (_, r) => mean(r.targetMean) },
        { key: 'targetSd', title: t('lisQc.stats.targetSd'), width: 90, align: 'right', render: (_, r) => sd(r.targetSd) },
        { key: 'targetCv', title: t('lisQc.stats.targetCv'), width: 80, align: 'right', render: (_, r) => fixed(r.targetCv, 2) },
        { key: 'bias', title: t('lisQc.stats.bias'), width: 80, align: 'right', render: (_, r) => fixed(r.biasPercent, 2) },
        { key: 'sdRatio', title: t('lisQc.stats.sdRatio'), width: 80, align: 'right', render: (_, r) => fixed(r.sdRatio, 2) },
        { key: 'range', title: t('lisQc.stats.range'), width: 140, render: (_, r) => `${fixed(r.min, decimals)} – ${fixed(r.max, decimals)}` },
      ]}
    />
  );
}
