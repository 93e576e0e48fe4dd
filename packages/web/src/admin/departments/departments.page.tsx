import { useMemo, useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Organization } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { ResourceTable } from '../../widgets/table/resource-table.tsx';
import type { FilterField, ResourceColumn } from '../../widgets/table/table.types.ts';
import { errorText } from '../common/errors.ts';
import { Forbidden } from '../common/forbidden.tsx';
import { InstitutionPicker, useWorkingInstitution } from '../common/institution-picker.tsx';
import { useInstitutions } from '../common/use-institutions.ts';
import { DEPARTMENT_TYPE_SYSTEM } from '../common/terminology.ts';
import { saveResource } from '../fhir.api.ts';
import { DepartmentDrawer } from './department-drawer.tsx';
import { departmentCategory, departmentQuery } from './department.ts';

/** 科室管理: the departments of an institution (Organizations partOf it with type dept); create, edit, deactivate. */
export default function DepartmentsPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const allowed = holds(me.permissions, 'fhir.update');
  const canCreate = holds(me.permissions, 'fhir.create');
  const { institutions, organizations } = useInstitutions(allowed);
  const [institution, setInstitution] = useWorkingInstitution(me, institutions);
  const [editing, setEditing] = useState<Organization | 'new' | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  const reload = () => setReloadToken((n) => n + 1);

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
      {
        key: 'active',
        title: t('admin.departments.status'),
        expression: 'active',
        width: 90,
        render: (o) => (o.active === false ? <Tag>{t('admin.common.inactive')}</Tag> : <Tag color="success">{t('admin.common.active')}</Tag>),
      },
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

  if (!allowed) return <Forbidden />;

  return (
    <Card title={t('admin.departments.title')} extra={<InstitutionPicker value={institution} onChange={setInstitution} institutions={institutions} editable={!!me.regionAdmin} />}>
      {query && (
        <ResourceTable<Organization>
          resourceType="Organization"
          query={query}
          columns={columns}
          filters={filters}
          settingsKey="table.admin.departments"
          exportName={t('admin.departments.title')}
          printTitle={t('admin.departments.title')}
          reloadToken={reloadToken}
          toolbar={
            canCreate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                {t('admin.departments.create')}
              </Button>
            )
          }
          rowActions={(o) => (
            <Space size={0}>
              <Button type="link" size="small" onClick={() => setEditing(o)}>
                {t('admin.common.edit')}
              </Button>
              {o.active === false ? (
                <Button type="link" size="small" onClick={() => void setActive(o, true)}>
                  {t('admin.common.activate')}
                </Button>
              ) : (
                <Popconfirm title={t('admin.departments.deactivateConfirm', { name: o.name ?? '' })} onConfirm={() => setActive(o, false)}>
                  <Button type="link" size="small" danger>
                    {t('admin.common.deactivate')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )}
        />
      )}
      <DepartmentDrawer
        department={editing}
        institution={organizations.find((o) => o.id === institution)}
        onClose={() => setEditing(null)}
        onSaved={() => {
          // The form itself confirms the save.
          setEditing(null);
          reload();
        }}
      />
    </Card>
  );
}
