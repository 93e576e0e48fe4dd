import { useState } from 'react';
import { Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TatAlert, TatOverdueKind } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import type { Lab } from '../qc/use-lab.ts';
import { useDurationText } from './duration.tsx';
import { tatApi } from './tat.api.ts';
import { sortOverdue } from './tat-format.ts';

export const OVERDUE_KINDS: TatOverdueKind[] = ['not-received', 'not-registered', 'not-reviewed'];
export const KIND_COLOURS: Record<TatOverdueKind, string> = { 'not-received': 'gold', 'not-registered': 'orange', 'not-reviewed': 'red' };
type State = 'open' | 'resolved' | 'all';

/**
 * 超时提醒 (seed 004: 超时未接收, 超时未登记, 超时未审核), raised and resolved by the server's minute job: open ones
 * by default, the longest overdue first; resolved ones show when they moved on.
 */
export function TatOverdue({ lab, refreshToken }: { lab: Lab; refreshToken: number }) {
  const { t } = useI18n();
  const duration = useDurationText();
  const [state, setState] = useState<State>('open');
  const [kind, setKind] = useState<TatOverdueKind | undefined>();
  const alerts = useLoad(() => tatApi.overdue(lab.scope, { state, kind, limit: 500 }), [lab.scope, state, kind, refreshToken], lab.ready);
  const panelName = (code: string) => lab.directory.panels.find((p) => p.code === code)?.name ?? code;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Segmented<State> value={state} onChange={setState} options={(['open', 'resolved', 'all'] as const).map((s) => ({ value: s, label: t(`lisTat.state.${s}`) }))} />
        <Select allowClear style={{ width: 160 }} placeholder={t('lisTat.allKinds')} value={kind} onChange={setKind} options={OVERDUE_KINDS.map((k) => ({ value: k, label: t(`lisTat.kind.${k}`) }))} aria-label={t('lisTat.kindLabel')} />
      </Space>
      <Table<TatAlert>
        data-testid="tat-overdue"
        size="small"
        rowKey="id"
        loading={alerts.loading}
        dataSource={sortOverdue(alerts.data ?? [])}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('lisTat.noOverdue') }}
        scroll={{ x: 1100 }}
        columns={[
          { key: 'barcode', title: t('lisStats.search.barcode'), width: 130, render: (_, a) => a.barcode ?? a.specimenId },
          { key: 'kind', title: t('lisTat.kindLabel'), width: 110, render: (_, a) => <Tag color={KIND_COLOURS[a.kind]}>{t(`lisTat.kind.${a.kind}`)}</Tag> },
          { key: 'overdue', title: t('lisTat.overdueBy'), width: 120, render: (_, a) => <Typography.Text strong>{duration(a.overdueMinutes)}</Typography.Text> },
          { key: 'since', title: t('lisTat.since'), width: 130, render: (_, a) => dayjs(a.since).format('MM-DD HH:mm') },
          { key: 'due', title: t('lisTat.dueAt'), width: 130, render: (_, a) => dayjs(a.dueAt).format('MM-DD HH:mm') },
          { key: 'panels', title: t('lisTat.panels'), render: (_, a) => a.panels.map(panelName).join('、') },
          { key: 'department', title: t('lisTat.department'), width: 120, render: (_, a) => a.department ?? '' },
          { key: 'priority', title: t('lisTat.priority'), width: 70, render: (_, a) => (a.priority === 'stat' ? <Tag color="red">{t('lisTat.stat')}</Tag> : '') },
          { key: 'resolved', title: t('lisTat.resolvedAt'), width: 130, render: (_, a) => (a.resolvedAt ? dayjs(a.resolvedAt).format('MM-DD HH:mm') : <Tag color="red">{t('lisTat.state.open')}</Tag>) },
        ]}
      />
    </Space>
  );
}
