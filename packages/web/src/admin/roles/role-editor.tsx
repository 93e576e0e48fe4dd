import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, Space, Tree, Typography, type TreeDataNode } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { localized } from '../../shell/menu.ts';
import { useSession } from '../../session/session.context.tsx';
import { errorText } from '../common/errors.ts';
import { saveRole, type PermissionInfo, type Role } from '../roles.api.ts';
import { checkedPermissions, filterPermissionTree, leafPermissions, mergeVisibleChecks, permissionsToSave, permissionTree, type PermissionNode } from './permission-tree.ts';
import { validated } from '../common/forms.ts';

/** Role ids travel in URLs and tokens: lower-case letters, digits and dashes, as the built-in ones. */
export const ROLE_ID_PATTERN = /^[a-z][a-z0-9-]{1,63}$/;

// Kernel permission namespaces have no module manifest to name them.
const KERNEL_NAMESPACES: Record<string, MessageKey> = {
  fhir: 'admin.roles.ns.fhir',
  data: 'admin.roles.ns.data',
  audit: 'admin.roles.ns.audit',
  admin: 'admin.roles.ns.admin',
};

export interface RoleEditorProps {
  /** The role to edit or view; `copyOf` starts a new role from an existing one's permissions; `new` an empty one. */
  target: { mode: 'edit'; role: Role } | { mode: 'copy'; role: Role } | { mode: 'new' } | null;
  roles: Role[];
  permissions: PermissionInfo[];
  onClose(): void;
  onSaved(): void;
  onCopy(role: Role): void;
}

interface RoleForm {
  id: string;
  nameZh: string;
  nameEn: string;
}

/** Role editor: names and the operation-level permission tree; built-in roles are shown read-only with "copy". */
export function RoleEditor({ target, roles, permissions, onClose, onSaved, onCopy }: RoleEditorProps) {
  const { t, locale } = useI18n();
  const { modules } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<RoleForm>();
  const [checked, setChecked] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const source = target && target.mode !== 'new' ? target.role : undefined;
  const readOnly = target?.mode === 'edit' && target.role.builtIn;
  const declared = useMemo(() => permissions.map((p) => p.id), [permissions]);

  const tree = useMemo(
    () =>
      permissionTree(permissions, locale, (module) => {
        const manifest = modules.find((m) => m.module === module);
        if (manifest) return localized(manifest.title, locale);
        return KERNEL_NAMESPACES[module] ? t(KERNEL_NAMESPACES[module]) : module;
      }),
    [permissions, locale, modules, t],
  );
  const shown = useMemo(() => filterPermissionTree(tree, filter), [tree, filter]);

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setFilter('');
    if (target.mode === 'edit') form.setFieldsValue({ id: target.role.id, nameZh: target.role.nameZh, nameEn: target.role.nameEn });
    if (target.mode === 'copy') form.setFieldsValue({ id: `${target.role.id}-copy`, nameZh: t('admin.roles.copyName', { name: target.role.nameZh }), nameEn: `${target.role.nameEn} (copy)` });
    setChecked(source ? checkedPermissions(source.permissions, declared) : []);
  }, [target, source, declared, form, t]);

  const toAntd = (nodes: PermissionNode[]): TreeDataNode[] =>
    nodes.map((n) => ({
      key: n.key,
      title: n.permission ? (
        <Space size={6}>
          <span>{n.title}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {n.permission}
          </Typography.Text>
        </Space>
      ) : (
        <strong>{n.title}</strong>
      ),
      children: n.children ? toAntd(n.children) : undefined,
    }));

  const save = async () => {
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      const id = target?.mode === 'edit' ? target.role.id : v.id.trim();
      // PUT creates or replaces: a new role must not silently overwrite an existing one.
      if (target?.mode !== 'edit' && roles.some((r) => r.id === id)) {
        form.setFields([{ name: 'id', errors: [t('admin.roles.idTaken')] }]);
        return;
      }
      // A copy starts from the source's grants, so its wildcards survive as long as nothing under them is unchecked.
      await saveRole(id, { nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), permissions: permissionsToSave(checked, source?.permissions ?? [], declared) });
      message.success(t('admin.common.saved'));
      onSaved();
      onClose();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  const title = !target ? '' : target.mode === 'new' ? t('admin.roles.create') : target.mode === 'copy' ? t('admin.roles.copyTitle', { id: target.role.id }) : readOnly ? t('admin.roles.viewTitle', { id: target.role.id }) : t('admin.roles.editTitle', { id: target.role.id });

  return (
    <Drawer
      open={!!target}
      size={640}
      title={title}
      onClose={onClose}
      destroyOnHidden
      extra={
        readOnly ? (
          <Button icon={<CopyOutlined />} onClick={() => onCopy(source!)}>
            {t('admin.roles.copy')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('admin.common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => void save()}>
              {t('admin.common.save')}
            </Button>
          </Space>
        )
      }
    >
      {readOnly && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('admin.roles.builtInReadOnly')} />}
      <Form name="role" form={form} layout="vertical" disabled={readOnly}>
        <Form.Item
          name="id"
          label={t('admin.roles.id')}
          rules={[
            { required: true, message: t('admin.roles.idRequired') },
            { pattern: ROLE_ID_PATTERN, message: t('admin.roles.idInvalid') },
          ]}
        >
          <Input disabled={target?.mode === 'edit'} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="nameZh" label={t('admin.roles.nameZh')} rules={[{ required: true, whitespace: true, message: t('admin.roles.nameRequired') }]} style={{ width: '50%' }}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('admin.roles.nameEn')} rules={[{ required: true, whitespace: true, message: t('admin.roles.nameRequired') }]} style={{ width: '50%', paddingLeft: 8 }}>
            <Input maxLength={64} />
          </Form.Item>
        </Space.Compact>
      </Form>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>{t('admin.roles.permissions', { count: checked.length, total: declared.length })}</Typography.Text>
        <Input.Search allowClear size="small" placeholder={t('admin.roles.filterPermissions')} style={{ width: 220 }} onChange={(e) => setFilter(e.target.value)} />
      </Space>
      <div data-testid="permission-tree">
        <Tree
          checkable
          selectable={false}
          disabled={readOnly}
          defaultExpandAll
          treeData={toAntd(shown)}
          checkedKeys={checked}
          onCheck={(keys) => {
            const list = (Array.isArray(keys) ? keys : keys.checked).map(String);
            setChecked((prev) => mergeVisibleChecks(prev, leafPermissions(shown), list));
          }}
        />
      </div>
    </Drawer>
  );
}
