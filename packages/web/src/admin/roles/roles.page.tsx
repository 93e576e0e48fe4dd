import { useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { CopyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { errorText } from '../common/errors.ts';
import { Forbidden } from '../common/forbidden.tsx';
import { useLoad } from '../common/use-load.ts';
import { useRoles } from '../common/use-roles.ts';
import { deleteRole, listPermissions, type Role } from '../roles.api.ts';
import { RoleEditor, type RoleEditorProps } from './role-editor.tsx';

/** 角色权限: roles and their operation-level permissions; built-in roles can be viewed and copied, not changed. */
export default function RolesPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const allowed = holds(me.permissions, 'admin.role.manage');
  const { roles, roleName, loading, reload } = useRoles(me.permissions, locale);
  const permissions = useLoad(listPermissions, [], allowed);
  const [target, setTarget] = useState<RoleEditorProps['target']>(null);

  if (!allowed) return <Forbidden />;

  const remove = async (role: Role) => {
    try {
      await deleteRole(role.id);
      message.success(t('admin.common.deleted'));
      reload();
    } catch (err) {
      // 409: still assigned to users or clients (the server says which).
      message.error(errorText(err, locale));
    }
  };

  const columns: TableProps<Role>['columns'] = [
    { title: t('admin.roles.id'), dataIndex: 'id', width: 180 },
    { title: t('admin.roles.name'), key: 'name', width: 180, render: (_, r) => roleName(r.id) },
    { title: t('admin.roles.kind'), dataIndex: 'builtIn', width: 100, render: (v: boolean) => (v ? <Tag color="gold">{t('admin.roles.builtIn')}</Tag> : <Tag>{t('admin.roles.custom')}</Tag>) },
    {
      title: t('admin.roles.permissionsColumn'),
      key: 'permissions',
      render: (_, r) =>
        r.permissions.includes('*') ? (
          <Tag color="red">{t('admin.roles.allPermissions')}</Tag>
        ) : (
          <Typography.Text ellipsis style={{ maxWidth: 480 }}>
            {r.permissions.join(', ')}
          </Typography.Text>
        ),
    },
    {
      title: t('admin.common.actions'),
      key: 'actions',
      width: 200,
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', role: r })}>
            {r.builtIn ? t('admin.common.view') : t('admin.common.edit')}
          </Button>
          <Button type="link" size="small" icon={<CopyOutlined />} onClick={() => setTarget({ mode: 'copy', role: r })}>
            {t('admin.roles.copy')}
          </Button>
          {!r.builtIn && (
            <Popconfirm title={t('admin.roles.deleteConfirm', { id: r.id })} onConfirm={() => remove(r)}>
              <Button type="link" size="small" danger>
                {t('admin.common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('admin.roles.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} aria-label={t('admin.common.refresh')} onClick={reload} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'new' })}>
            {t('admin.roles.create')}
          </Button>
        </Space>
      }
    >
      <Table<Role> rowKey="id" size="small" loading={loading || permissions.loading} columns={columns} dataSource={roles} pagination={false} scroll={{ x: 900 }} />
      <RoleEditor
        target={target}
        roles={roles}
        permissions={permissions.data ?? []}
        onClose={() => setTarget(null)}
        onSaved={reload}
        onCopy={(role) => setTarget({ mode: 'copy', role })}
      />
    </Card>
  );
}
