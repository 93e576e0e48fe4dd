import { useEffect, useState } from 'react';
import { App, Button, Divider, Drawer, Form, Input, Space, Typography } from 'antd';
import type { Reference } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { ReferencePicker } from '../../widgets/picker/reference-picker.tsx';
import { errorText } from '../common/errors.ts';
import type { InstitutionOption } from '../common/use-institutions.ts';
import type { Role } from '../roles.api.ts';
import { assignRole, createUser, getUser, removeRole, updateUser, type AdminUser, type RoleAssignment } from '../users.api.ts';
import { GrantsEditor } from './grants-editor.tsx';
import { usePasswordRules } from './password-modal.tsx';
import { addGrant, sameGrant, USERNAME_PATTERN } from './user-admin.ts';
import { validated } from '../common/forms.ts';

export interface UserDrawerProps {
  /** The user to edit, 'new' to create one, null when closed. */
  user: AdminUser | 'new' | null;
  onClose(): void;
  /** After any change, so the list reloads. */
  onChanged(): void;
  roles: Role[];
  roleName(id: string): string;
  institutions: InstitutionOption[];
  nameOf(id: string | undefined): string;
  me: { id: string; regionAdmin?: boolean; institution?: string };
}

interface UserForm {
  username: string;
  displayName?: string;
  password?: string;
  confirm?: string;
  profile?: Reference;
}

/**
 * New user (username, name, password, linked Practitioner, roles per institution) or an existing one (name and
 * profile saved with the form; roles granted and removed at once, each change audited by the server).
 */
export function UserDrawer({ user, onClose, onChanged, roles, roleName, institutions, nameOf, me }: UserDrawerProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserForm>();
  const [busy, setBusy] = useState(false);
  const [current, setCurrent] = useState<AdminUser | null>(null);
  const [newGrants, setNewGrants] = useState<RoleAssignment[]>([]);
  const rules = usePasswordRules();
  const creating = user === 'new';

  useEffect(() => {
    if (!user) return;
    setNewGrants([]);
    setCurrent(user === 'new' ? null : user);
    form.resetFields();
    if (user !== 'new') form.setFieldsValue({ username: user.username, displayName: user.displayName, profile: user.profile ? { reference: user.profile } : undefined });
  }, [user, form]);

  const fail = (err: unknown) => message.error(errorText(err, locale));

  const save = async () => {
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      if (creating) {
        await createUser({ username: v.username.trim(), password: v.password!, displayName: v.displayName?.trim() || undefined, profile: v.profile?.reference, roles: newGrants });
        message.success(t('admin.users.created', { username: v.username.trim() }));
      } else {
        await updateUser(current!.id, { ...(v.displayName?.trim() ? { displayName: v.displayName.trim() } : {}), ...(v.profile?.reference ? { profile: v.profile.reference } : {}) });
        message.success(t('admin.common.saved'));
      }
      onChanged();
      onClose();
    } catch (err) {
      const text = errorText(err, locale);
      // The kernel names the password rule or a taken username: show it at the field.
      if (/password|密码/i.test(text)) form.setFields([{ name: 'password', errors: [text] }]);
      else if (/username|用户名/i.test(text)) form.setFields([{ name: 'username', errors: [text] }]);
      else message.error(text);
    } finally {
      setBusy(false);
    }
  };

  const refresh = async () => {
    setCurrent(await getUser(current!.id));
    onChanged();
  };
  const grant = async (g: RoleAssignment) => {
    try {
      await assignRole(current!.id, g);
      message.success(t('admin.users.roleAdded', { role: roleName(g.role) }));
      await refresh();
    } catch (err) {
      fail(err);
    }
  };
  const revoke = async (g: RoleAssignment) => {
    try {
      await removeRole(current!.id, g);
      message.success(t('admin.users.roleRemoved', { role: roleName(g.role) }));
      await refresh();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <Drawer
      open={!!user}
      size={560}
      title={creating ? t('admin.users.create') : t('admin.users.editTitle', { username: current?.username ?? '' })}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('admin.common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void save()}>
            {t('admin.common.save')}
          </Button>
        </Space>
      }
    >
      <Form name="user" form={form} layout="vertical" autoComplete="off">
        <Form.Item
          name="username"
          label={t('admin.users.username')}
          rules={[
            { required: true, message: t('admin.users.usernameRequired') },
            { pattern: USERNAME_PATTERN, message: t('admin.users.usernameInvalid') },
          ]}
        >
          <Input disabled={!creating} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('admin.users.displayName')}>
          <Input maxLength={64} />
        </Form.Item>
        {creating && (
          <>
            <Form.Item name="password" label={t('admin.users.password')} rules={rules.password} extra={t('admin.users.passwordHint')}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="confirm" label={t('admin.users.confirmPassword')} dependencies={['password']} rules={rules.confirm}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        <Form.Item name="profile" label={t('admin.users.profile')} extra={t('admin.users.profileHint')}>
          <ReferencePicker targetTypes={['Practitioner']} />
        </Form.Item>
      </Form>
      <Divider titlePlacement="start">{t('admin.users.roles')}</Divider>
      {creating ? (
        <GrantsEditor
          grants={newGrants}
          onAdd={(g) => setNewGrants((gs) => addGrant(gs, g))}
          onRemove={(g) => setNewGrants((gs) => gs.filter((x) => !sameGrant(x, g)))}
          {...{ roles, roleName, institutions, nameOf, me }}
        />
      ) : current ? (
        <>
          <Typography.Paragraph type="secondary">{t('admin.users.rolesApplyAtOnce')}</Typography.Paragraph>
          <GrantsEditor grants={current.roles} onAdd={grant} onRemove={revoke} confirmRemove {...{ roles, roleName, institutions, nameOf, me }} />
        </>
      ) : null}
    </Drawer>
  );
}
