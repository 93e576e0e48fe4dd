import { useState } from 'react';
import { Card, Space, Tabs } from 'antd';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { LabInstitutionPicker } from '../qc/lab-pickers.tsx';
import { labToday } from '../qc/qc-text.ts';
import { useLab } from '../qc/use-lab.ts';
import { AbnormalTab } from './abnormal.tab.tsx';
import { IncomeTab } from './income.tab.tsx';
import { OverviewTab } from './overview.tab.tsx';
import { ResultSearchTab } from './result-search.tab.tsx';
import { PeriodPicker } from './stats-controls.tsx';
import { periodOf } from './stats-format.ts';
import { TestStatsTab } from './test-stats.tab.tsx';
import { VolumeTab } from './volume.tab.tsx';
import { WorkloadTab } from './workload.tab.tsx';

/**
 * 检验统计 (seed 001 §1.4.1.3 检验结果汇总统计, §1.4.1.6 检验数据分析统计; permission `lis.stats`): an overview
 * dashboard, then workload, abnormal and positive rates, orders by department and doctor, income, one test's
 * statistics and the result search — each with charts and its Excel export. One period serves the statistics tabs;
 * the result search has its own (three days by default, as the bench asks for).
 */
export default function LabStatsPage() {
  const { t } = useI18n();
  const lab = useLab();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [labToday().startOf('month'), labToday()]);
  const [tab, setTab] = useState('overview');
  const period = periodOf(range);
  return (
    <Card
      title={t('lisStats.title')}
      extra={
        <Space wrap>
          <LabInstitutionPicker lab={lab} />
          {tab !== 'search' && <PeriodPicker value={range} onChange={setRange} />}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'overview', label: t('lisStats.tab.overview'), children: <OverviewTab lab={lab} period={period} /> },
          { key: 'workload', label: t('lisStats.tab.workload'), children: <WorkloadTab lab={lab} period={period} /> },
          { key: 'abnormal', label: t('lisStats.tab.abnormal'), children: <AbnormalTab lab={lab} period={period} /> },
          { key: 'volume', label: t('lisStats.tab.volume'), children: <VolumeTab lab={lab} period={period} /> },
          { key: 'income', label: t('lisStats.tab.income'), children: <IncomeTab lab={lab} period={period} /> },
          { key: 'test', label: t('lisStats.tab.test'), children: <TestStatsTab lab={lab} period={period} /> },
          { key: 'search', label: t('lisStats.tab.search'), children: <ResultSearchTab lab={lab} /> },
        ]}
      />
    </Card>
  );
}
