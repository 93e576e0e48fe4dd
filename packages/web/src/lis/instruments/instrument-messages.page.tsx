import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Select, Space, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { ReloadOutlined, SearchOutlined, WarningOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import { errorText } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { useShortcuts } from '../../widgets/shortcuts/shortcuts.context.tsx';
import { StatusTag } from '../../widgets/status/status-tag.tsx';
import { KINDS, OUTCOME_PALETTE, outcomeKey, OUTCOMES } from './instrument-labels.ts';
import { instrumentsApi, type InstrumentMessage, type InstrumentMessageKind, type MessageFilter } from './instruments.api.ts';
import { useLabScope } from './lab-scope.tsx';
import { TrafficView } from './traffic-view.tsx';
import { useKeysetList } from './use-keyset.ts';

const PAGE_SIZE = 50;

interface FilterValues {
  instrument?: string;
  direction?: 'in' | 'out';
  kind?: InstrumentMessageKind;
  outcome?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** Form values → the API's filter (a time range is sent as since/until instants). */
function filterOf(v: FilterValues): Omit<MessageFilter, 'institution'> {
  return {
    instrument: v.instrument,
    direction: v.direction,
    kind: v.kind,
    outcome: v.outcome,
    since: v.range?.[0]?.toISOString(),
    until: v.range?.[1]?.toISOString(),
  };
}

/**
 * 通讯报文: every byte exchanged with the analyzers, newest first, filtered by instrument, direction, kind, processing
 * outcome and time; paged with the server's cursor. A row opens the monospace view (control characters visible,
 * hex dump, copy). `?instrument=<id>` preselects an instrument (the 报文 link of 仪器管理).
 */
export default function InstrumentMessagesPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const [params] = useSearchParams();
  const canRead = holds(me.permissions, 'lis.read') || holds(me.permissions, 'lis.instrument.manage');
  const { scope, ready, picker } = useLabScope();
  const [form] = Form.useForm<FilterValues>();
  const linked = params.get('instrument') ?? undefined;
  const initial = useMemo<FilterValues>(() => ({ instrument: linked }), [linked]);
  const [filter, setFilter] = useState(() => filterOf(initial));
  // The page stays open in its tab: a later 报文 link names another instrument.
  useEffect(() => {
    if (!canRead) return;
    form.setFieldsValue({ instrument: linked });
    setFilter((f) => (f.instrument === linked ? f : { ...f, instrument: linked }));
  }, [linked, form, canRead]);
  const instruments = useLoad(() => instrumentsApi.list({ ...scope }), [scope], canRead && ready);
  const list = useKeysetList(
    async (before) => {
      const page = await instrumentsApi.messages({ ...filter, ...scope, before, limit: PAGE_SIZE });
      return { items: page.messages, next: page.next };
    },
    [filter, scope],
    canRead && ready,
  );
  useShortcuts('lis-messages', [{ combo: 'Alt+R', description: 'lisInst.keys.refresh', handler: list.reload }]);

  if (!canRead) return <Forbidden />;

  const columns: TableProps<InstrumentMessage>['columns'] = [
    {
      key: 'at',
      title: t('lisInst.time'),
      width: 190,
      render: (_, m) => {
        const at = new Date(m.at);
        return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{`${at.toLocaleString(locale)}.${String(at.getMilliseconds()).padStart(3, '0')}`}</span>;
      },
    },
    { key: 'instrument', title: t('lisInst.instrument'), dataIndex: 'instrumentCode', width: 100, ellipsis: true },
    {
      key: 'direction',
      title: t('lisInst.msg.direction'),
      width: 64,
      render: (_, m) => (
        <Tooltip title={t(m.direction === 'in' ? 'lisInst.msg.inLong' : 'lisInst.msg.outLong')}>
          <Tag color={m.direction === 'in' ? 'green' : 'blue'}>{t(m.direction === 'in' ? 'lisInst.msg.in' : 'lisInst.msg.out')}</Tag>
        </Tooltip>
      ),
    },
    { key: 'kind', title: t('lisInst.msg.kind'), width: 80, render: (_, m) => t(`lisInst.kind.${m.kind}`) },
    { key: 'type', title: t('lisInst.msg.type'), width: 110, render: (_, m) => m.messageType && <Typography.Text code>{m.messageType}</Typography.Text> },
    { key: 'summary', title: t('lisInst.msg.summary'), ellipsis: true, render: (_, m) => m.summary ?? m.detail },
    {
      key: 'outcome',
      title: t('lisInst.msg.outcome'),
      width: 130,
      render: (_, m) => {
        const key = outcomeKey(m.outcome);
        return (
          <Space size={4}>
            <StatusTag status={m.outcome} palette={OUTCOME_PALETTE} label={key ? t(key) : m.outcome} />
            {m.events.length > 0 && (
              <Tooltip title={m.events.map((e) => e.code).join(', ')}>
                <WarningOutlined style={{ color: '#faad14' }} aria-label={t('lisInst.msg.events')} />
              </Tooltip>
            )}
          </Space>
        );
      },
    },
    { key: 'size', title: t('lisInst.msg.size'), dataIndex: 'size', width: 64, align: 'right' },
  ];

  return (
    <Card
      title={t('lisInst.msg.title')}
      data-testid="instrument-messages-page"
      extra={
        <Space>
          {picker}
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('lisInst.refresh')}
          </Button>
        </Space>
      }
    >
      <Form<FilterValues> form={form} name="lis-messages-filter" layout="inline" initialValues={initial} style={{ marginBottom: 16, rowGap: 8 }} onFinish={(v) => setFilter(filterOf(v))}>
        <Form.Item name="instrument" label={t('lisInst.instrument')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('lisInst.anyInstrument')}
            style={{ width: 220 }}
            options={(instruments.data ?? []).map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))}
          />
        </Form.Item>
        <Form.Item name="direction" label={t('lisInst.msg.direction')}>
          <Select allowClear placeholder={t('lisInst.any')} style={{ width: 140 }} options={(['in', 'out'] as const).map((d) => ({ value: d, label: t(d === 'in' ? 'lisInst.msg.inLong' : 'lisInst.msg.outLong') }))} />
        </Form.Item>
        <Form.Item name="kind" label={t('lisInst.msg.kind')}>
          <Select allowClear placeholder={t('lisInst.any')} style={{ width: 120 }} options={KINDS.map((k) => ({ value: k, label: t(`lisInst.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="outcome" label={t('lisInst.msg.outcome')}>
          <Select allowClear placeholder={t('lisInst.any')} style={{ width: 140 }} options={OUTCOMES.map((o) => ({ value: o, label: t(outcomeKey(o)!) }))} />
        </Form.Item>
        <Form.Item name="range" label={t('lisInst.msg.range')}>
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('lisInst.query')}
            </Button>
            <Button
              onClick={() => {
                form.setFieldsValue({ instrument: undefined, direction: undefined, kind: undefined, outcome: undefined, range: null });
                setFilter({});
              }}
            >
              {t('lisInst.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {list.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(list.error, locale) })} />}
      <Table<InstrumentMessage>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={false}
        tableLayout="fixed"
        locale={{ emptyText: t('lisInst.msg.empty') }}
        expandable={{ expandRowByClick: true, expandedRowRender: (m) => <TrafficView entry={m} /> }}
      />
      <Space style={{ marginTop: 12 }}>
        <Button onClick={list.loadMore} disabled={!list.hasMore} loading={list.loading && list.items.length > 0}>
          {list.hasMore ? t('lisInst.loadMore') : t('lisInst.noMore')}
        </Button>
        <Typography.Text type="secondary">{t('lisInst.shown', { count: list.items.length })}</Typography.Text>
      </Space>
    </Card>
  );
}
