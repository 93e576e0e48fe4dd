import { useState } from 'react';
import { Alert, App, Button, Descriptions, Input, Popconfirm, Space, Tag } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { errorText } from '../admin/common/errors.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { actorLabel } from './link-history.ts';
import { decideReview, type ReviewDecision, type ReviewItem } from './mpi.api.ts';
import { codeKey } from './mpi-labels.ts';

/** Outcome of a settled item, or the two decisions (with an optional note) for someone who may settle it. */
export function ReviewDecisionPanel({ item, canDecide, onDecided }: { item: ReviewItem; canDecide: boolean; onDecided(settled: ReviewItem): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<ReviewDecision | null>(null);

  if (item.status === 'closed') {
    const outcome = item.outcome ? codeKey('mpi.outcome', item.outcome) : undefined;
    return (
      <div data-testid="mpi-review-outcome">
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t('mpi.review.outcome')}>
            <Tag color={item.outcome === 'link' ? 'success' : 'default'}>{outcome ? t(outcome) : (item.outcome ?? t(codeKey('mpi.decision', item.decision)!))}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('mpi.review.reviewer')}>{item.reviewedBy ? actorLabel(item.reviewedBy) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('mpi.review.reviewedAt')}>{item.reviewedAt ? new Date(item.reviewedAt).toLocaleString(locale) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('mpi.review.note')}>{item.note ?? '—'}</Descriptions.Item>
        </Descriptions>
      </div>
    );
  }
  if (!canDecide) return <Alert type="info" showIcon title={t('mpi.review.noPermission')} />;

  const decide = async (decision: ReviewDecision) => {
    setBusy(decision);
    try {
      const settled = await decideReview(item.id, decision, note);
      message.success(t(decision === 'link' ? 'mpi.review.linked' : 'mpi.review.rejected'));
      setNote('');
      onDecided(settled);
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="mpi-review-actions">
      <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} rows={2} placeholder={t('mpi.review.notePlaceholder')} aria-label={t('mpi.review.note')} />
      <Space>
        <Popconfirm title={t('mpi.review.linkConfirm')} onConfirm={() => decide('link')}>
          <Button type="primary" icon={<CheckOutlined />} loading={busy === 'link'} disabled={busy !== null}>
            {t('mpi.review.link')}
          </Button>
        </Popconfirm>
        <Button icon={<CloseOutlined />} loading={busy === 'not-duplicate'} disabled={busy !== null} onClick={() => void decide('not-duplicate')}>
          {t('mpi.review.notDuplicate')}
        </Button>
      </Space>
    </Space>
  );
}
