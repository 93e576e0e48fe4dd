import { useMemo, useState } from 'react';
import { App } from 'antd';
import type { Organization } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { FilterField, ResourceColumn } from '../../widgets/table/table.types.ts';
import { ActivationActions, ActiveTag } from '../common/activation-actions.tsx';
import { AdminListPage } from '../common/admin-list-page.tsx';
import { errorText } from '../common/errors.ts';
import { DEPARTMENT_TYPE_SYSTEM } from '../common/terminology.ts';
import { useAdminList } from '../common/use-admin-list.ts';
import { saveResource } from '../fhir.api.ts';
import { DepartmentDrawer } from './department-drawer.tsx';
import { departmentCategory, departmentQuery } from './department.ts';

/** 科室管理: the departments of an institution (Organizations partOf it with type dept); create, edit, deactivate. */
export default function DepartmentsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const list = useAdminList();
  const { institution, reload } = list;
  const [editing, setEditing] = useState<Organization | 'new' | null>(null);

  const setActive = async (org: Organization, active: boolean) => {
    try {
      await saveResource<Organization>({ ...org, active });
      message.success(t(active ? 'admin.departments.activated' : 'admin.departments.deactivated', { name: org.name ?? '' }));
      reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  const columns = useMemo<ResourceColumn<Organization>[]>(
    () => [
      { key: 'code', title: t('admin.departments.code'), expression: 'identifier.value', width: 100 },
      { key: 'name', title: t('admin.departments.name'), expression: 'name', sortParam: 'name', width: 180 },
      { key: 'alias', title: t('admin.departments.alias'), expression: 'alias', width: 140 },
      { key: 'category', title: t('admin.departments.category'), expression: `type.coding.where(system = '${DEPARTMENT_TYPE_SYSTEM}').display`, render: (o) => departmentCategory(o)?.display ?? '', width: 120 },
      { key: 'phone', title: t('admin.departments.telecom'), expression: "telecom.where(system = 'phone').value", width: 140 },
      { key: 'active', title: t('admin.departments.status'), expression: 'active', width: 90, render: (o) => <ActiveTag active={o.active !== false} /> },
      { key: 'id', title: 'ID', expression: 'id', width: 200, defaultHidden: true },
    ],
    [t],
  );
  const filters = useMemo<FilterField[]>(
    () => [
      { param: 'name', label: t('admin.departments.name'), kind: 'text' },
      {
        param: 'active',
        label: t('admin.departments.status'),
        kind: 'select',
        options: [
          { value: 'true', label: t('admin.common.active') },
          { value: 'false', label: t('admin.common.inactive') },
        ],
      },
    ],
    [t],
  );
  const query = useMemo(() => (institution ? departmentQuery(institution) : undefined), [institution]);

  return (
    <AdminListPage<Organization>
      title={t('admin.departments.title')}
      list={list}
      createLabel={t('admin.departments.create')}
      onCreate={() => setEditing('new')}
      table={{
        resourceType: 'Organization',
        query,
        columns,
        filters,
        settingsKey: 'table.admin.departments',
        rowActions: (o) => (
          <ActivationActions
            active={o.active !== false}
            confirmDeactivate={t('admin.departments.deactivateConfirm', { name: o.name ?? '' })}
            onEdit={() => setEditing(o)}
            onActivate={() => void setActive(o, true)}
            onDeactivate={() => setActive(o, false)}
          />
        ),
      }}
    >
      <DepartmentDrawer
        department={editing}
        institution={list.current}
        onClose={() => setEditing(null)}
        onSaved={() => {
          // The form itself confirms the save.
          setEditing(null);
          reload();
        }}
      />
    </AdminListPage>
  );
}
