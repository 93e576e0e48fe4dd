import { useMemo } from 'react';
import { Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { LeveyJenningsResponse } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { Chart } from '../../widgets/chart/chart.tsx';
import { QC_COLOURS } from '../../widgets/chart/chart-options.ts';
import { multiLevelLeveyJennings, verdictCounts } from './levey-jennings-chart.ts';

/** The Levey-Jennings chart of a test on an instrument, all levels together, with the levels and verdict counts above it. */
export function LeveyJenningsPanel({ data, names }: { data: LeveyJenningsResponse | undefined; names: Map<string, string> }) {
  const { t } = useI18n();
  const option = useMemo(
    () =>
      data
        ? multiLevelLeveyJennings({
            chart: data.chart,
            levelName: (key) => names.get(key) ?? key,
            labels: { verdict: { accept: t('lisQc.verdict.accept'), warning: t('lisQc.verdict.warning'), reject: t('lisQc.verdict.reject') }, excluded: t('lisQc.verdict.excluded'), target: t('lisQc.chart.target'), newTarget: t('lisQc.chart.newTarget') },
            formatTime: (ms) => dayjs(ms).format('YYYY-MM-DD HH:mm'),
          })
        : undefined,
    [data, names, t],
  );
  const counts = data ? verdictCounts(data.chart.levels) : undefined;
  const points = data?.chart.levels.reduce((n, l) => n + l.points.length, 0) ?? 0;
  return (
    <div>
      {data && (
        <Space wrap size={[8, 4]} style={{ marginBottom: 8 }} data-testid="qc-lj-summary">
          {/* The response names what it is about, so a chart still loading for a new choice is not mistaken for it. */}
          <Typography.Text strong>{data.testName}</Typography.Text>
          <Typography.Text type="secondary">{t('lisQc.chart.levels', { count: data.series.length })}</Typography.Text>
          {data.series.map((s) => (
            <Tag key={s.key}>
              {names.get(s.key) ?? s.label} · {t('lisQc.chart.lots', { lots: s.lots.join('、') })}
            </Tag>
          ))}
          <Typography.Text type="secondary">{t('lisQc.chart.points', { count: points })}</Typography.Text>
          <Tag color="green">{t('lisQc.chart.accepted', { count: counts!.accept })}</Tag>
          <Tag color={counts!.warning ? 'orange' : 'default'} style={{ borderColor: counts!.warning ? QC_COLOURS.sd2 : undefined }}>
            {t('lisQc.chart.warnings', { count: counts!.warning })}
          </Tag>
          <Tag color={counts!.reject ? 'red' : 'default'} data-testid="qc-lj-rejects">
            {t('lisQc.chart.rejects', { count: counts!.reject })}
          </Tag>
          {counts!.excluded > 0 && <Tag>{t('lisQc.chart.excluded', { count: counts!.excluded })}</Tag>}
        </Space>
      )}
      <div data-testid="qc-lj-chart">
        <Chart height={380} empty={!points || !option} option={option ?? {}} />
      </div>
    </div>
  );
}
