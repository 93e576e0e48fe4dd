import { useEffect, useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../common/errors.ts';
import type { Role } from '../roles.api.ts';
import { createUser } from '../users.api.ts';
import { usePasswordRules } from '../users/password-modal.tsx';
import { USERNAME_PATTERN } from '../users/user-admin.ts';
import { validated } from '../common/forms.ts';

export interface AccountTarget {
  practitioner: string;
  displayName: string;
  institution: string;
}

/** 创建登录账号: a user linked to a Practitioner (profile) with one role in the practitioner's institution. */
export function AccountModal({ target, roles, roleName, onClose }: { target: AccountTarget | null; roles: Role[]; roleName(id: string): string; onClose(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ username: string; password: string; confirm: string; role?: string | string[] }>();
  const [busy, setBusy] = useState(false);
  const rules = usePasswordRules();

  useEffect(() => {
    if (target) form.resetFields();
  }, [target, form]);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    const role = Array.isArray(v.role) ? v.role[0] : v.role;
    setBusy(true);
    try {
      await createUser({
        username: v.username.trim(),
        password: v.password,
        displayName: target!.displayName,
        profile: `Practitioner/${target!.practitioner}`,
        roles: role ? [{ role, institution: target!.institution }] : [],
      });
      message.success(t('admin.users.created', { username: v.username.trim() }));
      onClose();
    } catch (err) {
      form.setFields([{ name: 'username', errors: [errorText(err, locale)] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={!!target} title={t('admin.staff.createAccountFor', { name: target?.displayName ?? '' })} okText={t('admin.common.save')} confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Form name="account" form={form} layout="vertical" autoComplete="off" preserve={false}>
        <Form.Item name="username" label={t('admin.users.username')} rules={[{ required: true, message: t('admin.users.usernameRequired') }, { pattern: USERNAME_PATTERN, message: t('admin.users.usernameInvalid') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('admin.users.password')} rules={rules.password} extra={t('admin.users.passwordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label={t('admin.users.confirmPassword')} dependencies={['password']} rules={rules.confirm}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('admin.staff.accountRole')}>
          <Select allowClear mode={roles.length ? undefined : 'tags'} maxCount={roles.length ? undefined : 1} options={roles.map((r) => ({ value: r.id, label: roleName(r.id) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
