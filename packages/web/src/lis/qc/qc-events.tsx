import { Button, Empty, Space, Table, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { QcEvent } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';

/**
 * 失控事件 of the test on the instrument: open ones first with 纠正措施 (for `lis.qc.enter`), closed ones with who
 * closed them; each event's corrective actions as a timeline (cause, action, re-run, who and when).
 */
export function QcEvents({ events, reasonOf, canAct, onAct, loading }: { events: QcEvent[]; reasonOf(e: QcEvent): string; canAct: boolean; onAct(e: QcEvent): void; loading: boolean }) {
  const { t } = useI18n();
  if (!events.length && !loading) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lisQc.events.none')} />;
  return (
    <Table<QcEvent>
      data-testid="qc-events"
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={events}
      pagination={{ pageSize: 5, hideOnSinglePage: true }}
      expandable={{
        rowExpandable: (e) => e.actions.length > 0,
        expandedRowRender: (e) => (
          <Timeline
            style={{ marginTop: 8 }}
            items={e.actions.map((a) => ({
              color: a.closes ? 'green' : 'blue',
              content: (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>
                    {dayjs(a.performedAt).format('YYYY-MM-DD HH:mm')} · {a.performedByName ?? a.performedBy} · {t(`lisQc.cause.${a.causeCategory}`)}
                    {a.closes ? ` · ${t('lisQc.events.closedByAction')}` : ''}
                  </Typography.Text>
                  <Typography.Text>
                    {t('lisQc.action.cause')}：{a.cause}
                  </Typography.Text>
                  <Typography.Text>
                    {t('lisQc.action.action')}：{a.action}
                  </Typography.Text>
                  {a.rerunRunId && <Typography.Text type="secondary">{t('lisQc.events.withRerun')}</Typography.Text>}
                </Space>
              ),
            }))}
          />
        ),
      }}
      columns={[
        { key: 'openedAt', title: t('lisQc.events.openedAt'), width: 150, render: (_, e) => dayjs(e.openedAt).format('YYYY-MM-DD HH:mm') },
        {
          key: 'rules',
          title: t('lisQc.events.rules'),
          width: 140,
          render: (_, e) => (
            <Space size={2} wrap>
              {e.rules.map((r) => (
                <Tag key={r} color="red">
                  {r}
                </Tag>
              ))}
            </Space>
          ),
        },
        { key: 'reason', title: t('lisQc.events.reason'), ellipsis: true, render: (_, e) => <span title={reasonOf(e)}>{reasonOf(e)}</span> },
        {
          key: 'status',
          title: t('lisQc.events.status'),
          width: 210,
          render: (_, e) =>
            e.status === 'open' ? (
              <Space size={4}>
                <Tag color="red">{t('lisQc.events.open')}</Tag>
                {canAct && (
                  <Button size="small" type="primary" danger onClick={() => onAct(e)}>
                    {t('lisQc.events.act')}
                  </Button>
                )}
              </Space>
            ) : (
              <Space size={4}>
                <Tag color="green">{t('lisQc.events.closed')}</Tag>
                <Typography.Text type="secondary">
                  {e.closedAt ? dayjs(e.closedAt).format('MM-DD HH:mm') : ''} {e.closedByName ?? ''}
                </Typography.Text>
              </Space>
            ),
        },
        { key: 'actions', title: t('lisQc.events.actions'), width: 90, align: 'right', render: (_, e) => e.actions.length },
      ]}
    />
  );
}
