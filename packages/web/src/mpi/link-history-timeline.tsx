import { Button, Empty, Space, Tag, Timeline, Typography } from 'antd';
import { useI18n } from '../i18n/i18n.context.tsx';
import { formatWeight } from './comparison.ts';
import { actorLabel, historyOperations, type HistoryOperation } from './link-history.ts';
import type { LinkEvent } from './mpi.api.ts';
import { codeKey } from './mpi-labels.ts';

const ACTION_COLORS: Partial<Record<LinkEvent['action'], string>> = { link: 'green', merge: 'blue', unlink: 'orange', unmerge: 'orange', 'source-deleted': 'red', retire: 'gray', restore: 'green' };

/**
 * The link history of a golden record as a timeline, one entry per operation (newest first): what happened, to
 * which records, why (rule and score, or the reason a person gave), by whom. Merges offer an undo.
 */
export function LinkHistoryTimeline({ events, canUndo, onUndo }: { events: LinkEvent[]; canUndo: boolean; onUndo(operation: HistoryOperation): void }) {
  const { t, locale } = useI18n();
  const operations = historyOperations(events);
  if (operations.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mpi.persons.historyEmpty')} />;

  const action = (a: LinkEvent['action']) => {
    const key = codeKey('mpi.action', a);
    return key ? t(key) : a;
  };
  const golden = (id: string | null) => id ?? t('mpi.persons.newPerson');

  return (
    <div data-testid="mpi-history">
      <Timeline
        items={operations.map((op) => ({
          key: op.operationId,
          color: ACTION_COLORS[op.action] ?? 'gray',
          content: (
            <div data-testid="mpi-history-entry" data-action={op.action}>
              <Space size={8} wrap>
                <Tag color={ACTION_COLORS[op.action]}>{action(op.action)}</Tag>
                <Typography.Text type="secondary">{new Date(op.at).toLocaleString(locale)}</Typography.Text>
                <Typography.Text type="secondary">{t('patient.banner.labelled', { label: t('mpi.persons.actor') })}</Typography.Text>
                <span>{actorLabel(op.actor)}</span>
                {op.score !== null && <Tag>{t('mpi.review.score')} {formatWeight(op.score)}</Tag>}
                {op.undone && <Tag>{t('mpi.persons.undoneTag')}</Tag>}
                {op.isMerge && !op.undone && canUndo && (
                  <Button size="small" danger onClick={() => onUndo(op)}>
                    {t('mpi.persons.undo')}
                  </Button>
                )}
              </Space>
              {op.reason && <div>{op.reason}</div>}
              {op.events.map((e) => (
                <Typography.Text key={e.id} type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {e.recordId ? t('mpi.persons.recordMove', { record: e.recordId, from: golden(e.fromGolden), to: golden(e.toGolden) }) : `${action(e.action)}: ${golden(e.fromGolden ?? e.toGolden)}`}
                </Typography.Text>
              ))}
            </div>
          ),
        }))}
      />
    </div>
  );
}
