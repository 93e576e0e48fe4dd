import type { HTMLAttributes, MutableRefObject } from 'react';
import { Button, Space, Table, Tag, Tooltip, Typography, type InputRef, type TableProps } from 'antd';
import { CalculatorOutlined, CheckCircleOutlined, EditOutlined, HistoryOutlined, LineChartOutlined, LockOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { ResultValue } from '../../widgets/status/result-value.tsx';
import { interpretationOf, isLocked, rowEditable, type EntryRow } from './bench-logic.ts';
import { SOURCE_KEYS } from './result-labels.ts';
import { ResultInput } from './result-input.tsx';
import type { ResultRow } from './results.api.ts';
import type { LabDirectory } from './use-lab-directory.ts';

/** Optional columns a user may hide (表格参数设置); the test and its value always show. */
export const OPTIONAL_COLUMNS = ['symbol', 'unit', 'range', 'instrumentFlags', 'delta', 'autoverification', 'source'] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

export interface ResultsGridProps {
  rows: EntryRow[];
  directory: LabDirectory;
  editing: boolean;
  draft: Record<string, string>;
  onDraft(testCode: string, value: string): void;
  /** The row with the keyboard focus (F2 starts entry there). */
  current?: string;
  onCurrent(testCode: string): void;
  onMove(from: string, step: 1 | -1): void;
  onCancel(): void;
  inputs: MutableRefObject<Map<string, InputRef>>;
  hidden: readonly OptionalColumn[];
  onHistory(result: ResultRow): void;
  onTrend(result: ResultRow): void;
}

/**
 * The results of a specimen (结果): value in its flag's colour with the arrow, flag symbol, unit, reference range,
 * analyzer flags, the delta check and auto-verification reasons on hover; calculated tests marked and never
 * typed; locked (released) ones with a lock. In entry mode the editable ones become inputs.
 */
export function ResultsGrid({ rows, directory, editing, draft, onDraft, current, onCurrent, onMove, onCancel, inputs, hidden, onHistory, onTrend }: ResultsGridProps) {
  const { t, locale } = useI18n();
  const server = (text: string) => localizeServerText(text, locale);
  const show = (c: OptionalColumn) => !hidden.includes(c);
  const name = (row: EntryRow) => row.result?.testName ?? directory.testName(row.testCode);

  const columns: TableProps<EntryRow>['columns'] = [
    { key: 'no', title: '#', width: 32, render: (_, _r, i) => i + 1 },
    {
      key: 'test',
      title: t('lisRes.col.test'),
      width: 210,
      render: (_, row) => {
        const abbreviation = row.result?.abbreviation ?? directory.test(row.testCode)?.abbreviation;
        return (
          <Space size={4} style={{ whiteSpace: 'nowrap' }}>
            <span>{name(row)}</span>
            {abbreviation && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{abbreviation}</Typography.Text>}
            {row.result?.source === 'calculated' && (
              <Tooltip title={t('lisRes.calculatedHint', { formula: directory.test(row.testCode)?.formula ?? '' })}>
                <Tag icon={<CalculatorOutlined />} color="geekblue" style={{ marginInlineEnd: 0 }}>
                  {t('lisRes.source.calculated')}
                </Tag>
              </Tooltip>
            )}
            {!row.result && <Tag color="orange" style={{ marginInlineEnd: 0 }}>{t('lisRes.missing')}</Tag>}
          </Space>
        );
      },
    },
    {
      key: 'value',
      title: t('lisRes.col.value'),
      width: 130,
      render: (_, row) => {
        const r = row.result;
        if (editing && rowEditable(row)) {
          return (
            <ResultInput
              testCode={row.testCode}
              label={name(row)}
              value={draft[row.testCode] ?? r?.value ?? ''}
              onChange={(v) => onDraft(row.testCode, v)}
              onMove={(step) => onMove(row.testCode, step)}
              onCancel={onCancel}
              autoFocus={row.testCode === current}
              inputRef={(el) => {
                if (el) inputs.current.set(row.testCode, el);
                else inputs.current.delete(row.testCode);
              }}
            />
          );
        }
        if (!r) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Space size={4}>
            {r.value === '' ? <Typography.Text type="secondary">{t('lisRes.noValue')}</Typography.Text> : <ResultValue value={r.value} interpretation={interpretationOf(r.flag)} referenceRange={r.referenceRange} />}
            {r.flag === 'implausible' && (
              <Tag color="red" icon={<WarningOutlined />}>
                {t('lisRes.implausible')}
              </Tag>
            )}
            {isLocked(r) && (
              <Tooltip title={t('lisRes.locked')}>
                <LockOutlined aria-label={t('lisRes.locked')} style={{ color: '#8c8c8c' }} />
              </Tooltip>
            )}
          </Space>
        );
      },
    },
    ...(show('symbol') ? [{ key: 'symbol', title: t('lisRes.col.flag'), width: 48, render: (_: unknown, row: EntryRow) => row.result?.symbol ?? '' }] : []),
    ...(show('unit') ? [{ key: 'unit', title: t('lisRes.col.unit'), width: 76, render: (_: unknown, row: EntryRow) => row.result?.unit ?? directory.test(row.testCode)?.unit ?? '' }] : []),
    ...(show('range') ? [{ key: 'range', title: t('lisRes.col.range'), width: 96, render: (_: unknown, row: EntryRow) => row.result?.referenceRange ?? '' }] : []),
    ...(show('instrumentFlags')
      ? [
          {
            key: 'instrumentFlags',
            title: t('lisRes.col.instrumentFlags'),
            width: 80,
            render: (_: unknown, row: EntryRow) =>
              row.result?.instrumentFlags.map((f) => (
                <Tag key={f} color="volcano">
                  {f}
                </Tag>
              )),
          },
        ]
      : []),
    ...(show('delta')
      ? [
          {
            key: 'delta',
            title: t('lisRes.col.delta'),
            width: 64,
            render: (_: unknown, row: EntryRow) => {
              const d = row.result?.delta;
              if (!d) return null;
              const failed = d.status === 'fail';
              return (
                <Tooltip title={server(d.reason)}>
                  <Typography.Text type={failed ? 'danger' : 'secondary'} style={{ cursor: 'help', whiteSpace: 'nowrap' }} data-delta={d.status}>
                    {failed ? <WarningOutlined /> : <CheckCircleOutlined />} {d.previousValue ?? ''}
                  </Typography.Text>
                </Tooltip>
              );
            },
          },
        ]
      : []),
    ...(show('autoverification')
      ? [
          {
            key: 'autoverification',
            title: t('lisRes.col.autoverification'),
            width: 76,
            render: (_: unknown, row: EntryRow) => {
              const av = row.result?.autoverification;
              if (!av) return null;
              const reasons = av.reasons.map(server);
              return (
                <Tooltip title={reasons.length ? reasons.map((r) => <div key={r}>{r}</div>) : undefined}>
                  <Tag color={av.decision === 'verify' ? 'green' : 'orange'} icon={<SafetyCertificateOutlined />} style={{ cursor: reasons.length ? 'help' : undefined, marginInlineEnd: 0 }} data-av={av.decision}>
                    {t(av.decision === 'verify' ? 'lisRes.av.verify' : 'lisRes.av.hold')}
                  </Tag>
                </Tooltip>
              );
            },
          },
        ]
      : []),
    ...(show('source') ? [{ key: 'source', title: t('lisRes.col.source'), width: 56, render: (_: unknown, row: EntryRow) => (row.result ? t(SOURCE_KEYS[row.result.source]) : '') }] : []),
    {
      key: 'actions',
      title: '',
      width: 72,
      fixed: 'right',
      render: (_, row) =>
        row.result && (
          <Space size={0}>
            <Tooltip title={t('lisRes.action.trail')}>
              <Button type="text" size="small" icon={<HistoryOutlined />} aria-label={t('lisRes.action.trail')} onClick={() => onHistory(row.result!)} />
            </Tooltip>
            <Tooltip title={t('lisRes.action.trend')}>
              <Button type="text" size="small" icon={<LineChartOutlined />} aria-label={t('lisRes.action.trend')} onClick={() => onTrend(row.result!)} />
            </Tooltip>
          </Space>
        ),
    },
  ];

  return (
    <Table<EntryRow>
      data-testid="bench-results"
      rowKey="testCode"
      size="small"
      pagination={false}
      dataSource={rows}
      columns={columns}
      scroll={{ x: 'max-content' }}
      rowClassName={(row) => (row.testCode === current ? 'ant-table-row-selected' : '')}
      onRow={(row) => ({ onClick: () => onCurrent(row.testCode), 'data-test': row.testCode }) as HTMLAttributes<HTMLElement>}
      title={editing ? () => <Typography.Text type="secondary"><EditOutlined /> {t('lisRes.entry.hint')}</Typography.Text> : undefined}
    />
  );
}
