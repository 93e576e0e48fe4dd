import { useState } from 'react';
import { App, Button, Checkbox, DatePicker, Divider, Drawer, Form, Input, Radio, Select, Space } from 'antd';
import type { Organization } from '@medplum/fhirtypes';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { isValidIdCard } from '../../widgets/patient/id-card.ts';
import { DictionaryPicker } from '../../widgets/picker/dictionary-picker.tsx';
import { errorText } from '../common/errors.ts';
import { QUALIFICATION_SYSTEM } from '../common/terminology.ts';
import { transaction } from '../fhir.api.ts';
import type { Role } from '../roles.api.ts';
import { createUser } from '../users.api.ts';
import { usePasswordRules } from '../users/password-modal.tsx';
import { USERNAME_PATTERN } from '../users/user-admin.ts';
import { createdId, newStaffBundle, type StaffValues } from './staff-bundle.ts';
import { RoleFields } from './staff-fields.tsx';
import { validated } from '../common/forms.ts';

interface NewStaffForm extends Omit<StaffValues, 'birthDate' | 'institution'> {
  birthDate?: Dayjs;
  withAccount?: boolean;
  username?: string;
  password?: string;
  confirm?: string;
  accountRole?: string | string[];
}

export interface NewStaffDrawerProps {
  open: boolean;
  institution: Organization | undefined;
  departments: Organization[];
  roles: Role[];
  roleName(id: string): string;
  canCreateAccount: boolean;
  onClose(): void;
  onCreated(): void;
}

/**
 * 新增人员: the Practitioner and their role at this institution in one transaction Bundle (both or neither), and
 * optionally a login account linked to the new Practitioner.
 */
export function NewStaffDrawer({ open, institution, departments, roles, roleName, canCreateAccount, onClose, onCreated }: NewStaffDrawerProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewStaffForm>();
  const [busy, setBusy] = useState(false);
  const withAccount = Form.useWatch('withAccount', form);
  const rules = usePasswordRules();

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    if (!institution?.id) return;
    setBusy(true);
    try {
      const values: StaffValues = { ...v, birthDate: v.birthDate?.format('YYYY-MM-DD'), institution: institution.id };
      const response = await transaction(newStaffBundle(values, crypto.randomUUID()));
      const practitioner = createdId(response, 0);
      message.success(t('admin.staff.created', { name: v.name.trim() }));
      if (v.withAccount && practitioner) {
        const role = Array.isArray(v.accountRole) ? v.accountRole[0] : v.accountRole;
        try {
          await createUser({ username: v.username!.trim(), password: v.password!, displayName: v.name.trim(), profile: `Practitioner/${practitioner}`, roles: role ? [{ role, institution: institution.id }] : [] });
          message.success(t('admin.users.created', { username: v.username!.trim() }));
        } catch (err) {
          // The practitioner exists: say so, and let the account be created again from the staff record.
          message.error(t('admin.staff.accountFailed', { message: errorText(err, locale) }));
        }
      }
      form.resetFields();
      onCreated();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      size={640}
      title={t('admin.staff.createIn', { institution: institution?.name ?? '' })}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>{t('admin.common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit()}>
            {t('admin.common.save')}
          </Button>
        </Space>
      }
    >
      <Form name="new-staff" form={form} layout="horizontal" labelCol={{ flex: '128px' }} labelWrap wrapperCol={{ flex: 1 }} autoComplete="off">
        <Form.Item name="name" label={t('admin.staff.name')} rules={[{ required: true, whitespace: true, message: t('admin.staff.nameRequired') }]}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="gender" label={t('admin.staff.gender')}>
          <Radio.Group
            options={(['male', 'female'] as const).map((g) => ({ value: g, label: t(`admin.staff.gender.${g}`) }))}
          />
        </Form.Item>
        <Form.Item name="birthDate" label={t('admin.staff.birthDate')}>
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="idCard"
          label={t('admin.staff.idCard')}
          rules={[{ validator: (_, v?: string) => (!v || isValidIdCard(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('admin.staff.idCardInvalid')))) }]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="license" label={t('admin.staff.license')}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="phone" label={t('admin.staff.phone')} rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('admin.staff.phoneInvalid') }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="qualification" label={t('admin.staff.qualification')}>
          <DictionaryPicker source={{ codeSystem: QUALIFICATION_SYSTEM }} />
        </Form.Item>
        <Divider titlePlacement="start">{t('admin.staff.roleSection')}</Divider>
        <RoleFields departments={departments} />
        {canCreateAccount && (
          <>
            <Divider titlePlacement="start">{t('admin.staff.accountSection')}</Divider>
            <Form.Item name="withAccount" valuePropName="checked" wrapperCol={{ offset: 0 }}>
              <Checkbox>{t('admin.staff.withAccount')}</Checkbox>
            </Form.Item>
            {withAccount && (
              <>
                <Form.Item name="username" label={t('admin.users.username')} rules={[{ required: true, message: t('admin.users.usernameRequired') }, { pattern: USERNAME_PATTERN, message: t('admin.users.usernameInvalid') }]}>
                  <Input autoComplete="off" />
                </Form.Item>
                <Form.Item name="password" label={t('admin.users.password')} rules={rules.password}>
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
                <Form.Item name="confirm" label={t('admin.users.confirmPassword')} dependencies={['password']} rules={rules.confirm}>
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
                <Form.Item name="accountRole" label={t('admin.staff.accountRole')}>
                  <Select allowClear mode={roles.length ? undefined : 'tags'} maxCount={roles.length ? undefined : 1} options={roles.map((r) => ({ value: r.id, label: roleName(r.id) }))} />
                </Form.Item>
              </>
            )}
          </>
        )}
      </Form>
    </Drawer>
  );
}
