import { useState } from 'react';
import { Button, Card, Space, Typography } from 'antd';
import { FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { LabInstitutionPicker } from '../qc/lab-pickers.tsx';
import { labToday } from '../qc/qc-text.ts';
import { useLab } from '../qc/use-lab.ts';
import { PeriodPicker } from '../stats/stats-controls.tsx';
import { periodOf } from '../stats/stats-format.ts';
import { TatGroups } from './tat-groups.tsx';
import { TatOverdue } from './tat-overdue.tsx';
import { TatOverview } from './tat-overview.tsx';
import { tatApi } from './tat.api.ts';

/**
 * TAT 监控 (seed 004 智能大屏提醒系统 — TAT 时间全程监控): turnaround by stage for the specimens received in the
 * period, by panel, department or section against the targets, and the overdue list; the wall screen opens in its
 * own window (`/lis/wall`, no shell, for the lab's large display).
 */
export default function TatPage() {
  const { t } = useI18n();
  const lab = useLab();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [labToday().startOf('month'), labToday()]);
  const [refresh, setRefresh] = useState(0);
  const period = periodOf(range);
  const overview = useLoad(() => tatApi.overview(lab.scope, period), [lab.scope, period.from, period.to, refresh], lab.ready);
  const wall = lab.scope.institution && lab.regionWide ? `/lis/wall?institution=${encodeURIComponent(lab.scope.institution)}` : '/lis/wall';
  return (
    <Card
      title={t('lisTat.title')}
      extra={
        <Space wrap>
          <LabInstitutionPicker lab={lab} />
          <PeriodPicker value={range} onChange={setRange} />
          <Button icon={<ReloadOutlined />} aria-label={t('lisQc.reload')} onClick={() => setRefresh((n) => n + 1)} />
          <Button type="primary" icon={<FullscreenOutlined />} href={wall} target="_blank" data-testid="open-wall">
            {t('lisTat.openWall')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size={20} style={{ width: '100%' }}>
        <section>
          <Typography.Title level={5}>{t('lisTat.overviewTitle', { count: overview.data?.specimens ?? 0 })}</Typography.Title>
          <TatOverview stages={overview.data?.stages ?? []} loading={overview.loading && !overview.data} />
        </section>
        <section>
          <Typography.Title level={5}>{t('lisTat.groupsTitle')}</Typography.Title>
          <TatGroups lab={lab} period={period} />
        </section>
        <section>
          <Typography.Title level={5}>{t('lisTat.overdueTitle')}</Typography.Title>
          <TatOverdue lab={lab} refreshToken={refresh} />
        </section>
      </Space>
    </Card>
  );
}
