import type { PlanDefinition } from '@medplum/fhirtypes';
import { FhirError, INSTITUTION_EXTENSION, pinyinKeys, type ModuleContext, type RequestContext, type Unit } from '@medunion/kernel';
import { loadCatalogue } from '../catalogue/lookup.ts';
import { panelUrl } from '../catalogue/panel-fhir.ts';
import { isLabSection, LAB_SECTIONS } from '../catalogue/terminology.ts';
import type { LabOrderTemplate, LabOrderTemplateInput } from '../contracts/specimens.ts';
import { CS, EXT, MEDUNION } from '../urls.ts';
import { fieldError, issueAt } from '../http/errors.ts';

/**
 * Order templates (医嘱模板) for manual entry: a named set of panels per lab section, stored as a FHIR order set
 * (PlanDefinition of type order-set, one action per panel) tagged with its institution.
 */
const TEMPLATE_TAG = `${MEDUNION}/lis/CodeSystem/order-template`;
const templateSystem = (institution: string) => `${MEDUNION}/lis/sid/order-template/${institution}`;
const PLAN_TYPE = 'http://terminology.hl7.org/CodeSystem/plan-definition-type';

function templateToFhir(t: LabOrderTemplateInput, institution: string, panelNames: Map<string, string>, id?: string): PlanDefinition {
  return {
    resourceType: 'PlanDefinition',
    ...(id ? { id } : {}),
    meta: { tag: [{ system: TEMPLATE_TAG, code: institution }], extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }] },
    extension: [{ url: EXT.labSection, valueCoding: { system: CS.labSection, code: t.section, display: LAB_SECTIONS.find((s) => s.code === t.section)?.zh ?? t.section } }],
    identifier: [{ system: templateSystem(institution), value: t.code }],
    name: t.code.replace(/[^A-Za-z0-9_]/g, '_'),
    title: t.name,
    type: { coding: [{ system: PLAN_TYPE, code: 'order-set', display: 'Order Set' }] },
    status: t.active === false ? 'retired' : 'active',
    action: t.panels.map((code) => ({
      title: panelNames.get(code) ?? code,
      code: [{ coding: [{ system: CS.panels(institution), code, ...(panelNames.get(code) ? { display: panelNames.get(code) } : {}) }] }],
      definitionCanonical: panelUrl(institution, code),
    })),
  };
}

function templateFromFhir(p: PlanDefinition & { id: string }, institution: string): LabOrderTemplate {
  const name = p.title ?? '';
  return {
    id: p.id,
    code: p.identifier?.find((i) => i.system === templateSystem(institution))?.value ?? '',
    name,
    section: p.extension?.find((e) => e.url === EXT.labSection)?.valueCoding?.code ?? '',
    panels: (p.action ?? []).map((a) => a.code?.[0]?.coding?.[0]?.code ?? '').filter(Boolean),
    active: p.status !== 'retired',
    pinyin: pinyinKeys(name),
  };
}

async function storedTemplates(ctx: ModuleContext, request: RequestContext, institution: string, unit?: Unit): Promise<(PlanDefinition & { id: string })[]> {
  const found = await ctx.store.search(request, 'PlanDefinition', [['_tag', `${TEMPLATE_TAG}|${institution}`], ['_count', '1000'], ['_sort', 'title']], unit);
  return found.resources as (PlanDefinition & { id: string })[];
}

export async function listTemplates(ctx: ModuleContext, request: RequestContext, institution: string, filter: { section?: string; q?: string; active?: string }): Promise<LabOrderTemplate[]> {
  const q = filter.q?.trim().toLowerCase();
  return (await storedTemplates(ctx, request, institution))
    .map((p) => templateFromFhir(p, institution))
    .filter((t) => (filter.active ?? 'true') === 'all' || t.active === ((filter.active ?? 'true') === 'true'))
    .filter((t) => !filter.section || t.section === filter.section)
    .filter((t) => !q || t.code.toLowerCase().includes(q) || t.name.includes(filter.q!.trim()) || t.pinyin.some((k) => k.startsWith(q)));
}

/** The panels of an active template (422 naming `field` when there is none of that code). */
export async function templatePanels(ctx: ModuleContext, request: RequestContext, institution: string, code: string, field = 'template', unit?: Unit): Promise<string[]> {
  const t = (await storedTemplates(ctx, request, institution, unit)).map((p) => templateFromFhir(p, institution)).find((x) => x.code === code && x.active);
  if (!t) throw fieldError(422, field, `没有在用的医嘱模板 ${code}`, `No active order template ${code}`, 'not-found');
  return t.panels;
}

/** Creates or replaces a template (by code), checking its section and panels against the catalogue. */
export async function saveTemplate(ctx: ModuleContext, request: RequestContext, institution: string, input: LabOrderTemplateInput, mode: 'create' | 'update' | 'upsert'): Promise<LabOrderTemplate> {
  const { panels } = await loadCatalogue(ctx, institution);
  const issues = [
    ...(isLabSection(input.section) ? [] : [issueAt('section', `未知的专业组 ${input.section}`, `Unknown lab section ${input.section}`, 'code-invalid')]),
    ...input.panels.flatMap((code, i) => (panels.has(code) ? [] : [issueAt(`panels[${i}]`, `未知或已停用的检验组合 ${code}`, `Unknown or retired panel ${code}`, 'code-invalid')])),
  ];
  if (issues.length) throw new FhirError(400, issues);
  const names = new Map([...panels].map(([code, p]) => [code, p.name]));
  return ctx.store.inUnit(request, async (unit) => {
    await unit.tx.query('select pg_advisory_xact_lock(hashtext($1))', [`lis.order-templates:${institution}`]);
    const existing = (await storedTemplates(ctx, request, institution, unit)).find((p) => templateFromFhir(p, institution).code === input.code);
    if (mode === 'create' && existing) throw fieldError(409, 'code', `医嘱模板 ${input.code} 已存在`, `Order template ${input.code} already exists`, 'duplicate');
    if (mode === 'update' && !existing) throw fieldError(404, 'code', `医嘱模板 ${input.code} 不存在`, `No order template ${input.code}`, 'not-found');
    const resource = templateToFhir(input, institution, names, existing?.id);
    const written = existing ? await ctx.store.updateIn(unit, request, resource, {}) : await ctx.store.createIn(unit, request, resource, {});
    return templateFromFhir(written.resource as PlanDefinition & { id: string }, institution);
  });
}
