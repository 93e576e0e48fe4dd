import type { ReactNode } from 'react';
import { Alert, Space, Table, Tag, Typography, theme } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n.context.tsx';
import { genderKey } from '../widgets/patient/patient-display.ts';
import { comparisonRows, formatWeight, scoreBand, unshownScores, type ComparedValue, type ComparisonRow } from './comparison.ts';
import { IdentifierLabel } from './identifier-label.tsx';
import type { FieldScore, MatchingConfigView, ReviewItem, ReviewSide } from './mpi.api.ts';
import { codeKey } from './mpi-labels.ts';

const BAND_COLORS = { 'auto-link': 'success', review: 'warning', below: 'default' } as const;

/**
 * The two records of a review pair side by side: each row with both values (differing ones highlighted), the
 * matcher's comparison level and its weight; then the total against the thresholds in force. This is the
 * "why" of the proposal, so a person can check it field by field.
 */
export function ReviewComparison({ item, config, institutionNames }: { item: ReviewItem; config?: MatchingConfigView; institutionNames: Record<string, string> }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const rows = comparisonRows(item);
  const extra = unshownScores(item.fields);
  const band = config && scoreBand(item.score, config);

  const valueText = (row: ComparisonRow, v: ComparedValue): ReactNode => {
    if (row.key === 'gender') return t(genderKey(v.text as 'male' | 'female' | 'other' | 'unknown'));
    if (row.key === 'institution') return institutionNames[v.text] ?? v.text;
    if (row.key === 'identifiers') {
      const bar = v.text.indexOf('|');
      return <IdentifierLabel system={v.text.slice(0, bar)} value={v.text.slice(bar + 1)} institutionNames={institutionNames} />;
    }
    return v.text;
  };
  const values = (row: ComparisonRow, list: ComparedValue[]) =>
    list.length === 0 ? (
      <Typography.Text type="secondary">—</Typography.Text>
    ) : (
      <Space orientation="vertical" size={0}>
        {list.map((v, i) => (
          <span
            key={`${v.text}-${i}`}
            data-differs={v.differs ? 'true' : undefined}
            style={v.differs ? { background: token.colorWarningBg, outline: `1px solid ${token.colorWarningBorder}`, borderRadius: 2, padding: '0 2px' } : undefined}
          >
            {valueText(row, v)}
          </span>
        ))}
      </Space>
    );
  const level = (score?: FieldScore) => {
    if (!score) return null;
    const key = codeKey('mpi.level', score.level);
    return <Tag>{key ? t(key) : score.level}</Tag>;
  };
  const weight = (score?: FieldScore) => {
    if (!score) return null;
    const color = score.weight > 0 ? token.colorSuccess : score.weight < 0 ? token.colorError : token.colorTextSecondary;
    return <span style={{ color, fontVariantNumeric: 'tabular-nums' }}>{formatWeight(score.weight)}</span>;
  };
  const sideHeader = (title: string, side: ReviewSide) => (
    <Space size={4} wrap>
      <span>{title}</span>
      {side.status === 'deleted' && <Tag color="error">{t('mpi.review.deletedSide')}</Tag>}
      {side.goldenId && <Link to={`/mpi/persons?golden=${encodeURIComponent(side.goldenId)}`}>{t('mpi.review.openPerson')}</Link>}
    </Space>
  );

  return (
    <div data-testid="mpi-comparison">
      <Space size={16} wrap style={{ marginBottom: 12 }}>
        <span>
          <Typography.Text type="secondary">{t('patient.banner.labelled', { label: t('mpi.review.total') })}</Typography.Text>
          <Typography.Text strong style={{ fontSize: 20 }} data-testid="mpi-total-score">
            {item.score.toFixed(1)}
          </Typography.Text>
        </span>
        {band && <Tag color={BAND_COLORS[band]}>{t(codeKey('mpi.review.band', band)!)}</Tag>}
        {config && <Typography.Text type="secondary">{t('mpi.review.thresholds', { autoLink: config.autoLinkThreshold, review: config.reviewThreshold })}</Typography.Text>}
      </Space>
      {config && config.problems.length > 0 && <Alert type="warning" showIcon title={config.problems.join('; ')} style={{ marginBottom: 12 }} />}
      <Table<ComparisonRow>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        columns={[
          { key: 'field', title: t('mpi.review.field'), width: 96, render: (_, r) => t(codeKey('mpi.row', r.key)!) },
          { key: 'record', title: sideHeader(t('mpi.review.record'), item.record), render: (_, r) => values(r, r.record) },
          { key: 'candidate', title: sideHeader(t('mpi.review.candidate'), item.candidate), render: (_, r) => values(r, r.candidate) },
          { key: 'level', title: t('mpi.review.level'), width: 110, render: (_, r) => level(r.score) },
          { key: 'weight', title: t('mpi.review.weight'), width: 72, align: 'right', render: (_, r) => weight(r.score) },
        ]}
        summary={() => (
          <>
            {extra.map((f) => (
              <Table.Summary.Row key={f.field}>
                <Table.Summary.Cell index={0} colSpan={3}>
                  {f.field}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3}>{level(f)}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {weight(f)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ))}
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                <Typography.Text strong>{t('mpi.review.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <Typography.Text strong>{formatWeight(item.score)}</Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </>
        )}
      />
    </div>
  );
}
