import { Form, Input, Modal, App } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { errorText } from '../common/errors.ts';
import { updateUser, type AdminUser } from '../users.api.ts';
import { passwordProblem } from './user-admin.ts';
import { validated } from '../common/forms.ts';

/** Form rules for a new password and its confirmation, shared by "create user" and "reset password". */
export function usePasswordRules(field = 'password') {
  const { t } = useI18n();
  return {
    password: [
      { required: true, message: t('admin.users.passwordRequired') },
      {
        validator: (_: unknown, v: string | undefined) => {
          const problem = v ? passwordProblem(v) : null;
          return problem ? Promise.reject(new Error(t(`admin.users.password.${problem}` as MessageKey))) : Promise.resolve();
        },
      },
    ],
    confirm: [
      { required: true, message: t('admin.users.passwordRequired') },
      ({ getFieldValue }: { getFieldValue(name: string): unknown }) => ({
        validator: (_: unknown, v: string | undefined) => (!v || v === getFieldValue(field) ? Promise.resolve() : Promise.reject(new Error(t('admin.users.passwordMismatch')))),
      }),
    ],
  };
}

/** 重置密码: sets a new password; the kernel also clears a lockout and ends the user's sessions. */
export function PasswordModal({ user, onClose }: { user: AdminUser | null; onClose(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [busy, setBusy] = useState(false);
  const rules = usePasswordRules();

  const submit = async () => {
    const values = await validated(form);
    if (!values) return;
    const { password } = values;
    setBusy(true);
    try {
      await updateUser(user!.id, { password });
      message.success(t('admin.users.passwordReset', { username: user!.username }));
      onClose();
    } catch (err) {
      form.setFields([{ name: 'password', errors: [errorText(err, locale)] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!user}
      title={t('admin.users.resetPasswordOf', { username: user?.username ?? '' })}
      okText={t('admin.common.save')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form name="password-reset" form={form} layout="vertical" preserve={false} autoComplete="off">
        <Form.Item name="password" label={t('admin.users.newPassword')} rules={rules.password} extra={t('admin.users.passwordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label={t('admin.users.confirmPassword')} dependencies={['password']} rules={rules.confirm}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
