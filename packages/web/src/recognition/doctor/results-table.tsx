import { Button, Table, Tag } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { ResultValue } from '../../widgets/status/result-value.tsx';
import type { OfferedResult } from './recognition.api.ts';

export const localTime = (iso: string): string => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16);

/** A result as the doctor judges it: the coloured value of an analyte, else the report's conclusion. */
export function ResultCell({ result }: { result: Pick<OfferedResult, 'value' | 'unit' | 'flag' | 'referenceRange' | 'conclusion'> }) {
  if (result.value !== undefined) return <ResultValue value={result.value} unit={result.unit} interpretation={result.flag} referenceRange={result.referenceRange} />;
  return <span>{result.conclusion ?? '—'}</span>;
}

/** 可互认项目清单: item, result, institution, dates; each row opens the full report. */
export function ResultsTable({ results, onView }: { results: OfferedResult[]; onView(result: OfferedResult): void }) {
  const { t } = useI18n();
  return (
    <Table<OfferedResult>
      size="small"
      rowKey={(r) => `${r.reportId}/${r.itemCode}`}
      dataSource={results}
      pagination={false}
      columns={[
        { title: t('recognition.doctor.col.item'), render: (_, r) => (<><Tag color={r.kind === 'lab' ? 'blue' : 'purple'}>{r.itemCode}</Tag>{r.itemName}</>) },
        { title: t('recognition.doctor.col.result'), render: (_, r) => <ResultCell result={r} /> },
        { title: t('recognition.doctor.col.institution'), dataIndex: 'institutionName' },
        { title: t('recognition.doctor.col.effective'), render: (_, r) => localTime(r.effective) },
        { title: t('recognition.doctor.col.validUntil'), render: (_, r) => localTime(r.validUntil) },
        { title: t('recognition.doctor.col.reportNo'), dataIndex: 'reportNo' },
        { key: 'view', render: (_, r) => <Button size="small" type="link" onClick={() => onView(r)}>{t('recognition.doctor.viewReport')}</Button> },
      ]}
    />
  );
}
