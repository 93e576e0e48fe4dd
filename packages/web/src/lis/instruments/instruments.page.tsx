import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Select, Space, Switch, Table, Tag, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { errorText } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { addressText, formValuesOf, instrumentInputOf } from './instrument-form.ts';
import { InstrumentDrawer } from './instrument-drawer.tsx';
import { InstrumentStatusTag } from './instrument-status-tag.tsx';
import { instrumentsApi, type Instrument } from './instruments.api.ts';
import { useLabScope } from './lab-scope.tsx';
import { useCatalogueTests } from './use-catalogue-tests.ts';
import { STATUS_REFRESH_SECONDS, useInstrumentStatuses } from './use-instrument-statuses.ts';
import { useLabSections } from './use-lab-sections.ts';

const SHORT_TIME: Intl.DateTimeFormatOptions = { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };

/**
 * 仪器管理: the laboratory's analyzers with their live connection state (re-read every few seconds), created and
 * edited in a drawer — connection and channel map — and applied by the server without a restart. Reading needs
 * `lis.read`; changing needs `lis.instrument.manage`.
 */
export default function InstrumentsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const navigate = useNavigate();
  const canRead = holds(me.permissions, 'lis.read') || holds(me.permissions, 'lis.instrument.manage');
  const canManage = holds(me.permissions, 'lis.instrument.manage');
  const { scope, ready, picker } = useLabScope();
  const [showInactive, setShowInactive] = useState(false);
  const [section, setSection] = useState<string>();
  const [editing, setEditing] = useState<Instrument | 'new' | null>(null);
  const list = useLoad(() => instrumentsApi.list({ ...scope }), [scope], canRead && ready);
  const { statuses, refresh } = useInstrumentStatuses(list.data, scope);
  const sections = useLabSections();
  const tests = useCatalogueTests(scope, canManage && ready);

  const rows = useMemo(() => (list.data ?? []).filter((i) => (showInactive || i.active) && (!section || i.section === section)), [list.data, showInactive, section]);
  const sectionOptions = useMemo(() => {
    const codes = new Set([...(sections.concepts ?? []).map((c) => c.code), ...(list.data ?? []).flatMap((i) => (i.section ? [i.section] : []))]);
    return [...codes].map((code) => ({ value: code, label: sections.nameOf(code) }));
  }, [sections, list.data]);

  if (!canRead) return <Forbidden />;

  const reload = () => {
    list.reload();
    refresh();
  };

  const setActive = async (instrument: Instrument, active: boolean) => {
    try {
      if (active) {
        const saved = await instrumentsApi.save(instrumentInputOf(formValuesOf(instrument), true), instrument, scope);
        if (!saved.ok) throw new Error(saved.message);
      } else {
        await instrumentsApi.deactivate(instrument.id, scope);
      }
      message.success(t(active ? 'lisInst.list.activated' : 'lisInst.list.deactivated', { name: instrument.name }));
      reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  const time = (v?: string) => (v ? new Date(v).toLocaleString(locale, SHORT_TIME) : '—');
  // Code and actions stay in view when a narrow screen scrolls the table sideways.
  const columns: TableProps<Instrument>['columns'] = [
    { key: 'code', title: t('lisInst.form.code'), dataIndex: 'code', width: 90, fixed: 'left', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    {
      key: 'name',
      title: t('lisInst.form.name'),
      width: 180,
      ellipsis: true,
      render: (_, i) => (
        <Space orientation="vertical" size={0}>
          <span>{i.name}</span>
          {(i.manufacturer || i.model) && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{[i.manufacturer, i.model].filter(Boolean).join(' ')}</Typography.Text>}
        </Space>
      ),
    },
    { key: 'section', title: t('lisInst.list.section'), width: 70, render: (_, i) => sections.nameOf(i.section) },
    {
      key: 'connection',
      title: t('lisInst.form.protocol'),
      width: 110,
      render: (_, i) => (
        <Space size={4}>
          <Tag color={i.connection.protocol === 'hl7' ? 'geekblue' : 'purple'}>{i.connection.protocol.toUpperCase()}</Tag>
          <span>{t(`lisInst.modeShort.${i.connection.mode}`)}</span>
        </Space>
      ),
    },
    {
      key: 'address',
      title: t('lisInst.list.address'),
      width: 130,
      render: (_, i) => <Typography.Text style={{ fontFamily: 'monospace' }}>{addressText(i.connection, statuses.get(i.id)?.listening?.port)}</Typography.Text>,
    },
    { key: 'status', title: t('lisInst.list.status'), width: 110, render: (_, i) => <InstrumentStatusTag active={i.active} status={statuses.get(i.id)} /> },
    { key: 'lastMessage', title: t('lisInst.list.lastMessage'), width: 120, render: (_, i) => time(statuses.get(i.id)?.lastMessageAt) },
    {
      key: 'actions',
      title: t('lisInst.actions'),
      width: 150,
      fixed: 'right',
      render: (_, i) => (
        <Space size={0}>
          {canManage && (
            <Button type="link" size="small" onClick={() => setEditing(i)}>
              {t('lisInst.edit')}
            </Button>
          )}
          <Button type="link" size="small" onClick={() => void navigate(`/lis/instrument-messages?instrument=${encodeURIComponent(i.id)}`)}>
            {t('lisInst.list.messages')}
          </Button>
          {canManage &&
            (i.active ? (
              <Popconfirm title={t('lisInst.list.deactivateConfirm', { name: i.name })} onConfirm={() => setActive(i, false)}>
                <Button type="link" size="small" danger>
                  {t('lisInst.list.deactivate')}
                </Button>
              </Popconfirm>
            ) : (
              <Button type="link" size="small" onClick={() => void setActive(i, true)}>
                {t('lisInst.list.activate')}
              </Button>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('lisInst.list.title')}
      data-testid="instruments-page"
      extra={
        <Space wrap>
          {picker}
          <Select allowClear placeholder={t('lisInst.list.section')} aria-label={t('lisInst.list.section')} style={{ width: 140 }} value={section} onChange={setSection} options={sectionOptions} />
          <Space size={4}>
            <Switch size="small" checked={showInactive} onChange={setShowInactive} aria-label={t('lisInst.list.showInactive')} />
            <span>{t('lisInst.list.showInactive')}</span>
          </Space>
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('lisInst.refresh')}
          </Button>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} disabled={!ready}>
              {t('lisInst.list.add')}
            </Button>
          )}
        </Space>
      }
    >
      {list.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(list.error, locale) })} />}
      <Table<Instrument>
        rowKey="id"
        size="middle"
        loading={list.loading && !list.data}
        dataSource={rows}
        columns={columns}
        scroll={{ x: 960 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('lisInst.list.empty') }}
        rowClassName={(i) => (i.active ? '' : 'ant-table-row-disabled')}
        onRow={(i) => ({ onDoubleClick: () => canManage && setEditing(i) })}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('lisInst.list.autoRefresh', { seconds: STATUS_REFRESH_SECONDS })}
      </Typography.Text>
      {editing && (
        <InstrumentDrawer
          editing={editing}
          scope={scope}
          tests={tests}
          sections={sections.concepts}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </Card>
  );
}
