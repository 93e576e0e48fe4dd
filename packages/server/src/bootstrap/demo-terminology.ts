import type { CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { SYSTEM_PRINCIPAL, type Kernel } from '@medunion/kernel';

export const DEMO_LAB_ORDERABLES_SYSTEM = 'https://medunion.org/fhir/CodeSystem/demo-lab-orderables';
export const DEMO_LAB_ORDERABLES_VALUE_SET = 'https://medunion.org/fhir/ValueSet/demo-lab-orderables';

/**
 * Common laboratory orderables (常用检验项目) of a county hospital, so dictionary pickers have Chinese content to
 * show before the national code sets arrive (a later issue). Codes are the abbreviations labs print on tubes.
 */
export const demoLabOrderables: CodeSystem = {
  resourceType: 'CodeSystem',
  url: DEMO_LAB_ORDERABLES_SYSTEM,
  version: '1',
  name: 'DemoLabOrderables',
  title: '常用检验项目（演示）',
  status: 'active',
  experimental: true,
  content: 'complete',
  concept: [
    { code: 'CBC', display: '血常规' },
    { code: 'UA', display: '尿常规' },
    { code: 'FE', display: '粪便常规' },
    { code: 'LFT', display: '肝功能' },
    { code: 'RFT', display: '肾功能' },
    { code: 'GLU', display: '血糖' },
    { code: 'LIP4', display: '血脂四项' },
    { code: 'CK', display: '心肌酶谱' },
    { code: 'COAG4', display: '凝血四项' },
    { code: 'ELEC', display: '电解质' },
    { code: 'HBA1C', display: '糖化血红蛋白' },
    { code: 'CRP', display: 'C反应蛋白' },
    { code: 'ESR', display: '血沉' },
    { code: 'HBV5', display: '乙肝五项' },
    { code: 'TFT', display: '甲状腺功能' },
    { code: 'TNI', display: '肌钙蛋白I' },
    { code: 'BNP', display: '脑钠肽' },
    { code: 'PCT', display: '降钙素原' },
    { code: 'DD', display: 'D-二聚体' },
    { code: 'ABO', display: '血型鉴定' },
    { code: 'OGTT', display: '葡萄糖耐量试验' },
    { code: 'AFP', display: '甲胎蛋白' },
    { code: 'CEA', display: '癌胚抗原' },
  ],
};

/** The whole demo CodeSystem as a ValueSet: pickers can be pointed at either. */
export const demoLabOrderablesValueSet: ValueSet = {
  resourceType: 'ValueSet',
  url: DEMO_LAB_ORDERABLES_VALUE_SET,
  version: '1',
  name: 'DemoLabOrderables',
  title: '常用检验项目（演示）',
  status: 'active',
  experimental: true,
  compose: { include: [{ system: DEMO_LAB_ORDERABLES_SYSTEM }] },
};

/** Creates or updates the demo terminology by canonical url (unchanged content writes nothing): safe on every start. */
export async function seedDemoTerminology(kernel: Kernel): Promise<void> {
  const ctx = { principal: SYSTEM_PRINCIPAL };
  for (const resource of [demoLabOrderables, demoLabOrderablesValueSet]) {
    await kernel.store.conditionalUpdate(ctx, resource.resourceType, new URLSearchParams({ url: resource.url! }).toString(), resource);
  }
}
