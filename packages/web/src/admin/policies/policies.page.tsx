import { useMemo, useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { errorText } from '../common/errors.ts';
import { Forbidden } from '../common/forbidden.tsx';
import { useInstitutions } from '../common/use-institutions.ts';
import { useLoad } from '../common/use-load.ts';
import { useRoles } from '../common/use-roles.ts';
import { listClients } from '../clients.api.ts';
import { supportedResourceTypes } from '../fhir.api.ts';
import { deletePolicy, listPolicies, type AccessPolicy } from '../policies.api.ts';
import { PolicyEditor } from './policy-editor.tsx';
import { policyConditions, policySubjects } from './policy-form.ts';
import { PolicyPreview } from './policy-preview.tsx';

/** 访问策略: the access policies evaluated in the store, their editor, and "what can user X see?". */
export default function PoliciesPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const allowed = holds(me.permissions, 'admin.policy.manage');
  const policies = useLoad(listPolicies, [], allowed);
  const { roles, roleName } = useRoles(me.permissions, locale);
  const clients = useLoad(listClients, [], allowed && holds(me.permissions, 'admin.client.manage'));
  const { institutions, nameOf } = useInstitutions(allowed);
  const types = useLoad(supportedResourceTypes, [], allowed);
  const [editing, setEditing] = useState<AccessPolicy | 'new' | null>(null);
  const existingIds = useMemo(() => (policies.data ?? []).map((p) => p.id), [policies.data]);

  if (!allowed) return <Forbidden />;

  const remove = async (p: AccessPolicy) => {
    try {
      await deletePolicy(p.id);
      message.success(t('admin.common.deleted'));
      policies.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  const subjectLabel = (s: ReturnType<typeof policySubjects>[number]) =>
    s.kind === 'everyone' ? t('admin.policies.everyone') : s.kind === 'role' ? roleName(s.value) : s.kind === 'user' ? `${t('admin.policies.userPrefix')}${s.value}` : `${t('admin.policies.clientPrefix')}${s.value}`;
  const conditionValue = (dimension: string, v: string) => (dimension === 'institutions' ? (v === '$own' ? t('admin.policies.ownInstitution') : nameOf(v)) : v);

  const columns: TableProps<AccessPolicy>['columns'] = [
    {
      title: t('admin.policies.name'),
      key: 'name',
      width: 260,
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          <span>{p.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.id}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('admin.policies.effect'), dataIndex: 'effect', width: 80, render: (e: string) => <Tag color={e === 'allow' ? 'green' : 'red'}>{t(e === 'allow' ? 'admin.policies.allow' : 'admin.policies.deny')}</Tag> },
    { title: t('admin.policies.access'), dataIndex: 'access', width: 100, render: (a: string[]) => a.map((x) => t(x === 'read' ? 'admin.policies.access.read' : 'admin.policies.access.write')).join(' / ') },
    {
      title: t('admin.policies.subjects'),
      key: 'subjects',
      width: 200,
      render: (_, p) => (
        <Space size={[4, 4]} wrap>
          {policySubjects(p).map((s) => (
            <Tag key={`${s.kind}:${s.value}`}>{subjectLabel(s)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('admin.policies.conditions'),
      key: 'conditions',
      render: (_, p) => {
        const conditions = policyConditions(p);
        if (!conditions.length) return <Typography.Text type="secondary">{t('admin.policies.noConditions')}</Typography.Text>;
        return (
          <Space orientation="vertical" size={0}>
            {conditions.map((c) => (
              <span key={c.dimension}>
                <Typography.Text type="secondary">{t(`admin.policies.dim.${c.dimension}`)}：</Typography.Text>
                {c.values.map((v) => conditionValue(c.dimension, v)).join('、')}
              </span>
            ))}
          </Space>
        );
      },
    },
    { title: t('admin.policies.active'), dataIndex: 'active', width: 80, render: (a?: boolean) => (a === false ? <Tag>{t('admin.policies.inactive')}</Tag> : <Tag color="success">{t('admin.policies.activeTag')}</Tag>) },
    {
      title: t('admin.common.actions'),
      key: 'actions',
      width: 130,
      render: (_, p) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(p)}>
            {t('admin.common.edit')}
          </Button>
          <Popconfirm title={t('admin.policies.deleteConfirm', { id: p.id })} onConfirm={() => remove(p)}>
            <Button type="link" size="small" danger>
              {t('admin.common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('admin.policies.title')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} aria-label={t('admin.common.refresh')} onClick={policies.reload} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('admin.policies.create')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('admin.policies.intro')}</Typography.Paragraph>
        <Table<AccessPolicy> rowKey="id" size="small" loading={policies.loading} columns={columns} dataSource={policies.data ?? []} pagination={false} scroll={{ x: 1000 }} />
      </Card>
      <Card title={t('admin.policies.preview.title')} size="small">
        <PolicyPreview institutions={institutions} resourceTypes={types.data ?? ['Patient']} />
      </Card>
      <PolicyEditor
        policy={editing}
        existingIds={existingIds}
        roles={roles}
        roleName={roleName}
        clients={clients.data ?? []}
        institutions={institutions}
        resourceTypes={types.data ?? []}
        onClose={() => setEditing(null)}
        onSaved={policies.reload}
      />
    </Space>
  );
}
