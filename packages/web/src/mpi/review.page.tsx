import { useState } from 'react';
import { Alert, Card, Col, Empty, Row, Table, Tabs, Tag } from 'antd';
import { errorText } from '../admin/common/errors.ts';
import { Forbidden } from '../admin/common/forbidden.tsx';
import { useLoad } from '../admin/common/use-load.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { holds } from '../session/permissions.ts';
import { useSession } from '../session/session.context.tsx';
import { useOrganizationNames } from '../widgets/patient/organization-names.ts';
import { formatWeight } from './comparison.ts';
import { actorLabel } from './link-history.ts';
import { listReview, matchingConfig, type ReviewItem } from './mpi.api.ts';
import { codeKey } from './mpi-labels.ts';
import { ReviewComparison } from './review-comparison.tsx';
import { ReviewDecisionPanel } from './review-decision.tsx';

type Status = 'open' | 'closed';
const PAGE_SIZE = 20;

/** 待审核匹配: the uncertain pairs the matcher left to a person, compared side by side and settled here. */
export default function ReviewPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const allowed = holds(me.permissions, 'mpi.read');
  const canDecide = holds(me.permissions, 'mpi.review');
  const [status, setStatus] = useState<Status>('open');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<ReviewItem | null>(null);
  const list = useLoad(() => listReview(status, PAGE_SIZE, (page - 1) * PAGE_SIZE), [status, page], allowed);
  const config = useLoad(matchingConfig, [], allowed);
  const items = list.data?.items ?? [];
  const names = useOrganizationNames([...items.flatMap((i) => [i.record.institution, i.candidate.institution]), selected?.record.institution, selected?.candidate.institution].map((id) => id ?? undefined));

  if (!allowed) return <Forbidden />;

  const time = (v: string | null) => (v ? new Date(v).toLocaleString(locale) : '—');
  const columns = [
    { key: 'score', title: t('mpi.review.score'), width: 64, align: 'right' as const, render: (_: unknown, i: ReviewItem) => formatWeight(i.score) },
    { key: 'record', title: t('mpi.review.recordName'), render: (_: unknown, i: ReviewItem) => i.record.name ?? i.record.patientId },
    { key: 'candidate', title: t('mpi.review.candidateName'), render: (_: unknown, i: ReviewItem) => i.candidate.name ?? i.candidate.patientId },
    ...(status === 'open'
      ? [
          { key: 'decision', title: t('mpi.review.decision'), width: 104, render: (_: unknown, i: ReviewItem) => <Tag color="warning">{t(codeKey('mpi.decision', i.decision) ?? 'mpi.decision.review')}</Tag> },
          { key: 'created', title: t('mpi.review.created'), width: 150, render: (_: unknown, i: ReviewItem) => time(i.createdAt) },
        ]
      : [
          {
            key: 'outcome',
            title: t('mpi.review.outcome'),
            width: 104,
            render: (_: unknown, i: ReviewItem) => {
              const key = i.outcome ? codeKey('mpi.outcome', i.outcome) : undefined;
              return <Tag color={i.outcome === 'link' ? 'success' : 'default'}>{key ? t(key) : (i.outcome ?? '')}</Tag>;
            },
          },
          { key: 'reviewer', title: t('mpi.review.reviewer'), width: 96, ellipsis: true, render: (_: unknown, i: ReviewItem) => (i.reviewedBy ? actorLabel(i.reviewedBy) : '—') },
          { key: 'reviewedAt', title: t('mpi.review.reviewedAt'), width: 150, render: (_: unknown, i: ReviewItem) => time(i.reviewedAt) },
        ]),
  ];

  const switchTab = (next: string) => {
    setStatus(next as Status);
    setPage(1);
    setSelected(null);
  };

  return (
    <div data-testid="mpi-review-page">
      <Card title={t('mpi.review.title')}>
        <Row gutter={16}>
          <Col xs={24} xl={11} data-testid="mpi-review-list">
            <Tabs activeKey={status} onChange={switchTab} items={(['open', 'closed'] as const).map((s) => ({ key: s, label: t(s === 'open' ? 'mpi.review.open' : 'mpi.review.closed') }))} />
            {list.error !== undefined && <Alert type="error" showIcon title={t('shell.loadFailed', { message: errorText(list.error, locale) })} style={{ marginBottom: 12 }} />}
            <Table<ReviewItem>
              size="small"
              rowKey="id"
              loading={list.loading}
              dataSource={items}
              columns={columns}
              scroll={{ x: 'max-content' }}
              locale={status === 'open' ? { emptyText: <Empty description={t('mpi.review.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> } : undefined}
              rowSelection={{ type: 'radio', selectedRowKeys: selected ? [selected.id] : [], onChange: (_, rows) => setSelected(rows[0] ?? null) }}
              onRow={(i) => ({ onClick: () => setSelected(i), style: { cursor: 'pointer' } })}
              pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small' }}
            />
          </Col>
          <Col xs={24} xl={13}>
            {selected ? (
              <Card size="small" type="inner" title={t('mpi.review.compareTitle', { id: selected.id })}>
                <ReviewComparison item={selected} config={config.data} institutionNames={names} />
                <div style={{ marginTop: 12 }}>
                  <ReviewDecisionPanel
                    item={selected}
                    canDecide={canDecide}
                    onDecided={(settled) => {
                      setSelected(settled);
                      list.reload();
                    }}
                  />
                </div>
              </Card>
            ) : (
              <Empty style={{ marginTop: 64 }} description={t('mpi.review.selectHint')} />
            )}
          </Col>
        </Row>
      </Card>
    </div>
  );
}
