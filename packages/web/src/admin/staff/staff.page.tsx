import { useMemo, useState } from 'react';
import { Button } from 'antd';
import type { Practitioner } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { ID_CARD_SYSTEM } from '../../widgets/patient/id-card.ts';
import type { FilterField, ResourceColumn } from '../../widgets/table/table.types.ts';
import { ActiveTag } from '../common/activation-actions.tsx';
import { AdminListPage } from '../common/admin-list-page.tsx';
import { LICENSE_SYSTEM } from '../common/terminology.ts';
import { useAdminList } from '../common/use-admin-list.ts';
import { useDepartments } from '../common/use-departments.ts';
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
  const list = useAdminList();
  const { me, institution, current, reload } = list;
  const canCreateAccount = holds(me.permissions, 'admin.user.manage');
  const { departments } = useDepartments(list.allowed ? institution : undefined);
  const { roles, roleName } = useRoles(me.permissions, locale);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<Practitioner | null>(null);
  const [account, setAccount] = useState<AccountTarget | null>(null);

  const columns = useMemo<ResourceColumn<Practitioner>[]>(
    () => [
      { key: 'name', title: t('admin.staff.name'), expression: 'name.text', render: practitionerName, sortParam: 'name', width: 120 },
      { key: 'gender', title: t('admin.staff.gender'), expression: 'gender', width: 70, render: (p) => (p.gender === 'male' || p.gender === 'female' ? t(`admin.staff.gender.${p.gender}`) : (p.gender ?? '')) },
      { key: 'license', title: t('admin.staff.license'), expression: `identifier.where(system = '${LICENSE_SYSTEM}').value`, width: 170 },
      { key: 'idCard', title: t('admin.staff.idCard'), expression: `identifier.where(system = '${ID_CARD_SYSTEM}').value`, render: (p) => masked(identifierValue(p.identifier, ID_CARD_SYSTEM)), width: 180 },
      { key: 'phone', title: t('admin.staff.phone'), expression: "telecom.where(system = 'phone').value", width: 130 },
      { key: 'qualification', title: t('admin.staff.qualification'), expression: 'qualification.code.text', width: 130 },
      { key: 'active', title: t('admin.staff.active'), expression: 'active', width: 80, render: (p) => <ActiveTag active={p.active !== false} /> },
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

  return (
    <AdminListPage<Practitioner>
      title={t('admin.staff.title')}
      list={list}
      createLabel={t('admin.staff.create')}
      onCreate={() => setCreating(true)}
      table={{
        resourceType: 'Practitioner',
        query,
        columns,
        filters,
        settingsKey: 'table.admin.staff',
        onRowClick: setSelected,
        rowActions: (p) => (
          <Button type="link" size="small" onClick={() => setSelected(p)}>
            {t('admin.common.edit')}
          </Button>
        ),
      }}
    >
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
        nameOf={list.nameOf}
        canCreateAccount={canCreateAccount}
        onCreateAccount={(p) => setAccount({ practitioner: p.id!, displayName: practitionerName(p), institution: institution! })}
        onClose={() => setSelected(null)}
        onSaved={() => {
          setSelected(null);
          reload();
        }}
      />
      <AccountModal target={account} roles={roles} roleName={roleName} onClose={() => setAccount(null)} />
    </AdminListPage>
  );
}
