import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { errorText } from '../common/errors.ts';
import { Forbidden } from '../common/forbidden.tsx';
import { useInstitutions } from '../common/use-institutions.ts';
import { useLoad } from '../common/use-load.ts';
import { useRoles } from '../common/use-roles.ts';
import { listClients, registerClient, revokeClient, type AdminClient, type NewClient } from '../clients.api.ts';
import { grantableInstitutions } from '../users/user-admin.ts';
import { validated } from '../common/forms.ts';

/** 接口客户端: systems that call the platform with OAuth2 client credentials; register (secret shown once), revoke. */
export default function ClientsPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const allowed = holds(me.permissions, 'admin.client.manage');
  const clients = useLoad(listClients, [], allowed);
  const { institutions, nameOf } = useInstitutions(allowed);
  const { roles, roleName } = useRoles(me.permissions, locale);
  const [form] = Form.useForm<NewClient>();
  const [registering, setRegistering] = useState(false);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<{ clientId: string; clientSecret: string; name: string } | null>(null);

  if (!allowed) return <Forbidden />;
  const grantable = grantableInstitutions(
    me,
    institutions.map((i) => i.id),
  );

  const register = async () => {
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      const creds = await registerClient({ name: v.name.trim(), roles: v.roles, ...(v.institution ? { institution: v.institution } : {}) });
      setRegistering(false);
      setSecret({ ...creds, name: v.name.trim() });
      clients.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (c: AdminClient) => {
    try {
      await revokeClient(c.clientId);
      message.success(t('admin.clients.revoked', { name: c.name }));
      clients.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  const date = (v?: string) => (v ? new Date(v).toLocaleString(locale) : '—');
  const columns: TableProps<AdminClient>['columns'] = [
    { title: t('admin.clients.name'), dataIndex: 'name', width: 180 },
    { title: t('admin.clients.clientId'), dataIndex: 'clientId', width: 240, render: (v: string) => <Typography.Text copyable={{ text: v }}>{v}</Typography.Text> },
    { title: t('admin.clients.institution'), dataIndex: 'institution', width: 180, render: (v?: string) => (v ? nameOf(v) : t('admin.users.regionWide')) },
    {
      title: t('admin.clients.roles'),
      dataIndex: 'roles',
      render: (rs: string[]) => (
        <Space size={[4, 4]} wrap>
          {rs.map((r) => (
            <Tag key={r} color="blue">
              {roleName(r)}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: t('admin.clients.status'), dataIndex: 'active', width: 90, render: (a: boolean) => (a ? <Tag color="success">{t('admin.clients.active')}</Tag> : <Tag>{t('admin.clients.revokedTag')}</Tag>) },
    { title: t('admin.clients.createdAt'), dataIndex: 'createdAt', width: 170, render: date },
    { title: t('admin.clients.lastUsedAt'), dataIndex: 'lastUsedAt', width: 170, render: date },
    {
      title: t('admin.common.actions'),
      key: 'actions',
      width: 90,
      render: (_, c) =>
        c.active && (
          <Popconfirm title={t('admin.clients.revokeConfirm', { name: c.name })} description={t('admin.clients.revokeHint')} onConfirm={() => revoke(c)}>
            <Button type="link" size="small" danger>
              {t('admin.clients.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={t('admin.clients.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} aria-label={t('admin.common.refresh')} onClick={clients.reload} />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              if (!grantable.regionWide) form.setFieldsValue({ institution: grantable.institutions[0] });
              setRegistering(true);
            }}
          >
            {t('admin.clients.register')}
          </Button>
        </Space>
      }
    >
      <Table<AdminClient> rowKey="clientId" size="small" loading={clients.loading} columns={columns} dataSource={clients.data ?? []} pagination={false} scroll={{ x: 1200 }} />
      <Modal open={registering} title={t('admin.clients.register')} okText={t('admin.clients.registerOk')} confirmLoading={busy} onOk={() => void register()} onCancel={() => setRegistering(false)} destroyOnHidden>
        <Form name="client" form={form} layout="vertical" preserve={false}>
          <Form.Item name="name" label={t('admin.clients.name')} rules={[{ required: true, whitespace: true, message: t('admin.clients.nameRequired') }]}>
            <Input maxLength={100} placeholder={t('admin.clients.namePlaceholder')} />
          </Form.Item>
          <Form.Item name="institution" label={t('admin.clients.institution')} extra={grantable.regionWide ? t('admin.clients.institutionHint') : undefined}>
            <Select
              allowClear={grantable.regionWide}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('admin.users.regionWide')}
              options={grantable.institutions.map((id) => ({ value: id, label: nameOf(id) }))}
            />
          </Form.Item>
          <Form.Item name="roles" label={t('admin.clients.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('admin.clients.rolesRequired') }]}>
            <Select mode={roles.length ? 'multiple' : 'tags'} showSearch={{ optionFilterProp: 'label' }} options={roles.map((r) => ({ value: r.id, label: roleName(r.id) }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!secret}
        title={t('admin.clients.secretTitle', { name: secret?.name ?? '' })}
        // Shown once means gone once confirmed: a hidden modal would keep the secret in the page.
        destroyOnHidden
        closable={false}
        keyboard={false}
        mask={{ closable: false }}
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {t('admin.clients.secretSaved')}
          </Button>
        }
      >
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('admin.clients.secretWarning')} />
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label="client_id">
            <Typography.Text copyable data-testid="client-id">
              {secret?.clientId}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="client_secret">
            <Typography.Text copyable code data-testid="client-secret">
              {secret?.clientSecret}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Modal>
    </Card>
  );
}
