import type { Ref } from 'react';
import { DatePicker, Input, Segmented, Select, Space, Table, Typography, type InputRef } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { ReportStateMark } from '../reports/report-state.tsx';
import type { ReportSummary } from '../reports/reports.api.ts';
import type { LabDirectory } from './use-lab-directory.ts';

export const BENCH_STATUSES = ['pending', 'released', 'all'] as const;
export type BenchStatus = (typeof BENCH_STATUSES)[number];

/** What the bench lists: one analyzer or section, collection dates, pending or released reports. */
export interface BenchFilter {
  instrument?: string;
  section?: string;
  from: string;
  to: string;
  status: BenchStatus;
}

export interface BenchListProps {
  filter: BenchFilter;
  onFilter(next: BenchFilter): void;
  reports: ReportSummary[];
  total: number;
  loading: boolean;
  selected?: string;
  onSelect(reportId: string): void;
  checked: string[];
  onCheck(reportIds: string[]): void;
  critical: { any: Set<string>; open: Set<string> };
  directory: LabDirectory;
  sections: DictionaryConcept[] | undefined;
  onScan(barcode: string): void;
  scanRef: Ref<InputRef>;
}

/** The left side of the bench: the scan box, the filters and the reports to work through, each with its state. */
export function BenchList({ filter, onFilter, reports, total, loading, selected, onSelect, checked, onCheck, critical, directory, sections, onScan, scanRef }: BenchListProps) {
  const { t, locale } = useI18n();
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Input.Search ref={scanRef} allowClear placeholder={t('lisRes.bench.scan')} aria-label={t('lisRes.bench.scan')} data-testid="bench-scan" onSearch={(v) => v.trim() && onScan(v.trim())} />
      <Space.Compact block>
        <Select
          allowClear
          style={{ width: '55%' }}
          placeholder={t('lisRes.anyInstrument')}
          aria-label={t('lisRes.instrument')}
          value={filter.instrument}
          onChange={(instrument) => onFilter({ ...filter, instrument })}
          showSearch={{ optionFilterProp: 'label' }}
          options={directory.instruments.map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))}
        />
        <Select
          allowClear
          style={{ width: '45%' }}
          placeholder={t('lisRes.anySection')}
          aria-label={t('lisRes.section')}
          value={filter.section}
          onChange={(section) => onFilter({ ...filter, section })}
          options={(sections ?? []).map((s) => ({ value: s.code, label: s.display }))}
        />
      </Space.Compact>
      <DatePicker.RangePicker
        style={{ width: '100%' }}
        allowClear={false}
        aria-label={t('lisRes.collected')}
        value={[dayjs(filter.from), dayjs(filter.to)]}
        onChange={(range) => range?.[0] && range[1] && onFilter({ ...filter, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })}
      />
      <Segmented<BenchStatus> block value={filter.status} onChange={(status) => onFilter({ ...filter, status })} options={BENCH_STATUSES.map((s) => ({ value: s, label: t(`lisRes.bench.status.${s}`) }))} />
      <Table<ReportSummary>
        data-testid="bench-list"
        rowKey="reportId"
        size="small"
        loading={loading}
        dataSource={reports}
        pagination={false}
        scroll={{ y: 'calc(100vh - 430px)' }}
        rowSelection={{ columnWidth: 28, selectedRowKeys: checked, onChange: (keys) => onCheck(keys.map(String)) }}
        rowClassName={(r) => (r.reportId === selected ? 'ant-table-row-selected' : '')}
        onRow={(r) => ({ onClick: () => onSelect(r.reportId), style: { cursor: 'pointer' } })}
        columns={[
          { key: 'state', width: 44, render: (_, r) => <ReportStateMark compact report={r} critical={critical.open.has(r.reportId) ? 'open' : critical.any.has(r.reportId) ? 'handled' : undefined} /> },
          {
            key: 'specimen',
            title: t('lisRes.col.specimen'),
            render: (_, r) => (
              <div>
                <Typography.Text strong>{r.patientName || '—'}</Typography.Text> <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 12 }}>{r.barcode}</Typography.Text>
                <div style={{ fontSize: 12 }}>
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 200 }}>
                    {directory.panelNames(r.panels)}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          { key: 'time', title: t('lisRes.col.time'), width: 64, render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{r.collectedAt ? new Date(r.collectedAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false }) : ''}</span> },
        ]}
      />
      <Typography.Text type="secondary" data-testid="bench-count">
        {t('lisRes.bench.count', { shown: reports.length, total })}
      </Typography.Text>
    </Space>
  );
}
