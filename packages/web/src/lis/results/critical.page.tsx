import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Result, Segmented, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { useShortcuts } from '../../widgets/shortcuts/shortcuts.context.tsx';
import { ResultValue } from '../../widgets/status/result-value.tsx';
import { interpretationOf } from './bench-logic.ts';
import { resultsApi, type CriticalValueItem } from './results.api.ts';
import { CRITICAL_POLL_SECONDS, useCriticalWatch } from './use-critical-watch.ts';

const VIEWS = ['open', 'acknowledged', 'all'] as const;
type View = (typeof VIEWS)[number];

/**
 * 危急值: critical results as they are raised (re-read every few seconds), each acknowledged by whoever takes the
 * call — with the read-back note — and then listed with who and when.
 */
export default function CriticalValuesPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const canRead = holds(me.permissions, 'lis.read');
  const ready = canRead && !!me.institution;
  const [view, setView] = useState<View>('open');
  const [acking, setAcking] = useState<CriticalValueItem>();
  // The open ones are watched (and new ones flash); the history is read on demand.
  const watch = useCriticalWatch(ready);
  const history = useLoad(() => resultsApi.critical(view === 'all' ? 'all' : 'acknowledged', 200), [view], ready && view !== 'open');
  const rows = view === 'open' ? watch.open : (history.data ?? []);
  const fresh = new Set(watch.fresh.map((c) => c.taskId));
  const reload = () => {
    watch.reload();
    history.reload();
  };
  useShortcuts('lis-critical', [{ combo: 'Alt+R', description: 'lisRes.keys.refresh', handler: reload }]);

  if (!canRead) return <Forbidden />;
  if (!me.institution) return <Result status="info" title={t('lisRes.needInstitution')} />;
  const time = (v?: string) => (v ? new Date(v).toLocaleString(locale, { hour12: false }) : '—');

  return (
    <Card
      title={t('lisRes.critical.title')}
      data-testid="critical-page"
      extra={
        <Button icon={<ReloadOutlined />} onClick={reload}>
          {t('lisRes.refresh')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<View> value={view} onChange={setView} options={VIEWS.map((v) => ({ value: v, label: v === 'open' ? t('lisRes.critical.view.open', { count: watch.open.length }) : t(`lisRes.critical.view.${v}`) }))} />
        <Typography.Text type="secondary">{t('lisRes.critical.poll', { seconds: CRITICAL_POLL_SECONDS })}</Typography.Text>
      </Space>
      {history.error !== undefined && <Alert type="error" showIcon title={errorText(history.error, locale)} style={{ marginBottom: 12 }} />}
      <Table<CriticalValueItem>
        data-testid="critical-table"
        rowKey="taskId"
        size="small"
        loading={view !== 'open' && history.loading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        rowClassName={(c) => (fresh.has(c.taskId) ? 'mu-result--flash' : '')}
        columns={[
          { key: 'raised', title: t('lisRes.critical.raised'), width: 160, render: (_, c) => <span style={{ whiteSpace: 'nowrap' }}>{time(c.raisedAt)}</span> },
          { key: 'patient', title: t('lisRes.col.patient'), render: (_, c) => c.patientName ?? '—' },
          { key: 'test', title: t('lisRes.col.test'), render: (_, c) => c.testName ?? c.testCode ?? '—' },
          { key: 'value', title: t('lisRes.col.value'), render: (_, c) => <ResultValue value={c.value} unit={c.unit} interpretation={interpretationOf(c.flag)} /> },
          { key: 'department', title: t('lisRes.col.department'), render: (_, c) => c.department ?? '—' },
          {
            key: 'message',
            title: t('lisRes.critical.message'),
            width: 280,
            render: (_, c) => (
              <Typography.Text type="secondary" ellipsis={{ tooltip: localizeServerText(c.message, locale) }} style={{ maxWidth: 264 }}>
                {localizeServerText(c.message, locale)}
              </Typography.Text>
            ),
          },
          {
            key: 'ack',
            title: t('lisRes.critical.ack'),
            width: 220,
            render: (_, c) =>
              c.status === 'open' ? (
                <Button size="small" type="primary" danger icon={<CheckOutlined />} onClick={() => setAcking(c)}>
                  {t('lisRes.critical.acknowledge')}
                </Button>
              ) : (
                <Space orientation="vertical" size={0}>
                  <span>
                    <Tag color="green">{t('lisRes.critical.acknowledged')}</Tag>
                    {c.acknowledgedBy} · {time(c.acknowledgedAt)}
                  </span>
                  {c.note && <Typography.Text type="secondary">{c.note}</Typography.Text>}
                </Space>
              ),
          },
        ]}
      />
      {acking && (
        <AcknowledgeDialog
          item={acking}
          onClose={() => setAcking(undefined)}
          onDone={() => {
            setAcking(undefined);
            message.success(t('lisRes.critical.done'));
            reload();
          }}
        />
      )}
    </Card>
  );
}

/** 危急值确认: the receiver records the read-back (复述) and what was done. */
function AcknowledgeDialog({ item, onClose, onDone }: { item: CriticalValueItem; onClose(): void; onDone(): void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await resultsApi.acknowledge(item.taskId, form.getFieldValue('note')?.trim() || undefined);
      onDone();
    } catch (err) {
      setError(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('lisRes.critical.ackTitle')} okText={t('lisRes.critical.acknowledge')} cancelText={t('lisRes.cancel')} okButtonProps={{ loading: busy }} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph>
        {item.patientName} · {item.testName} <ResultValue value={item.value} unit={item.unit} interpretation={interpretationOf(item.flag)} />
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ note: '' }}>
        <Form.Item name="note" label={t('lisRes.critical.note')} style={{ marginBottom: 0 }}>
          <Input.TextArea rows={2} maxLength={500} autoFocus placeholder={t('lisRes.critical.notePlaceholder')} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} />}
    </Modal>
  );
}
