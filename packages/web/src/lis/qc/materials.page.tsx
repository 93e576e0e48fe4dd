import { Card, Tabs } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { LabInstitutionPicker } from './lab-pickers.tsx';
import { MaterialsTab } from './materials-tab.tsx';
import { qcApi } from './qc.api.ts';
import { RulesTab } from './rules-tab.tsx';
import { TargetsTab } from './targets-tab.tsx';
import { useLab } from './use-lab.ts';

/**
 * 质控品与靶值 (seed 000 §一 LIS 7: 质控品管理, 质控项目设置, 靶值/SD/CV, 规则设置): materials with lots and levels, the
 * targets per test × instrument × level, and the Westgard rules per test. Every QC reader sees them; changes need
 * `lis.qc.manage` (质控靶值更改权限) and the server refuses them otherwise.
 */
export default function QcMaterialsPage() {
  const { t } = useI18n();
  const lab = useLab();
  const materials = useLoad(() => qcApi.materials(lab.scope), [lab.scope], lab.ready);
  const targets = useLoad(() => qcApi.targets(lab.scope), [lab.scope], lab.ready);
  return (
    <Card title={t('lisQc.materials.title')} extra={<LabInstitutionPicker lab={lab} />}>
      <Tabs
        items={[
          {
            key: 'materials',
            label: t('lisQc.materials.tab'),
            children: (
              <MaterialsTab
                lab={lab}
                materials={materials.data ?? []}
                loading={materials.loading}
                reload={() => {
                  materials.reload();
                  targets.reload();
                }}
              />
            ),
          },
          { key: 'targets', label: t('lisQc.targets.tab'), children: <TargetsTab lab={lab} materials={materials.data ?? []} targets={targets.data ?? []} reloadTargets={targets.reload} /> },
          { key: 'rules', label: t('lisQc.rules.tab'), children: <RulesTab lab={lab} targets={targets.data ?? []} /> },
        ]}
      />
    </Card>
  );
}
