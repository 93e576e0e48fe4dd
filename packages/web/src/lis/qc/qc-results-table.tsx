import { useState } from 'react';
import { Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { QcResultEntry } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { readableReason } from './qc-series.ts';
import { fixed, textIn, VERDICT_TAG, zText } from './qc-text.ts';

/** A result that needs a second look: its own verdict or its run's is a warning or a reject. */
const flagged = (r: QcResultEntry) => r.status === 'warning' || r.status === 'reject' || r.runStatus === 'reject';

/**
 * 质控数据: the period's control results, newest first, with the target they were judged with, z, verdict and rules;
 * "warnings and rejects only" narrows them to what needs a second look.
 */
export function QcResultsTable({ results, keyNames, levelName, decimals, loading }: { results: QcResultEntry[]; keyNames: Map<string, string>; levelName(r: QcResultEntry): string; decimals: number; loading: boolean }) {
  const { t, locale } = useI18n();
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  const rows = results.filter((r) => !onlyFlagged || flagged(r)).sort((a, b) => Date.parse(b.measuredAt) - Date.parse(a.measuredAt));
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Switch size="small" checked={onlyFlagged} onChange={setOnlyFlagged} aria-label={t('lisQc.results.onlyFlagged')} data-testid="qc-results-flagged" />
        <span>{t('lisQc.results.onlyFlagged')}</span>
      </Space>
      <Table<QcResultEntry>
        data-testid="qc-results"
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 1200 }}
        columns={[
          { key: 'at', title: t('lisQc.results.measuredAt'), width: 150, render: (_, r) => dayjs(r.measuredAt).format('YYYY-MM-DD HH:mm') },
          { key: 'level', title: t('lisQc.level'), width: 300, render: (_, r) => `${levelName(r)} · ${r.lotNo}` },
          { key: 'value', title: t('lisQc.results.value'), width: 90, align: 'right', render: (_, r) => <Typography.Text strong={r.status === 'reject'}>{fixed(r.value, decimals)}</Typography.Text> },
          {
            key: 'target',
            title: t('lisQc.results.target'),
            width: 140,
            render: (_, r) => (r.targetMean === null ? <Typography.Text type="secondary">{t('lisQc.results.noTarget')}</Typography.Text> : `${fixed(r.targetMean, decimals + 1)} ± ${fixed(r.targetSd, decimals + 2)}`),
          },
          { key: 'z', title: 'z', width: 70, align: 'right', render: (_, r) => zText(r.z) },
          {
            key: 'verdict',
            title: t('lisQc.results.verdict'),
            width: 170,
            render: (_, r) => {
              if (r.excluded) return <Tag>{t('lisQc.verdict.excluded')}</Tag>;
              if (!r.status) return <Tag>{t('lisQc.verdict.unjudged')}</Tag>;
              const rules = [...new Set(r.violations.map((v) => v.rule))];
              const tag = (
                <Tag color={VERDICT_TAG[r.status]}>
                  {t(`lisQc.verdict.${r.status}`)}
                  {rules.length ? ` ${rules.join(' ')}` : ''}
                </Tag>
              );
              return r.reason ? <Tooltip title={readableReason(textIn(r.reason, locale), keyNames)}>{tag}</Tooltip> : tag;
            },
          },
          {
            key: 'run',
            title: t('lisQc.results.run'),
            width: 90,
            render: (_, r) => (r.runStatus && r.runStatus !== r.status ? <Tag color={VERDICT_TAG[r.runStatus]}>{t(`lisQc.verdict.${r.runStatus}`)}</Tag> : null),
          },
          { key: 'source', title: t('lisQc.results.source'), width: 80, render: (_, r) => t(`lisQc.source.${r.source}`) },
          { key: 'by', title: t('lisQc.results.enteredBy'), width: 100, render: (_, r) => r.enteredByName ?? r.enteredBy },
        ]}
      />
    </>
  );
}
