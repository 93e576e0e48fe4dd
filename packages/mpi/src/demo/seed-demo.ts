import type { Patient } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import { ID_CARD_SYSTEM, MRN_SYSTEM_PREFIX } from '../identifiers/systems.ts';

/**
 * Patient index demo (module `demo` hook), on top of the demo region's patients:
 * - 张三丰 (demo-p1, county hospital) also registered at 河西镇卫生院 with the same ID card: one person, two
 *   institutions, linked automatically (and the record the recognition demo's reports are offered for);
 * - 赵秀兰 (demo-p4, 东岭镇卫生院) registered again at the county hospital as 赵秀岚 (homophone), born 1948-02-11
 *   instead of 1948-11-02 (day and month swapped), with another phone and no ID card: likely the same person, but
 *   not certain, so the pair waits in the review queue (待审核匹配).
 * Written through the store as each institution's system context, like an institution's HIS registering a
 * patient; the index matches them from the Patient events by itself. Fixed ids: running it again changes nothing.
 */
export async function seedPatientIndexDemo(ctx: ModuleContext): Promise<void> {
  const zhang = await readPatient(ctx, 'demo-p1');
  const zhao = await readPatient(ctx, 'demo-p4');
  if (!zhang || !zhao) return; // no demo region

  const zhangIdCard = zhang.identifier?.find((i) => i.system === ID_CARD_SYSTEM)?.value;
  await register(ctx, 'thc-hexi', {
    resourceType: 'Patient',
    id: 'demo-p1-hexi',
    active: true,
    identifier: [
      ...(zhangIdCard ? [{ use: 'official' as const, system: ID_CARD_SYSTEM, value: zhangIdCard }] : []),
      { use: 'usual', system: `${MRN_SYSTEM_PREFIX}/thc-hexi`, value: 'HX2026-0417' },
    ],
    name: zhang.name,
    gender: zhang.gender,
    birthDate: zhang.birthDate,
    telecom: [{ system: 'phone', value: '13905718801', use: 'mobile' }],
    address: [{ use: 'home', text: '青山县河西镇河西村三组12号' }],
    managingOrganization: { reference: 'Organization/thc-hexi' },
  });

  await register(ctx, 'lead-hospital', {
    resourceType: 'Patient',
    id: 'demo-p4-lead',
    active: true,
    identifier: [{ use: 'usual', system: `${MRN_SYSTEM_PREFIX}/lead-hospital`, value: '202690004' }],
    name: [{ use: 'official', text: '赵秀岚', family: '赵', given: ['秀岚'] }],
    gender: 'female',
    birthDate: '1948-02-11',
    telecom: [{ system: 'phone', value: '13857720934', use: 'mobile' }],
    managingOrganization: { reference: 'Organization/lead-hospital' },
  });
}

async function readPatient(ctx: ModuleContext, id: string): Promise<Patient | undefined> {
  return (await ctx.store.read(ctx.systemContext, 'Patient', id).catch(() => undefined)) as Patient | undefined;
}

/** The module's system principal acting for the institution, so the record is the institution's own. */
function asInstitution(ctx: ModuleContext, institution: string): RequestContext {
  return { ...ctx.systemContext, principal: { ...ctx.systemContext.principal, institution, institutions: [institution] } };
}

async function register(ctx: ModuleContext, institution: string, patient: Patient & { id: string }): Promise<void> {
  await ctx.store.update(asInstitution(ctx, institution), patient);
}
