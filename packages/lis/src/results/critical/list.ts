import type { Observation, Patient, Task } from '@medplum/fhirtypes';
import { MAX_COUNT, type ModuleContext, type RequestContext } from '@medunion/kernel';
import type { CriticalValueItem } from '../../contracts/results.ts';
import { CRITICAL_ACK, TASK_CODE_SYSTEM } from '../codes.ts';
import { idOf, testCodeOf, valueText } from '../fhir.ts';
import { flagOf } from '../interpretation.ts';

/** A critical-value Task as the ward and the laboratory list it, with its result and patient. */
export function criticalItem(task: Task & { id: string }, observation: Observation | undefined, patient: Patient | undefined, institution: string): CriticalValueItem {
  const done = task.status === 'completed';
  const ack = task.note?.[task.note.length - 1];
  return {
    taskId: task.id,
    status: done ? 'acknowledged' : 'open',
    raisedAt: task.authoredOn ?? '',
    observationId: idOf(task.focus) ?? '',
    patientId: idOf(task.for) ?? '',
    ...(patient?.name?.[0]?.text ? { patientName: patient.name[0].text } : {}),
    ...(observation ? { testCode: testCodeOf(observation, institution), testName: observation.code?.text } : {}),
    value: observation ? valueText(observation) : '',
    ...(observation?.valueQuantity?.unit ? { unit: observation.valueQuantity.unit } : {}),
    flag: flagOf(observation?.interpretation),
    ...(task.owner?.display ? { department: task.owner.display } : {}),
    message: task.description ?? '',
    ...(done ? { acknowledgedAt: task.executionPeriod?.end, acknowledgedBy: task.output?.[0]?.valueString, ...(ack?.text ? { note: ack.text } : {}) } : {}),
  };
}

/**
 * Critical values of the caller's institution (the caller's read access applies), open ones by default, newest
 * first; each with its result and patient (two more searches for the page, not one per item).
 */
export async function listCriticalValues(
  ctx: ModuleContext,
  request: RequestContext,
  institution: string,
  filter: { status: 'open' | 'acknowledged' | 'all'; patient?: string; count: number },
): Promise<CriticalValueItem[]> {
  const status = filter.status === 'open' ? 'requested' : filter.status === 'acknowledged' ? 'completed' : 'requested,completed';
  const page = await ctx.store.search(request, 'Task', [
    ['code', `${TASK_CODE_SYSTEM}|${CRITICAL_ACK}`],
    ['status', status],
    ...(filter.patient ? ([['patient', `Patient/${filter.patient}`]] as [string, string][]) : []),
    ['_sort', '-authored-on'],
    ['_count', String(Math.min(MAX_COUNT, filter.count))],
  ]);
  const tasks = page.resources as (Task & { id: string })[];
  const ids = [...new Set(tasks.map((t) => idOf(t.focus)).filter((id): id is string => !!id))];
  const focus = ids.length ? await ctx.store.search(request, 'Observation', [['_id', ids.join(',')], ['_include', 'Observation:subject'], ['_count', String(ids.length)]]) : undefined;
  const found = focus ? [...focus.resources, ...focus.included] : [];
  const observations = new Map(found.filter((r) => r.resourceType === 'Observation').map((o) => [o.id!, o as Observation]));
  const patients = new Map(found.filter((r) => r.resourceType === 'Patient').map((p) => [p.id!, p as Patient]));
  return tasks.map((t) => criticalItem(t, observations.get(idOf(t.focus) ?? ''), patients.get(idOf(t.for) ?? ''), institution));
}
