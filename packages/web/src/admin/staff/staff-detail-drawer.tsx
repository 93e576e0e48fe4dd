import { useState } from 'react';
import { App, Button, Divider, Drawer, Form, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import type { Coding, Organization, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { ResourceForm } from '../../widgets/form/resource-form.tsx';
import { errorText } from '../common/errors.ts';
import { idOf } from '../common/organizations.ts';
import { QUALIFICATION_SYSTEM } from '../common/terminology.ts';
import { useLoad } from '../common/use-load.ts';
import { saveResource, searchAll } from '../fhir.api.ts';
import { departmentOf, practitionerName, practitionerRoleOf } from './staff-bundle.ts';
import { RoleFields } from './staff-fields.tsx';
import { validated } from '../common/forms.ts';

export interface StaffDetailDrawerProps {
  practitioner: Practitioner | null;
  institution: Organization | undefined;
  departments: Organization[];
  nameOf(id: string | undefined): string;
  canCreateAccount: boolean;
  onCreateAccount(practitioner: Practitioner): void;
  onClose(): void;
  onSaved(): void;
}

/** A staff member: the Practitioner form, their roles (执业机构与科室) with add and deactivate, and "create account". */
export function StaffDetailDrawer({ practitioner, institution, departments, nameOf, canCreateAccount, onCreateAccount, onClose, onSaved }: StaffDetailDrawerProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [roleForm] = Form.useForm<{ department?: string; role?: Coding; specialty?: string }>();
  const roles = useLoad(() => searchAll<PractitionerRole>('PractitionerRole', { practitioner: `Practitioner/${practitioner!.id}` }), [practitioner?.id], !!practitioner?.id);
  const departmentName = (id: string | undefined) => departments.find((d) => d.id === id)?.name ?? id ?? '';

  const addRole = async () => {
    const v = await validated(roleForm);
    if (!v) return;
    try {
      await saveResource(practitionerRoleOf({ institution: institution!.id!, ...v }, `Practitioner/${practitioner!.id}`));
      message.success(t('admin.common.saved'));
      roleForm.resetFields();
      setAdding(false);
      roles.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };
  const deactivate = async (role: PractitionerRole) => {
    try {
      await saveResource<PractitionerRole>({ ...role, active: false });
      roles.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  return (
    <Drawer
      open={!!practitioner}
      size={680}
      title={practitioner ? t('admin.staff.editTitle', { name: practitionerName(practitioner) }) : ''}
      onClose={onClose}
      destroyOnHidden
      extra={
        canCreateAccount &&
        practitioner && (
          <Button icon={<UserAddOutlined />} onClick={() => onCreateAccount(practitioner)}>
            {t('admin.staff.createAccount')}
          </Button>
        )
      }
    >
      {practitioner && (
        <ResourceForm<Practitioner>
          resourceType="Practitioner"
          value={practitioner}
          settingsKey="form.admin.practitioner"
          fields={[
            { path: 'name', label: t('admin.staff.name'), required: true },
            { path: 'gender', label: t('admin.staff.gender') },
            { path: 'birthDate', label: t('admin.staff.birthDate') },
            { path: 'identifier', label: t('admin.staff.identifiers') },
            { path: 'telecom', label: t('admin.staff.telecom') },
            { path: 'qualification', label: t('admin.staff.qualification'), valueSet: { codeSystem: QUALIFICATION_SYSTEM } },
            { path: 'active', label: t('admin.staff.active') },
          ]}
          onSaved={onSaved}
        />
      )}
      <Divider titlePlacement="start">{t('admin.staff.roleSection')}</Divider>
      <List
        size="small"
        bordered
        loading={roles.loading}
        dataSource={roles.data ?? []}
        locale={{ emptyText: t('admin.staff.noRoles') }}
        renderItem={(r) => (
          <List.Item
            actions={
              r.active === false
                ? [<Tag key="inactive">{t('admin.common.inactive')}</Tag>]
                : [
                    <Popconfirm key="deactivate" title={t('admin.staff.deactivateRoleConfirm')} onConfirm={() => deactivate(r)}>
                      <Button type="link" size="small" danger>
                        {t('admin.common.deactivate')}
                      </Button>
                    </Popconfirm>,
                  ]
            }
          >
            <Space wrap>
              <Typography.Text strong>{nameOf(idOf(r.organization))}</Typography.Text>
              {departmentOf(r) && <span>{departmentName(departmentOf(r))}</span>}
              {r.code?.map((c, i) => <Tag key={i}>{c.text ?? c.coding?.[0]?.display ?? c.coding?.[0]?.code}</Tag>)}
              {r.specialty?.map((s, i) => (
                <Typography.Text key={i} type="secondary">
                  {s.text ?? s.coding?.[0]?.display}
                </Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
      {institution?.id &&
        (adding ? (
          <Form name="staff-role" form={roleForm} layout="horizontal" labelCol={{ flex: '128px' }} wrapperCol={{ flex: 1 }} style={{ marginTop: 12 }}>
            <Typography.Paragraph type="secondary">{t('admin.staff.addRoleAt', { institution: institution.name ?? institution.id })}</Typography.Paragraph>
            <RoleFields departments={departments} />
            <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
              <Button onClick={() => setAdding(false)}>{t('admin.common.cancel')}</Button>
              <Button type="primary" onClick={() => void addRole()}>
                {t('admin.common.save')}
              </Button>
            </Space>
          </Form>
        ) : (
          <Button style={{ marginTop: 12 }} icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('admin.staff.addRole')}
          </Button>
        ))}
    </Drawer>
  );
}
