import { useMemo, useState } from 'react';
import { Button, Card, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Practitioner } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { ID_CARD_SYSTEM } from '../../widgets/patient/id-card.ts';
import { ResourceTable } from '../../widgets/table/resource-table.tsx';
import type { FilterField, ResourceColumn } from '../../widgets/table/table.types.ts';
import { Forbidden } from '../common/forbidden.tsx';
import { InstitutionPicker, useWorkingInstitution } from '../common/institution-picker.tsx';
import { LICENSE_SYSTEM } from '../common/terminology.ts';
import { useDepartments } from '../common/use-departments.ts';
import { useInstitutions } from '../common/use-institutions.ts';
import { useRoles } from '../common/use-roles.ts';
import { AccountModal, type AccountTarget } from './account-modal.tsx';
import { NewStaffDrawer } from './new-staff-drawer.tsx';
import { identifierValue, practitionerName } from './staff-bundle.ts';
import { StaffDetailDrawer } from './staff-detail-drawer.tsx';

/** ID card numbers are shown masked in lists (110101********1234), as patient lists do. */
const masked = (id: string | undefined) => (id && id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : (id ?? ''));

/** 人员管理: practitioners holding a role at an institution; add (with role, optionally an account), edit, roles. */
export default function StaffPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const allowed = holds(me.permissions, 'fhir.update');
  const canCreate = holds(me.permissions, 'fhir.create');
  const canCreateAccount = holds(me.permissions, 'admin.user.manage');
  const { institutions, organizations, nameOf } = useInstitutions(allowed);
  const [institution, setInstitution] = useWorkingInstitution(me, institutions);
  const { departments } = useDepartments(allowed ? institution : undefined);
  const { roles, roleName } = useRoles(me.permissions, locale);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<Practitioner | null>(null);
  const [account, setAccount] = useState<AccountTarget | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  const reload = () => setReloadToken((n) => n + 1);
  const current = organizations.find((o) => o.id === institution);

  const columns = useMemo<ResourceColumn<Practitioner>[]>(
    () => [
      { key: 'name', title: t('admin.staff.name'), expression: 'name.text', render: practitionerName, sortParam: 'name', width: 120 },
      { key: 'gender', title: t('admin.staff.gender'), expression: 'gender', width: 70, render: (p) => (p.gender === 'male' || p.gender === 'female' ? t(`admin.staff.gender.${p.gender}`) : (p.gender ?? '')) },
      { key: 'license', title: t('admin.staff.license'), expression: `identifier.where(system = '${LICENSE_SYSTEM}').value`, width: 170 },
      { key: 'idCard', title: t('admin.staff.idCard'), expression: `identifier.where(system = '${ID_CARD_SYSTEM}').value`, render: (p) => masked(identifierValue(p.identifier, ID_CARD_SYSTEM)), width: 180 },
      { key: 'phone', title: t('admin.staff.phone'), expression: "telecom.where(system = 'phone').value", width: 130 },
      { key: 'qualification', title: t('admin.staff.qualification'), expression: 'qualification.code.text', width: 130 },
      { key: 'active', title: t('admin.staff.active'), expression: 'active', width: 80, render: (p) => (p.active === false ? <Tag>{t('admin.common.inactive')}</Tag> : <Tag color="success">{t('admin.common.active')}</Tag>) },
    ],
    [t],
  );
  const filters = useMemo<FilterField[]>(
    () => [
      { param: 'name', label: t('admin.staff.name'), kind: 'text' },
      { param: 'identifier', label: t('admin.staff.identifier'), kind: 'token' },
      {
        param: 'gender',
        label: t('admin.staff.gender'),
        kind: 'select',
        options: (['male', 'female'] as const).map((g) => ({ value: g, label: t(`admin.staff.gender.${g}`) })),
      },
    ],
    [t],
  );
  // Practitioners with a role at the institution (reverse chaining through PractitionerRole.practitioner).
  const query = useMemo(() => (institution ? { '_has:PractitionerRole:practitioner:organization': `Organization/${institution}` } : undefined), [institution]);

  if (!allowed) return <Forbidden />;

  return (
    <Card title={t('admin.staff.title')} extra={<InstitutionPicker value={institution} onChange={setInstitution} institutions={institutions} editable={!!me.regionAdmin} />}>
      {query && (
        <ResourceTable<Practitioner>
          resourceType="Practitioner"
          query={query}
          columns={columns}
          filters={filters}
          settingsKey="table.admin.staff"
          exportName={t('admin.staff.title')}
          printTitle={t('admin.staff.title')}
          reloadToken={reloadToken}
          onRowClick={setSelected}
          toolbar={
            canCreate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('admin.staff.create')}
              </Button>
            )
          }
          rowActions={(p) => (
            <Button type="link" size="small" onClick={() => setSelected(p)}>
              {t('admin.common.edit')}
            </Button>
          )}
        />
      )}
      <NewStaffDrawer
        open={creating}
        institution={current}
        departments={departments}
        roles={roles}
        roleName={roleName}
        canCreateAccount={canCreateAccount}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          reload();
        }}
      />
      <StaffDetailDrawer
        practitioner={selected}
        institution={current}
        departments={departments}
        nameOf={nameOf}
        canCreateAccount={canCreateAccount}
        onCreateAccount={(p) => setAccount({ practitioner: p.id!, displayName: practitionerName(p), institution: institution! })}
        onClose={() => setSelected(null)}
        onSaved={() => {
          setSelected(null);
          reload();
        }}
      />
      <AccountModal target={account} roles={roles} roleName={roleName} onClose={() => setAccount(null)} />
    </Card>
  );
}
