import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Input, Row, Segmented, Select, Space, Table, Tag, Typography, type InputRef, type TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { useShortcuts } from '../../widgets/shortcuts/shortcuts.context.tsx';
import { ResultValue } from '../../widgets/status/result-value.tsx';
import { AssignPanel } from './assign-panel.tsx';
import { DismissDialog } from './dismiss-dialog.tsx';
import { REASON_COLOURS, reasonKey, REASONS, UNMATCHED_STATUSES } from './instrument-labels.ts';
import { instrumentsApi, type UnmatchedReason, type UnmatchedResult } from './instruments.api.ts';
import { useLabScope } from './lab-scope.tsx';
import { moveSelection, nextAfter, sameSampleOpen } from './unmatched-logic.ts';
import { UnmatchedDetail } from './unmatched-detail.tsx';
import { useCatalogueTests } from './use-catalogue-tests.ts';
import { useKeysetList } from './use-keyset.ts';

type Status = (typeof UNMATCHED_STATUSES)[number];
const PAGE_SIZE = 50;

/**
 * 未匹配结果: analyzer results the LIS could not file (unknown specimen, unmapped channel, test not ordered), kept
 * until someone assigns them to a specimen — scan the tube, Enter — or dismisses them with a reason. The queue is
 * worked from the keyboard: the barcode box keeps the focus, ↑/↓ move through the queue, F4 dismisses.
 */
export default function UnmatchedResultsPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const canRead = ['lis.read', 'lis.result.enter'].some((p) => holds(me.permissions, p));
  const canEnter = holds(me.permissions, 'lis.result.enter');
  const canMapChannels = holds(me.permissions, 'lis.instrument.manage');
  const { scope, ready, picker } = useLabScope();
  const [status, setStatus] = useState<Status>('open');
  const [instrument, setInstrument] = useState<string>();
  const [reason, setReason] = useState<UnmatchedReason>();
  const [sample, setSample] = useState<string>();
  const [selectedId, setSelectedId] = useState<string>();
  const [dismissing, setDismissing] = useState(false);
  const scanRef = useRef<InputRef>(null);
  const instruments = useLoad(() => instrumentsApi.list({ ...scope }), [scope], canRead && ready);
  const tests = useCatalogueTests(scope, canEnter && ready);
  const list = useKeysetList(
    async (before) => {
      const page = await instrumentsApi.unmatched({ ...scope, status, instrument, reason, sample, before, limit: PAGE_SIZE });
      return { items: page.results, next: page.next };
    },
    [scope, status, instrument, reason, sample],
    canRead && ready,
  );
  const rows = list.items;
  const selected = rows.find((r) => r.id === selectedId) ?? (status === 'open' ? rows[0] : undefined);
  const siblings = useMemo(() => (selected ? sameSampleOpen(rows, selected) : []), [rows, selected]);
  const actionable = canEnter && selected?.status === 'open';

  const move = (step: number) => setSelectedId(moveSelection(rows, selected?.id, step));
  // Handled results leave the open queue at once; the selection moves on to the next one.
  const handled = (ids: string[]) => {
    setDismissing(false);
    const gone = new Set(ids);
    const after = rows.filter((r) => !gone.has(r.id));
    setSelectedId(nextAfter(rows, gone, after)?.id);
    list.edit(() => after);
  };

  useShortcuts('lis-unmatched', [
    { combo: 'F2', description: 'lisInst.keys.focusScan', handler: () => scanRef.current?.focus({ cursor: 'all' }) },
    { combo: 'F4', description: 'lisInst.keys.dismiss', handler: () => actionable && setDismissing(true) },
    { combo: 'ArrowDown', description: 'lisInst.keys.next', handler: () => move(1) },
    { combo: 'ArrowUp', description: 'lisInst.keys.previous', handler: () => move(-1) },
    { combo: 'Alt+R', description: 'lisInst.keys.refresh', handler: list.reload },
  ]);

  if (!canRead) return <Forbidden />;

  const time = (v?: string) => (v ? new Date(v).toLocaleString(locale) : '—');
  const columns: TableProps<UnmatchedResult>['columns'] = [
    {
      key: 'received',
      title: t('lisInst.um.received'),
      width: 80,
      render: (_, r) => <span title={time(r.receivedAt)}>{new Date(r.receivedAt).toLocaleTimeString(locale, { hour12: false })}</span>,
    },
    { key: 'instrument', title: t('lisInst.instrument'), dataIndex: 'instrumentCode', width: 76, ellipsis: true },
    { key: 'sample', title: t('lisInst.um.sample'), width: 124, render: (_, r) => <Typography.Text code>{r.sampleId}</Typography.Text> },
    {
      key: 'channel',
      title: `${t('lisInst.um.channel')} → ${t('lisInst.um.mappedTest')}`,
      width: 110,
      ellipsis: true,
      render: (_, r) => `${r.channel} → ${r.assignedTest ?? r.testCode ?? '—'}`,
    },
    { key: 'value', title: t('lisInst.um.value'), width: 92, render: (_, r) => <ResultValue value={r.value} unit={r.unit} interpretation={r.flags[0]} /> },
    { key: 'reason', title: t('lisInst.um.reason'), width: 104, render: (_, r) => <Tag color={REASON_COLOURS[r.reason]}>{t(reasonKey(r.reason))}</Tag> },
  ];

  return (
    <Card
      title={t('lisInst.um.title')}
      data-testid="unmatched-page"
      extra={
        <Space>
          {picker}
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('lisInst.refresh')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Status>
          value={status}
          onChange={(s) => {
            setStatus(s);
            setSelectedId(undefined);
          }}
          options={UNMATCHED_STATUSES.map((s) => ({ value: s, label: t(`lisInst.um.status.${s}`) }))}
        />
        <Select
          allowClear
          placeholder={t('lisInst.anyInstrument')}
          aria-label={t('lisInst.instrument')}
          style={{ width: 200 }}
          value={instrument}
          onChange={setInstrument}
          showSearch={{ optionFilterProp: 'label' }}
          options={(instruments.data ?? []).map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))}
        />
        <Select allowClear placeholder={t('lisInst.um.reason')} aria-label={t('lisInst.um.reason')} style={{ width: 170 }} value={reason} onChange={setReason} options={REASONS.map((r) => ({ value: r, label: t(reasonKey(r)) }))} />
        <Input.Search allowClear placeholder={t('lisInst.um.samplePlaceholder')} aria-label={t('lisInst.um.sample')} style={{ width: 200 }} onSearch={(v) => setSample(v.trim() || undefined)} />
      </Space>
      {list.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(list.error, locale) })} />}
      {!canEnter && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('lisInst.um.noPermission')} />}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Table<UnmatchedResult>
            rowKey="id"
            size="small"
            loading={list.loading}
            dataSource={rows}
            columns={columns}
            pagination={false}
            scroll={{ x: 'max-content', y: 520 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lisInst.um.empty')} /> }}
            rowSelection={{ type: 'radio', columnWidth: 32, selectedRowKeys: selected ? [selected.id] : [], onChange: (keys) => setSelectedId(String(keys[0])) }}
            onRow={(r) => ({ onClick: () => setSelectedId(r.id), style: { cursor: 'pointer' } })}
          />
          <Space style={{ marginTop: 12 }}>
            <Button onClick={list.loadMore} disabled={!list.hasMore}>
              {list.hasMore ? t('lisInst.loadMore') : t('lisInst.noMore')}
            </Button>
            <Typography.Text type="secondary">{t('lisInst.shown', { count: rows.length })}</Typography.Text>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          {selected ? (
            <Card size="small" type="inner" title={actionable ? t('lisInst.um.assignTitle') : `${selected.instrumentCode} · ${selected.sampleId}`}>
              <UnmatchedDetail result={selected} testName={tests.nameOf} />
              {actionable && (
                <>
                  <AssignPanel
                    key={selected.id}
                    result={selected}
                    siblings={siblings}
                    tests={tests}
                    canMapChannels={canMapChannels}
                    scope={scope}
                    scanRef={scanRef}
                    onMove={move}
                    onAssigned={handled}
                    onDismiss={() => setDismissing(true)}
                  />
                  <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
                    {t('lisInst.um.keysHint')}
                  </Typography.Paragraph>
                </>
              )}
            </Card>
          ) : (
            <Empty style={{ marginTop: 48 }} description={t('lisInst.um.selectHint')} />
          )}
        </Col>
      </Row>
      {dismissing && selected && <DismissDialog result={selected} siblings={siblings} scope={scope} onClose={() => setDismissing(false)} onDismissed={handled} />}
    </Card>
  );
}
