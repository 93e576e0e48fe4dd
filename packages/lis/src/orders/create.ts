import type { OperationOutcomeIssue, ServiceRequest } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext, type RequestContext, type Unit } from '@medunion/kernel';
import { loadCatalogue } from '../catalogue/lookup.ts';
import type { LabDuplicateOrder, LabOrderInput, LabOrderResult } from '../contracts/specimens.ts';
import type { PanelDefinition } from '../ports.ts';
import { accessionIn } from '../specimens/accession.ts';
import { chinaDay, reserve } from '../specimens/counter.ts';
import { sid } from '../urls.ts';
import { findDuplicates } from './duplicates.ts';
import { orderLineKey, orderLineOf, orderToFhir, type RequisitionFacts } from './order-fhir.ts';
import { resolveDepartment, resolvePatient, resolveRequester } from './parties.ts';
import { templatePanels } from './templates.ts';
import { fieldError, issueAt } from '../http/errors.ts';

type Order = ServiceRequest & { id: string };

/** An order checked and resolved, ready to write (its requisition number is drawn at write time when absent). */
export interface PreparedOrder {
  facts: Omit<RequisitionFacts, 'requisition'> & { requisition?: string };
  panels: PanelDefinition[];
  duplicates: LabDuplicateOrder[];
  accession: boolean;
  /** Where the order sits in the request (`rows[3]` of an import, '' for a single order), for error paths. */
  path: string;
}

const at = (path: string, field: string) => (path ? `${path}.${field}` : field);

/** Re-roots every issue of a FhirError under `path` (so an import names the row). */
export function underPath(err: FhirError, path: string): OperationOutcomeIssue[] {
  return err.issues.map((i) => ({ ...i, expression: (i.expression ?? ['$']).map((e) => (path ? (e === '$' ? path : `${path}.${e}`) : e)) }));
}

/**
 * Resolves and checks one order as the caller: the patient (id, MRN or ID card), department and requesting doctor;
 * panels and template panels against the cached catalogue (active panels only); an existing requisition number must
 * belong to the same patient; and the earlier unreported orders it duplicates. Throws 4xx FhirErrors naming fields.
 */
export async function prepareOrder(ctx: ModuleContext, request: RequestContext, institution: string, input: LabOrderInput, path = '', unit?: Unit): Promise<PreparedOrder> {
  const { panels: catalogue } = await loadCatalogue(ctx, institution);
  const codes = [...(input.panels ?? [])];
  if (input.template) codes.push(...(await templatePanels(ctx, request, institution, input.template, at(path, 'template'), unit)));
  if (!codes.length) throw fieldError(400, at(path, 'panels'), '至少须开一个检验组合（panels 或 template）', 'Order at least one panel (panels or template)', 'required');
  const unknown = codes.map((c, i) => [c, i] as const).filter(([c]) => !catalogue.has(c));
  if (unknown.length) {
    throw new FhirError(422, unknown.map(([c, i]) => issueAt(i < (input.panels ?? []).length ? at(path, `panels[${i}]`) : at(path, 'template'), `未知或已停用的检验组合 ${c}`, `Unknown or retired panel ${c}`, 'code-invalid')));
  }
  const panels = [...new Set(codes)].map((c) => catalogue.get(c)!);
  const patient = await resolvePatient(ctx, request, institution, input.patient, at(path, 'patient'), unit);
  if (input.requisition) {
    const earlier = await ctx.store.search(request, 'ServiceRequest', [['requisition', `${sid.requisition(institution)}|${input.requisition}`], ['_count', '1']], unit);
    const other = (earlier.resources as ServiceRequest[]).find((o) => o.subject?.reference !== `Patient/${patient.id}`);
    if (other) throw fieldError(409, at(path, 'requisition'), `申请单号 ${input.requisition} 已用于另一名患者`, `Requisition ${input.requisition} belongs to another patient`, 'conflict');
  }
  const department = input.department ? await resolveDepartment(ctx, request, institution, input.department, at(path, 'department'), unit) : undefined;
  const requester = await resolveRequester(ctx, request, input.requester, at(path, 'requester'), unit);
  const duplicates = await findDuplicates(ctx, request, institution, patient.id, panels, input.requisition, unit);
  return {
    facts: {
      institution,
      ...(input.requisition ? { requisition: input.requisition } : {}),
      patient: { id: patient.id, ...(patient.name ? { name: patient.name } : {}) },
      ...(input.patientType ? { patientType: input.patientType } : {}),
      ...(department ? { department } : {}),
      ...(input.ward ? { ward: input.ward } : {}),
      ...(input.bed ? { bed: input.bed } : {}),
      ...(requester ? { requester } : {}),
      priority: input.priority ?? 'routine',
      ...(input.diagnosis ? { diagnosis: input.diagnosis } : {}),
      ...(input.diagnosisCode ? { diagnosisCode: input.diagnosisCode } : {}),
      ...(input.note ? { note: input.note } : {}),
      authoredOn: new Date().toISOString(),
    },
    panels,
    duplicates,
    accession: !!input.accession,
    path,
  };
}

/** The duplicate-order warning: 409 with one warning per duplicated panel, to be confirmed with `confirmDuplicates`. */
export function duplicateWarning(prepared: PreparedOrder[]): FhirError {
  return new FhirError(
    409,
    prepared.flatMap((p) =>
      p.duplicates.map((d) => ({
        severity: 'warning' as const,
        code: 'duplicate' as const,
        details: {
          text: `患者已有尚未出报告的${d.panelName}（申请单 ${d.requisition}${d.authoredOn ? `，${d.authoredOn.slice(0, 16).replace('T', ' ')}` : ''}），确认重复开单请设置 confirmDuplicates / The patient already has an unreported ${d.panel} (requisition ${d.requisition}); set confirmDuplicates to order it again`,
        },
        expression: [at(p.path, 'panels')],
        diagnostics: JSON.stringify(d),
      })),
    ),
  );
}

/**
 * Writes a prepared order inside the caller's unit: one ServiceRequest per panel, created only if its order-line
 * identifier (`<requisition>/<panel>`) is new, so a resent order changes nothing; accessions it when asked.
 */
export async function writeOrderIn(ctx: ModuleContext, unit: Unit, request: RequestContext, p: PreparedOrder): Promise<LabOrderResult> {
  const institution = p.facts.institution;
  const requisition = p.facts.requisition ?? `R${chinaDay()}${String(await reserve(unit.tx, institution, 'requisition', chinaDay())).padStart(5, '0')}`;
  const facts: RequisitionFacts = { ...p.facts, requisition };
  const orders: Order[] = [];
  let created = 0;
  for (const panel of p.panels) {
    const result = await ctx.store.createIn(unit, request, orderToFhir(facts, panel), { ifNoneExist: `identifier=${encodeURIComponent(`${sid.orderLine(institution)}|${orderLineKey(requisition, panel.code)}`)}` });
    if (result.outcome === 'created') created++;
    const order = result.resource as Order;
    if (order.subject?.reference !== `Patient/${facts.patient.id}`) throw fieldError(409, at(p.path, 'requisition'), `申请单号 ${requisition} 已用于另一名患者`, `Requisition ${requisition} belongs to another patient`, 'conflict');
    orders.push(order);
  }
  const specimens = p.accession ? await accessionIn(ctx, unit, request, institution, orders, at(p.path, 'panels')) : undefined;
  return {
    requisition,
    patient: facts.patient,
    outcome: created ? 'created' : 'existing',
    orders: orders.map((o) => orderLineOf(o, institution)),
    duplicates: p.duplicates,
    ...(specimens ? { specimens } : {}),
  };
}

/** 检验申请: checks, warns about duplicates unless confirmed, then writes the requisition in one transaction. */
export async function createLabOrder(ctx: ModuleContext, request: RequestContext, institution: string, input: LabOrderInput): Promise<LabOrderResult> {
  const prepared = await prepareOrder(ctx, request, institution, input);
  if (prepared.duplicates.length && !input.confirmDuplicates) throw duplicateWarning([prepared]);
  return ctx.store.inUnit(request, (unit) => writeOrderIn(ctx, unit, request, prepared));
}

