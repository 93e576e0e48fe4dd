import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Result, Select, Space, Table, Tag, type TableProps } from 'antd';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { actionOf, searchAudit, verifyAudit, type AuditEventView, type AuditVerifyResult } from '../api/audit.api.ts';
import { AUDIT_OUTCOMES, auditQuery, type AuditFilters } from '../admin/audit/audit-filters.ts';
import { RemoteSelect } from '../admin/common/remote-select.tsx';
import { userOptions } from '../admin/common/user-options.ts';
import { useInstitutions } from '../admin/common/use-institutions.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { can, useSession } from '../session/session.context.tsx';

// Actions the kernel records (kernel AuditAction); the select also accepts any other text.
const ACTIONS = ['read', 'vread', 'search', 'create', 'update', 'patch', 'delete', 'history', 'login', 'logout', 'export', 'print', 'operation'];
const OUTCOME_COLOURS: Record<string, string> = { '0': 'success', '4': 'warning', '8': 'error', '12': 'error' };

/** 审计日志: search the hash-chained audit log and verify the chain. Needs audit.read; verifying needs audit.verify. */
export default function AuditPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const [form] = Form.useForm<AuditFilters>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [data, setData] = useState<{ total: number; entries: AuditEventView[] }>({ total: 0, entries: [] });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verdict, setVerdict] = useState<AuditVerifyResult | null>(null);
  const allowed = can(session, 'audit.read');
  // Users are picked by name where the auditor may list them; otherwise the agent id is typed.
  const pickUsers = can(session, 'admin.user.manage');
  const regionAdmin = !!session.me.regionAdmin;
  const { institutions } = useInstitutions(allowed && regionAdmin);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await searchAudit(auditQuery(filters, page.current, page.pageSize)));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  }, [filters, page]);
  useEffect(() => {
    if (allowed) void load();
  }, [allowed, load]);

  if (!allowed) return <Result status="403" title="403" />;

  const verify = async () => {
    setVerifying(true);
    try {
      setVerdict(await verifyAudit());
    } catch (err) {
      setVerdict({ ok: false, count: 0, brokenAt: 0, reason: err instanceof Error ? err.message : String(err) });
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableProps<AuditEventView>['columns'] = [
    { title: t('audit.col.seq'), dataIndex: 'id', width: 80 },
    { title: t('audit.col.recorded'), dataIndex: 'recorded', width: 180, render: (v: string) => new Date(v).toLocaleString(locale) },
    { title: t('audit.col.action'), key: 'action', width: 110, render: (_, e) => <Tag>{actionOf(e)}</Tag> },
    { title: t('audit.col.agent'), key: 'agent', render: (_, e) => e.agent?.[0]?.altId ?? e.agent?.[0]?.who?.display },
    { title: t('audit.col.institution'), key: 'institution', render: (_, e) => e.source?.site },
    { title: t('audit.col.resource'), key: 'resource', render: (_, e) => e.entity?.[0]?.what?.reference ?? e.entity?.[0]?.type?.code },
    {
      title: t('audit.col.outcome'),
      dataIndex: 'outcome',
      width: 100,
      render: (v: string = '0') => <Tag color={OUTCOME_COLOURS[v]}>{t(`audit.outcome.${v}` as MessageKey)}</Tag>,
    },
    { title: t('audit.col.source'), key: 'source', render: (_, e) => e.agent?.[0]?.network?.address },
    { title: t('audit.col.detail'), dataIndex: 'outcomeDesc', ellipsis: true },
  ];

  return (
    <Card
      title={t('audit.title')}
      extra={
        can(session, 'audit.verify') && (
          <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()}>
            {t('audit.verify')}
          </Button>
        )
      }
    >
      {verdict && (
        <Alert
          data-testid="audit-verdict"
          style={{ marginBottom: 16 }}
          showIcon
          closable
          onClose={() => setVerdict(null)}
          type={verdict.ok ? 'success' : 'error'}
          title={verdict.ok ? t('audit.verifyOk', { count: verdict.count }) : t('audit.verifyBroken', { brokenAt: verdict.brokenAt, reason: verdict.reason })}
        />
      )}
      <Form
        name="audit-filter"
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          setFilters(values);
          setPage((p) => ({ ...p, current: 1 }));
        }}
      >
        <Form.Item name="range" label={t('audit.timeRange')}>
          <DatePicker.RangePicker showTime />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Select allowClear showSearch placeholder={t('common.any')} style={{ width: 140 }} options={ACTIONS.map((a) => ({ value: a, label: a }))} />
        </Form.Item>
        <Form.Item name="agent" label={pickUsers ? t('admin.audit.user') : t('audit.agentId')}>
          {pickUsers ? (
            <RemoteSelect
              single
              aria-label={t('admin.audit.user')}
              search={(text) => userOptions(text, 'id')}
            />
          ) : (
            <Select mode="tags" maxCount={1} allowClear style={{ width: 160 }} aria-label={t('audit.agentId')} />
          )}
        </Form.Item>
        <Form.Item name="resourceType" label={t('audit.resourceType')}>
          <Input allowClear style={{ width: 140 }} placeholder="Patient" />
        </Form.Item>
        <Form.Item name="resourceId" label={t('admin.audit.resource')}>
          <Input allowClear style={{ width: 180 }} placeholder="Patient/demo-p1" />
        </Form.Item>
        <Form.Item name="patientId" label={t('admin.audit.patient')}>
          <Input allowClear style={{ width: 140 }} placeholder="demo-p1" />
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.col.outcome')}>
          <Select allowClear placeholder={t('common.any')} style={{ width: 120 }} options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))} />
        </Form.Item>
        {regionAdmin && (
          <Form.Item name="institution" label={t('audit.col.institution')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.any')} style={{ width: 200 }} options={institutions.map((i) => ({ value: i.id, label: i.name }))} />
          </Form.Item>
        )}
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('audit.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
              setPage((p) => ({ ...p, current: 1 }));
            }}
          >
            {t('audit.reset')}
          </Button>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('shell.loadFailed', { message: error })} />}
      <Table<AuditEventView>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data.entries}
        scroll={{ x: 1100 }}
        pagination={{
          current: page.current,
          pageSize: page.pageSize,
          total: data.total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('audit.total', { total }),
          onChange: (current, pageSize) => setPage({ current, pageSize }),
        }}
      />
    </Card>
  );
}
