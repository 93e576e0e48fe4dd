import { useMemo, useState } from 'react';
import { Card, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { useWorkstation } from '../../widgets/parameters/parameters.context.tsx';
import { Forbidden } from '../common/forbidden.tsx';
import { useInstitutions } from '../common/use-institutions.ts';
import { useLoad } from '../common/use-load.ts';
import { getEffectiveParameters, getScopeParameters, type ParameterScope, type ScopeParameters } from '../parameters.api.ts';
import { regionFromEffective } from './parameter-form.ts';
import { ScopeForm } from './scope-form.tsx';

type Parents = { scope: ParameterScope; values: Record<string, unknown> }[];

/**
 * 系统参数 (seed 000 LIS §10 全院参数设置和本机参数设置): region-wide values (region administrators), per institution
 * (本院; region administrators pick the institution) and per workstation (本机; this browser's id or a known one).
 */
export default function ParametersPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const allowed = holds(me.permissions, 'admin.parameter.manage');
  const regionAdmin = !!me.regionAdmin;
  const { institutions, nameOf } = useInstitutions(allowed);
  const [institution, setInstitution] = useState<string | undefined>(me.institution);
  const here = useWorkstation();
  const [workstation, setWorkstation] = useState<string>(here.id);
  const known = useLoad(() => getScopeParameters('workstation'), [], allowed && (regionAdmin || !!me.institution));
  const workstations = useMemo(() => [...new Set([here.id, ...(known.data?.workstations ?? [])])], [here.id, known.data]);

  if (!allowed) return <Forbidden />;

  // Region values: read directly by region administrators; others see them through their effective values.
  const regionParent = async (explicitAtInstitution: Record<string, unknown>, definitions: ScopeParameters['definitions']): Promise<Parents> => {
    if (regionAdmin) return [{ scope: 'region', values: (await getScopeParameters('region')).values }];
    const effective = await getEffectiveParameters();
    return [{ scope: 'region', values: regionFromEffective(effective.values, definitions, explicitAtInstitution) }];
  };
  const institutionParents = (stored: ScopeParameters) => regionParent(stored.values, stored.definitions);
  const workstationParents = async (stored: ScopeParameters): Promise<Parents> => {
    const owner = me.institution;
    const inst = owner ? (await getScopeParameters('institution', owner)).values : {};
    return [{ scope: 'institution', values: inst }, ...(await regionParent(inst, stored.definitions))];
  };

  const items = [
    ...(regionAdmin ? [{ key: 'region', label: t('admin.parameters.tab.region'), children: <ScopeForm scope="region" scopeId="-" loadParents={async () => []} /> }] : []),
    {
      key: 'institution',
      label: t('admin.parameters.tab.institution'),
      children: (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          {regionAdmin ? (
            <Space>
              <Typography.Text>{t('admin.parameters.institution')}</Typography.Text>
              <Select
                aria-label={t('admin.parameters.institution')}
                style={{ width: 260 }}
                showSearch={{ optionFilterProp: 'label' }}
                value={institution}
                placeholder={t('admin.parameters.pickInstitution')}
                onChange={setInstitution}
                options={institutions.map((i) => ({ value: i.id, label: i.name }))}
              />
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('admin.parameters.ownInstitution', { institution: nameOf(me.institution) })}</Typography.Text>
          )}
          {institution ? <ScopeForm key={institution} scope="institution" scopeId={institution} loadParents={institutionParents} /> : <Typography.Text type="secondary">{t('admin.parameters.pickInstitution')}</Typography.Text>}
        </Space>
      ),
    },
    {
      key: 'workstation',
      label: t('admin.parameters.tab.workstation'),
      children: (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Space wrap>
            <Typography.Text>{t('admin.parameters.workstation')}</Typography.Text>
            <Select
              aria-label={t('admin.parameters.workstation')}
              style={{ width: 260 }}
              showSearch
              value={workstation}
              onChange={setWorkstation}
              options={workstations.map((w) => ({ value: w, label: w === here.id ? `${w} (${t('admin.parameters.thisWorkstation')})` : w }))}
            />
            <Tag color="blue">{t('admin.parameters.thisWorkstationIs', { id: here.id })}</Tag>
          </Space>
          <Typography.Text type="secondary">{t('admin.parameters.workstationHint', { institution: nameOf(me.institution) })}</Typography.Text>
          <ScopeForm key={workstation} scope="workstation" scopeId={workstation} loadParents={workstationParents} />
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('admin.parameters.title')}>
      <Tabs items={items} defaultActiveKey={regionAdmin ? 'region' : 'institution'} />
    </Card>
  );
}
