import { useEffect, useMemo, useState } from 'react';
import { App, Drawer, Form, Select, Tag } from 'antd';
import type { Location } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { ResourceForm } from '../../widgets/form/resource-form.tsx';
import type { FilterField, ResourceColumn } from '../../widgets/table/table.types.ts';
import { ActivationActions } from '../common/activation-actions.tsx';
import { AdminListPage } from '../common/admin-list-page.tsx';
import { errorText } from '../common/errors.ts';
import { useAdminList } from '../common/use-admin-list.ts';
import { useDepartments } from '../common/use-departments.ts';
import { saveResource } from '../fhir.api.ts';
import { wardDepartment, wardFixed, wardQuery } from './ward.ts';

const STATUS_COLOURS: Record<string, string> = { active: 'success', suspended: 'warning', inactive: 'default' };

/** 病区管理: wards (Locations of physical type `wa`) managed by the departments of an institution. */
export default function WardsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const list = useAdminList();
  const { institution, reload } = list;
  const { departments } = useDepartments(list.allowed ? institution : undefined);
  const [department, setDepartment] = useState<string | undefined>();
  const [editing, setEditing] = useState<Location | 'new' | null>(null);
  const [drawerDepartment, setDrawerDepartment] = useState<string | undefined>();
  const departmentName = (id: string | undefined) => departments.find((d) => d.id === id)?.name ?? id ?? '';

  useEffect(() => setDepartment(undefined), [institution]);
  useEffect(() => {
    if (editing) setDrawerDepartment(editing === 'new' ? department : wardDepartment(editing));
  }, [editing, department]);

  const setStatus = async (ward: Location, status: Location['status']) => {
    try {
      await saveResource<Location>({ ...ward, status });
      message.success(t('admin.common.saved'));
      reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  const departmentIds = useMemo(() => departments.map((d) => d.id!), [departments]);
  const query = useMemo(() => wardQuery(department, departmentIds), [department, departmentIds]);
  const columns = useMemo<ResourceColumn<Location>[]>(
    () => [
      { key: 'name', title: t('admin.wards.name'), expression: 'name', sortParam: 'name', width: 180 },
      { key: 'alias', title: t('admin.wards.alias'), expression: 'alias', width: 140 },
      { key: 'department', title: t('admin.wards.department'), expression: 'managingOrganization.display', render: (w) => departmentName(wardDepartment(w)), width: 160 },
      { key: 'phone', title: t('admin.wards.telecom'), expression: "telecom.where(system = 'phone').value", width: 140 },
      { key: 'description', title: t('admin.wards.description'), expression: 'description', width: 220 },
      { key: 'status', title: t('admin.wards.status'), expression: 'status', width: 90, render: (w) => <Tag color={STATUS_COLOURS[w.status ?? 'active']}>{t(`admin.wards.status.${w.status ?? 'active'}`)}</Tag> },
    ],
    // departmentName reads the departments list.
    [t, departments],
  );
  const filters = useMemo<FilterField[]>(
    () => [
      { param: 'name', label: t('admin.wards.name'), kind: 'text' },
      { param: 'status', label: t('admin.wards.status'), kind: 'select', options: (['active', 'suspended', 'inactive'] as const).map((s) => ({ value: s, label: t(`admin.wards.status.${s}`) })) },
    ],
    [t],
  );

  const current = editing && editing !== 'new' ? editing : undefined;
  return (
    <AdminListPage<Location>
      title={t('admin.wards.title')}
      list={list}
      pickers={
        <Select
          aria-label={t('admin.wards.department')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 200 }}
          placeholder={t('admin.wards.allDepartments')}
          value={department}
          onChange={setDepartment}
          options={departments.map((d) => ({ value: d.id!, label: d.name ?? d.id! }))}
        />
      }
      createLabel={t('admin.wards.create')}
      onCreate={() => setEditing('new')}
      table={{
        resourceType: 'Location',
        query,
        columns,
        filters,
        settingsKey: 'table.admin.wards',
        rowActions: (w) => (
          <ActivationActions
            active={w.status !== 'inactive'}
            confirmDeactivate={t('admin.wards.deactivateConfirm', { name: w.name ?? '' })}
            onEdit={() => setEditing(w)}
            onActivate={() => void setStatus(w, 'active')}
            onDeactivate={() => setStatus(w, 'inactive')}
          />
        ),
      }}
      empty={<Tag>{t('admin.wards.noDepartments')}</Tag>}
    >
      <Drawer open={!!editing} size={600} title={current ? t('admin.wards.editTitle', { name: current.name ?? '' }) : t('admin.wards.create')} onClose={() => setEditing(null)} destroyOnHidden>
        <Form layout="horizontal" labelCol={{ flex: '128px' }} wrapperCol={{ flex: 1 }}>
          <Form.Item label={t('admin.wards.department')} required>
            <Select
              aria-label={t('admin.wards.department')}
              showSearch={{ optionFilterProp: 'label' }}
              value={drawerDepartment}
              onChange={setDrawerDepartment}
              options={departments.map((d) => ({ value: d.id!, label: d.name ?? d.id! }))}
            />
          </Form.Item>
        </Form>
        {institution && drawerDepartment ? (
          <ResourceForm<Location>
            resourceType="Location"
            value={current ?? { resourceType: 'Location', status: 'active' }}
            fixed={wardFixed({ institution, department: drawerDepartment })}
            settingsKey="form.admin.ward"
            fields={[
              { path: 'name', label: t('admin.wards.name'), required: true },
              { path: 'alias', label: t('admin.wards.alias') },
              { path: 'description', label: t('admin.wards.description') },
              { path: 'telecom', label: t('admin.wards.telecom') },
              { path: 'status', label: t('admin.wards.status') },
            ]}
            onSaved={() => {
              setEditing(null);
              reload();
            }}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <Tag color="warning">{t('admin.wards.pickDepartment')}</Tag>
        )}
      </Drawer>
    </AdminListPage>
  );
}
