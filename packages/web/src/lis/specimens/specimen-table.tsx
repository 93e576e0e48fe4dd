import type { HTMLAttributes, ReactNode } from 'react';
import { Button, Empty, Space, Table, Tag, Typography, theme, type TableProps } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { CapSwatch } from './cap-swatch.tsx';
import { STATUS_PALETTE, reasonKey, statusKey, type SpecimenStatusCode } from './specimen-labels.ts';
import type { CatalogueTube, SpecimenSummary } from './specimens.api.ts';

export type SpecimenColumn = 'registeredAt' | 'collectedAt' | 'receivedTime' | 'rejection' | 'status';

export interface SpecimenTableProps {
  rows: SpecimenSummary[];
  total: number;
  loading: boolean;
  tubes: ReadonlyMap<string, CatalogueTube>;
  /** Time and state columns this list shows (after the fixed ones: priority, patient, barcode, tube, panels). */
  columns: SpecimenColumn[];
  page: number;
  pageSize: number;
  onPage(page: number, pageSize: number): void;
  onTimeline(barcode: string): void;
  /** The row's own actions (collect, reject, concession…), before the timeline button. */
  actions?(row: SpecimenSummary): ReactNode;
  selectable?: { selected: string[]; onChange(barcodes: string[]): void };
  'data-testid'?: string;
}

/**
 * Tubes as the nurse station and the lab reception list them: stat ones first to the eye (red 急 and a tinted row),
 * the cap colour, who the tube belongs to and what it is for; paged by the server.
 */
export function SpecimenTable({ rows, total, loading, tubes, columns, page, pageSize, onPage, onTimeline, actions, selectable, ...rest }: SpecimenTableProps) {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const time = (v?: string) => (v ? new Date(v).toLocaleString(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }) : '—');
  const statusName = (r: SpecimenSummary) => {
    const key = statusKey(r.status);
    return key ? t(key) : r.statusName;
  };
  const optional: Record<SpecimenColumn, NonNullable<TableProps<SpecimenSummary>['columns']>[number]> = {
    registeredAt: { key: 'registeredAt', title: t('lisSpec.col.registeredAt'), width: 110, render: (_, r) => time(r.registeredAt) },
    collectedAt: { key: 'collectedAt', title: t('lisSpec.col.collectedAt'), width: 110, render: (_, r) => time(r.collectedAt) },
    receivedTime: { key: 'receivedTime', title: t('lisSpec.col.receivedTime'), width: 110, render: (_, r) => time(r.receivedTime) },
    status: { key: 'status', title: t('lisSpec.col.status'), width: 110, render: (_, r) => <Tag color={STATUS_PALETTE[r.status as SpecimenStatusCode] ?? 'default'}>{statusName(r)}</Tag> },
    rejection: {
      key: 'rejection',
      title: t('lisSpec.col.rejection'),
      width: 180,
      render: (_, r) => {
        if (r.concession) return <Tag color="gold">{t('lisSpec.col.concession', { reason: r.concession.reason })}</Tag>;
        if (!r.rejection) return '—';
        const key = reasonKey(r.rejection.reason);
        return (
          <span>
            <Tag color="red">{key ? t(key) : r.rejection.reasonName}</Tag>
            {r.rejection.note && <Typography.Text type="secondary">{r.rejection.note}</Typography.Text>}
          </span>
        );
      },
    },
  };
  const tableColumns: TableProps<SpecimenSummary>['columns'] = [
    { key: 'priority', width: 44, render: (_, r) => (r.priority === 'stat' ? <Tag color="red">{t('lisSpec.stat')}</Tag> : null) },
    { key: 'patient', title: t('lisSpec.col.patient'), width: 90, ellipsis: true, render: (_, r) => r.patient?.name ?? '—' },
    { key: 'barcode', title: t('lisSpec.col.barcode'), width: 130, render: (_, r) => <Typography.Text code>{r.barcode}</Typography.Text> },
    {
      key: 'tube',
      title: t('lisSpec.tube'),
      width: 150,
      ellipsis: true,
      render: (_, r) => {
        const tube = r.tube ? tubes.get(r.tube) : undefined;
        return tube ? <CapSwatch hex={tube.capColourHex} colourName={tube.capColourName} tubeName={tube.name} short /> : (r.specimenType ?? r.tube ?? '—');
      },
    },
    { key: 'panels', title: t('lisSpec.col.panels'), ellipsis: true, render: (_, r) => r.panels.join('、') },
    ...columns.map((c) => optional[c]),
    {
      key: 'actions',
      title: t('lisSpec.col.actions'),
      width: 150,
      render: (_, r) => (
        <Space size={4}>
          {actions?.(r)}
          <Button size="small" type="text" icon={<HistoryOutlined />} aria-label={t('lisSpec.timeline.open')} title={t('lisSpec.timeline.open')} onClick={() => onTimeline(r.barcode)} />
        </Space>
      ),
    },
  ];
  return (
    <Table<SpecimenSummary>
      rowKey="barcode"
      size="small"
      loading={loading}
      dataSource={rows}
      columns={tableColumns}
      scroll={{ x: 'max-content' }}
      data-testid={rest['data-testid']}
      onRow={(r) => (r.priority === 'stat' ? { style: { background: token.colorErrorBg }, 'data-stat': 'true' } as HTMLAttributes<HTMLTableRowElement> : {})}
      rowSelection={selectable ? { selectedRowKeys: selectable.selected, onChange: (keys) => selectable.onChange(keys.map(String)) } : undefined}
      pagination={{ current: page, pageSize, total, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200], onChange: onPage, showTotal: (n) => t('lisSpec.total', { count: n }) }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lisSpec.empty')} /> }}
    />
  );
}
