import { useState } from 'react';
import { App, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { KeyOutlined, PlusOutlined, ReloadOutlined, SearchOutlined, UnlockOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { useParameter } from '../../widgets/parameters/parameters.context.tsx';
import { errorText } from '../common/errors.ts';
import { Forbidden } from '../common/forbidden.tsx';
import { useInstitutions } from '../common/use-institutions.ts';
import { useLoad } from '../common/use-load.ts';
import { useRoles } from '../common/use-roles.ts';
import { listUsers, updateUser, type AdminUser } from '../users.api.ts';
import { PasswordModal } from './password-modal.tsx';
import { UserDrawer } from './user-drawer.tsx';
import { userStatus } from './user-admin.ts';

interface Filters {
  search?: string;
  institution?: string;
  role?: string;
}

const STATUS_COLOURS = { active: 'success', locked: 'warning', inactive: 'default' } as const;

/** 用户管理: search users, create, edit, reset passwords, unlock, activate/deactivate, roles per institution. */
export default function UsersPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const allowed = holds(me.permissions, 'admin.user.manage');
  const { institutions, nameOf } = useInstitutions(allowed);
  const { roles, roleName } = useRoles(me.permissions, locale);
  const [filterForm] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const defaultPageSize = useParameter('ui.pageSize', 20);
  const [page, setPage] = useState<{ current: number; pageSize?: number }>({ current: 1 });
  const pageSize = page.pageSize ?? defaultPageSize;
  const list = useLoad(() => listUsers({ ...filters, count: pageSize, offset: (page.current - 1) * pageSize }), [filters, page.current, pageSize], allowed);
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);

  if (!allowed) return <Forbidden />;

  const patch = async (u: AdminUser, change: Parameters<typeof updateUser>[1], done: string) => {
    try {
      await updateUser(u.id, change);
      message.success(done);
      list.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  const columns: TableProps<AdminUser>['columns'] = [
    { title: t('admin.users.username'), dataIndex: 'username', width: 150, render: (v: string, u) => (u.regionAdmin ? <Space size={4}>{v}<Tag color="gold">{t('admin.users.regionAdmin')}</Tag></Space> : v) },
    { title: t('admin.users.displayName'), dataIndex: 'displayName', width: 120 },
    {
      title: t('admin.users.roles'),
      key: 'roles',
      render: (_, u) => (
        <Space size={[4, 4]} wrap>
          {u.roles.map((g) => (
            <Tag key={`${g.role}@${g.institution ?? ''}`} color="blue">
              {roleName(g.role)}
              {g.institution ? ` · ${nameOf(g.institution)}` : ''}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('admin.users.status'),
      key: 'status',
      width: 90,
      render: (_, u) => {
        const s = userStatus(u);
        return <Tag color={STATUS_COLOURS[s]}>{t(`admin.users.status.${s}`)}</Tag>;
      },
    },
    { title: t('admin.users.lastLogin'), dataIndex: 'lastLoginAt', width: 160, render: (v?: string) => (v ? new Date(v).toLocaleString(locale) : '—') },
    {
      title: t('admin.common.actions'),
      key: 'actions',
      width: 270,
      render: (_, u) => {
        const s = userStatus(u);
        return (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setEditing(u)}>
              {t('admin.common.edit')}
            </Button>
            <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setResetting(u)}>
              {t('admin.users.resetPassword')}
            </Button>
            {s === 'locked' && (
              <Button type="link" size="small" icon={<UnlockOutlined />} onClick={() => void patch(u, { unlock: true }, t('admin.users.unlocked', { username: u.username }))}>
                {t('admin.users.unlock')}
              </Button>
            )}
            {u.id !== me.id &&
              (u.active ? (
                <Popconfirm title={t('admin.users.deactivateConfirm', { username: u.username })} onConfirm={() => patch(u, { active: false }, t('admin.users.deactivated', { username: u.username }))}>
                  <Button type="link" size="small" danger>
                    {t('admin.users.deactivate')}
                  </Button>
                </Popconfirm>
              ) : (
                <Button type="link" size="small" onClick={() => void patch(u, { active: true }, t('admin.users.activated', { username: u.username }))}>
                  {t('admin.users.activate')}
                </Button>
              ))}
          </Space>
        );
      },
    },
  ];

  const search = (values: Filters) => {
    setFilters({ search: values.search?.trim() || undefined, institution: values.institution, role: values.role });
    setPage((p) => ({ ...p, current: 1 }));
  };

  return (
    <Card
      title={t('admin.users.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('admin.common.refresh')} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('admin.users.create')}
          </Button>
        </Space>
      }
    >
      <Form name="user-filter" form={filterForm} layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={search}>
        <Form.Item name="search" label={t('admin.users.search')}>
          <Input allowClear placeholder={t('admin.users.searchPlaceholder')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="institution" label={t('admin.users.institution')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.any')} style={{ width: 200 }} options={institutions.map((i) => ({ value: i.id, label: i.name }))} />
        </Form.Item>
        <Form.Item name="role" label={t('admin.users.role')}>
          {roles.length ? (
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.any')} style={{ width: 160 }} options={roles.map((r) => ({ value: r.id, label: roleName(r.id) }))} />
          ) : (
            <Input allowClear style={{ width: 160 }} />
          )}
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('admin.common.search')}
          </Button>
          <Button
            onClick={() => {
              filterForm.resetFields();
              search({});
            }}
          >
            {t('admin.common.reset')}
          </Button>
        </Space>
      </Form>
      {list.error !== undefined && <Typography.Text type="danger">{t('shell.loadFailed', { message: errorText(list.error, locale) })}</Typography.Text>}
      <Table<AdminUser>
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.users ?? []}
        scroll={{ x: 1000 }}
        pagination={{
          current: page.current,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('admin.common.total', { total }),
          onChange: (current, size) => setPage({ current, pageSize: size }),
        }}
      />
      <UserDrawer user={editing} onClose={() => setEditing(null)} onChanged={list.reload} {...{ roles, roleName, institutions, nameOf, me }} />
      <PasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}
