import { useState } from 'react';
import { Button, Empty, List, Popconfirm, Select, Space, Tag } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { Role } from '../roles.api.ts';
import type { InstitutionOption } from '../common/use-institutions.ts';
import type { RoleAssignment } from '../users.api.ts';
import { grantableInstitutions } from './user-admin.ts';

export interface GrantsEditorProps {
  grants: RoleAssignment[];
  onAdd(grant: RoleAssignment): Promise<void> | void;
  onRemove(grant: RoleAssignment): Promise<void> | void;
  roles: Role[];
  roleName(id: string): string;
  institutions: InstitutionOption[];
  nameOf(id: string | undefined): string;
  me: { regionAdmin?: boolean; institution?: string };
  /** Removing asks for confirmation (the change is applied at once, not when a form is saved). */
  confirmRemove?: boolean;
}

/** Roles per institution (角色分配): the list of grants, remove, and add a role in an institution or region-wide. */
export function GrantsEditor({ grants, onAdd, onRemove, roles, roleName, institutions, nameOf, me, confirmRemove }: GrantsEditorProps) {
  const { t } = useI18n();
  const grantable = grantableInstitutions(
    me,
    institutions.map((i) => i.id),
  );
  const [role, setRole] = useState<string | undefined>();
  const [institution, setInstitution] = useState<string | undefined>(grantable.regionWide ? undefined : grantable.institutions[0]);
  const [busy, setBusy] = useState(false);

  const add = async () => {
    if (!role) return;
    setBusy(true);
    try {
      await onAdd({ role, ...(institution ? { institution } : {}) });
      setRole(undefined);
    } finally {
      setBusy(false);
    }
  };

  const label = (g: RoleAssignment) => (
    <Space size={4} wrap>
      <Tag color="blue">{roleName(g.role)}</Tag>
      <span>{g.institution ? nameOf(g.institution) : t('admin.users.regionWide')}</span>
    </Space>
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {grants.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.users.noRoles')} />
      ) : (
        <List
          size="small"
          bordered
          dataSource={grants}
          renderItem={(g) => (
            <List.Item
              data-testid={`grant-${g.role}`}
              actions={[
                confirmRemove ? (
                  <Popconfirm key="remove" title={t('admin.users.removeRoleConfirm', { role: roleName(g.role) })} onConfirm={() => onRemove(g)}>
                    <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={t('admin.users.removeRole')} />
                  </Popconfirm>
                ) : (
                  <Button key="remove" size="small" type="link" danger icon={<DeleteOutlined />} aria-label={t('admin.users.removeRole')} onClick={() => void onRemove(g)} />
                ),
              ]}
            >
              {label(g)}
            </List.Item>
          )}
        />
      )}
      <Space.Compact style={{ width: '100%' }}>
        <Select<string | string[]>
          aria-label={t('admin.users.role')}
          style={{ width: '45%' }}
          placeholder={t('admin.users.role')}
          showSearch={{ optionFilterProp: 'label' }}
          // Without admin.role.manage the role list cannot be read: the id is typed and the server checks it.
          mode={roles.length ? undefined : 'tags'}
          maxCount={roles.length ? undefined : 1}
          value={roles.length ? role : role ? [role] : []}
          onChange={(v) => setRole(Array.isArray(v) ? v[0] : v)}
          options={roles.map((r) => ({ value: r.id, label: roleName(r.id) }))}
        />
        <Select<string>
          aria-label={t('admin.users.institution')}
          style={{ width: '40%' }}
          placeholder={grantable.regionWide ? t('admin.users.regionWide') : t('admin.users.institution')}
          allowClear={grantable.regionWide}
          showSearch={{ optionFilterProp: 'label' }}
          value={institution}
          onChange={setInstitution}
          options={grantable.institutions.map((id) => ({ value: id, label: nameOf(id) }))}
        />
        <Button icon={<PlusOutlined />} disabled={!role} loading={busy} onClick={() => void add()}>
          {t('admin.users.addRole')}
        </Button>
      </Space.Compact>
    </Space>
  );
}
