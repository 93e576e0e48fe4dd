import type { PractitionerRole, ServiceRequest, Specimen, Task } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import type { SpecimenList, SpecimenSummary, SpecimenTimeline, WardRejection } from '../contracts/specimens.ts';
import type { SpecimenStatus } from '../urls.ts';
import { SPECIMEN_EXT, TASK_CODES } from './codes.ts';
import { concessionOf } from './concession.ts';
import { ledgerOf } from './ledger.ts';
import { rejectionOf } from './reject.ts';
import { sampleNumberOf } from './sample-number.ts';
import { barcodeOf, departmentOf, patientIdOf, priorityOf, tubeCodeOf } from './specimen-fhir.ts';
import { scanSpecimen } from './scan.ts';
import { statusOf } from './status.ts';
import { REJECTION_REASONS, SPECIMEN_STATUS_NAMES } from './terminology.ts';
import { fieldError } from '../http/errors.ts';

/** A specimen's whole story: every status change with who and when, and every label printed. */
export async function specimenTimeline(ctx: ModuleContext, request: RequestContext, institution: string, barcode: string): Promise<SpecimenTimeline> {
  const { specimen } = await scanSpecimen(ctx, request, institution, barcode);
  const events = await ledgerOf(ctx.db, specimen.id);
  const { rows } = await ctx.db.query<{ at: Date | string; reprint: boolean; layout: string; actor_name: string | null }>('select at, reprint, layout, actor_name from lis_label_print where specimen_id = $1 order by id', [specimen.id]);
  return {
    specimenId: specimen.id,
    barcode,
    status: statusOf(specimen) ?? 'registered',
    events: events.map((e) => ({ status: e.status, statusName: SPECIMEN_STATUS_NAMES[e.status]?.zh ?? e.status, previousStatus: e.previousStatus, at: e.at, actor: e.actor, actorName: e.actorName, note: e.note })),
    labels: rows.map((r) => ({ at: new Date(r.at).toISOString(), reprint: r.reprint, layout: r.layout, actorName: r.actor_name })),
  };
}

export function summaryOf(s: Specimen & { id: string }, orders: ServiceRequest[], institution: string): SpecimenSummary {
  const status = statusOf(s) ?? 'registered';
  const rejection = rejectionOf(s);
  const concession = concessionOf(s);
  const sampleNumber = sampleNumberOf(s, institution);
  const department = departmentOf(s);
  const tube = tubeCodeOf(s);
  return {
    id: s.id,
    barcode: barcodeOf(s, institution),
    ...(sampleNumber ? { sampleNumber } : {}),
    status,
    statusName: SPECIMEN_STATUS_NAMES[status].zh,
    patient: patientIdOf(s) ? { id: patientIdOf(s)!, ...(s.subject?.display ? { name: s.subject.display } : {}) } : null,
    ...(department ? { department } : {}),
    ...(tube ? { tube } : {}),
    ...(s.type?.text ? { specimenType: s.type.text } : {}),
    panels: orders.filter((o) => (o.specimen ?? []).some((r) => r.reference === `Specimen/${s.id}`)).map((o) => o.code?.text ?? ''),
    priority: priorityOf(s),
    ...(s.receivedTime ? { receivedTime: s.receivedTime } : {}),
    ...(s.collection?.collectedDateTime ? { collectedAt: s.collection.collectedDateTime } : {}),
    ...(rejection ? { rejection: { reason: rejection.reason, reasonName: REJECTION_REASONS[rejection.reason]?.zh ?? rejection.reason, ...(rejection.note ? { note: rejection.note } : {}), ...(rejection.at ? { at: rejection.at } : {}) } } : {}),
    ...(concession ? { concession: { kind: concession.kind, reason: concession.reason } } : {}),
  };
}

export interface SpecimenFilter {
  status?: SpecimenStatus;
  department?: string;
  /** Registration dates (China), inclusive; default today. */
  from?: string;
  to?: string;
  _count?: number;
  _offset?: number;
}

/** Start of a China calendar day as an instant. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);

/**
 * Specimens registered in a date range, by current status and ordering department, newest first, with paging: one
 * partial index of the ledger's current rows picks the page, then one store search (as the caller) brings the
 * Specimens with their orders.
 */
export async function listSpecimens(ctx: ModuleContext, request: RequestContext, institution: string, f: SpecimenFilter): Promise<SpecimenList> {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const from = dayStart(f.from ?? f.to ?? today);
  const to = new Date(dayStart(f.to ?? f.from ?? today).getTime() + 86_400_000);
  if (from >= to) throw fieldError(400, 'to', '结束日期不能早于开始日期', 'to is before from');
  const where = ['institution = $1', 'current', 'registered_at >= $2', 'registered_at < $3'];
  const params: unknown[] = [institution, from.toISOString(), to.toISOString()];
  if (f.status) where.push(`status = $${params.push(f.status)}`);
  if (f.department) where.push(`department = $${params.push(f.department)}`);
  const count = await ctx.db.query<{ n: number | string }>(`select count(*) as n from lis_specimen_event where ${where.join(' and ')}`, params);
  const total = Number(count.rows[0].n);
  const page = await ctx.db.query<{ specimen_id: string; registered_at: Date | string }>(
    `select specimen_id, registered_at from lis_specimen_event where ${where.join(' and ')}
     order by registered_at desc, id desc limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, f._count ?? 50, f._offset ?? 0],
  );
  if (!page.rows.length) return { total, items: [] };
  const found = await ctx.store.search(request, 'Specimen', [['_id', page.rows.map((r) => r.specimen_id).join(',')], ['_revinclude', 'ServiceRequest:specimen'], ['_count', String(page.rows.length)]]);
  const byId = new Map(found.resources.map((s) => [s.id!, s as Specimen & { id: string }]));
  const orders = found.included.filter((r): r is ServiceRequest => r.resourceType === 'ServiceRequest');
  const items = page.rows.flatMap((r) => {
    const s = byId.get(r.specimen_id);
    return s ? [{ ...summaryOf(s, orders, institution), registeredAt: new Date(r.registered_at).toISOString() }] : [];
  });
  return { total, items };
}

/** The department the caller works in (their PractitionerRole's department), if recorded. */
async function callerDepartment(ctx: ModuleContext, request: RequestContext): Promise<string | undefined> {
  const profile = request.principal.profile;
  if (!profile?.startsWith('Practitioner/')) return undefined;
  const roles = await ctx.store.search(request, 'PractitionerRole', [['practitioner', profile], ['_count', '10']]);
  for (const role of roles.resources as PractitionerRole[]) {
    const dept = role.extension?.find((e) => e.url === SPECIMEN_EXT.department)?.valueReference?.reference;
    if (dept && (!request.principal.institution || role.organization?.reference === `Organization/${request.principal.institution}`)) return dept.replace(/^Organization\//, '');
  }
  return undefined;
}

/**
 * What the ordering ward sees (seed 001 §1.4.1.1: 拒收信息自动提交到医生站): its recollection tasks with the
 * rejected specimens and reasons — open ones by default. The department defaults to the caller's own.
 */
export async function wardRejections(ctx: ModuleContext, request: RequestContext, institution: string, filter: { department?: string; status?: 'open' | 'all' }): Promise<WardRejection[]> {
  const department = filter.department ?? (await callerDepartment(ctx, request));
  if (!department) throw fieldError(400, 'department', '请指定科室（当前用户未登记所属科室）', 'Name the department (the caller has none on record)', 'required');
  const found = await ctx.store.search(request, 'Task', [
    ['code', `${TASK_CODES}|recollect`],
    ['owner', `Organization/${department}`],
    ...(filter.status === 'all' ? [] : ([['status', 'requested,received,accepted,ready,in-progress']] as [string, string][])),
    ['_include', 'Task:focus'],
    ['_sort', '-authored-on'],
    ['_count', '200'],
  ]);
  const specimens = new Map(found.included.filter((r) => r.resourceType === 'Specimen').map((s) => [s.id!, s as Specimen & { id: string }]));
  return (found.resources as (Task & { id: string })[]).flatMap((task) => {
    const specimen = specimens.get(task.focus?.reference?.replace(/^Specimen\//, '') ?? '');
    if (!specimen) return [];
    const rejection = rejectionOf(specimen);
    const reason = task.reasonCode?.coding?.[0]?.code ?? rejection?.reason ?? 'other';
    return [
      {
        taskId: task.id,
        taskStatus: task.status,
        barcode: barcodeOf(specimen, institution),
        specimenId: specimen.id,
        patient: patientIdOf(specimen) ? { id: patientIdOf(specimen)!, ...(specimen.subject?.display ? { name: specimen.subject.display } : {}) } : null,
        reason,
        reasonName: REJECTION_REASONS[reason]?.zh ?? reason,
        ...(rejection?.note ? { note: rejection.note } : {}),
        ...(rejection?.at ? { rejectedAt: rejection.at } : {}),
        panels: (specimen.request ?? []).map((r) => r.display ?? '').filter(Boolean),
      },
    ];
  });
}
