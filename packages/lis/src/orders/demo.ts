import type { ModuleContext } from '@medunion/kernel';
import type { LabOrderTemplateInput } from '../contracts/specimens.ts';
import { saveTemplate } from './templates.ts';

/** Order templates (医嘱模板) of the demo lead hospital, for manual entry at the doctor and nurse stations. */
const DEMO_TEMPLATES: LabOrderTemplateInput[] = [
  { code: 'ADMIT', name: '入院常规', section: 'clinical', panels: ['CBC', 'UA', 'STOOL', 'LFT', 'RFT', 'ELEC', 'FBG', 'COAG', 'INF4'] },
  { code: 'CHECKUP', name: '体检套餐（基础）', section: 'biochemistry', panels: ['CBC', 'UA', 'LFT', 'RFT', 'LIPID', 'FBG'] },
  { code: 'ER-CHEST', name: '急诊胸痛', section: 'emergency', panels: ['CBC', 'CARD', 'ELEC', 'COAG'] },
  { code: 'DM-FOLLOW', name: '糖尿病随访', section: 'biochemistry', panels: ['FBG', 'HBA1C', 'LIPID', 'RFT'] },
];

/** Seeds the templates through the orders area's own function (as the module); idempotent by code. */
export async function seedDemoTemplates(ctx: ModuleContext): Promise<void> {
  for (const t of DEMO_TEMPLATES) await saveTemplate(ctx, ctx.systemContext, 'lead-hospital', t, 'upsert');
}
