import type { Communication, Observation, Reference, Task } from '@medplum/fhirtypes';
import type { Interpretation } from '@medunion/labcore';
import type { ModuleContext, RequestContext, Unit } from '@medunion/kernel';
import type { SpecimenWork, TestDefinition } from '../../ports.ts';
import { COMMUNICATION_CATEGORY_SYSTEM, CRITICAL_ACK, CRITICAL_CATEGORY, TASK_CODE_SYSTEM, criticalSid } from '../codes.ts';
import { ref, resultKey, valueText } from '../fhir.ts';
import { orderingUnitOf } from './ordering-unit.ts';

export interface CriticalValue {
  observation: Observation & { id: string };
  test: TestDefinition;
  interpretation: Interpretation;
}

/** The notice text: who, what, how far beyond which limit — in both languages. */
export function criticalMessage(c: CriticalValue, patientName: string): string {
  const value = `${valueText(c.observation)}${c.observation.valueQuantity?.unit ? ` ${c.observation.valueQuantity.unit}` : ''}`;
  return `危急值：${patientName} ${c.test.name} ${value}（${c.interpretation.reason['zh-CN']}），请立即处理并确认 / Critical value: ${patientName} ${c.test.abbreviation ?? c.test.name} ${value} (${c.interpretation.reason.en}); act on it and acknowledge`;
}

/**
 * Raises a critical value (危急值) the moment its result is recorded, in the recording transaction: a Communication
 * to the ordering department and doctor, and a `critical-value-ack` Task owned by them that stays open until someone
 * acknowledges it (`acknowledgeCriticalValue`). One notice per result and value: recording the same value again
 * raises nothing new, a different critical value raises a new one.
 */
export async function raiseCriticalValues(
  ctx: ModuleContext,
  unit: Unit,
  request: RequestContext,
  args: { institution: string; work: SpecimenWork; patientName: string; values: CriticalValue[]; at: string },
): Promise<(Task & { id: string })[]> {
  const ordering = orderingUnitOf(args.work.orders);
  const recipients = [ordering.department, ordering.doctor].filter((r): r is Reference => !!r) as Reference<never>[];
  const tasks: (Task & { id: string })[] = [];
  for (const c of args.values) {
    const key = `${resultKey(args.work.barcode, c.test.code)}/${valueText(c.observation)}`;
    const identifier = [{ system: criticalSid(args.institution), value: key }];
    const ifNoneExist = new URLSearchParams({ identifier: `${criticalSid(args.institution)}|${key}` }).toString();
    const message = criticalMessage(c, args.patientName);
    const basedOn = c.observation.basedOn;
    const notice: Communication = {
      resourceType: 'Communication',
      identifier,
      ...(basedOn ? { basedOn } : {}),
      status: 'completed',
      category: [{ coding: [{ system: COMMUNICATION_CATEGORY_SYSTEM, code: CRITICAL_CATEGORY, display: '危急值' }] }],
      priority: 'stat',
      ...(args.work.patientId ? { subject: ref('Patient', args.work.patientId) } : {}),
      about: [ref('Observation', c.observation.id)],
      sent: args.at,
      ...(recipients.length ? { recipient: recipients } : {}),
      sender: ref('Organization', args.institution),
      payload: [{ contentString: message }],
    };
    await ctx.store.createIn(unit, request, notice, { ifNoneExist, institution: args.institution });
    const task: Task = {
      resourceType: 'Task',
      identifier,
      ...(basedOn ? { basedOn } : {}),
      status: 'requested',
      intent: 'order',
      priority: 'stat',
      code: { coding: [{ system: TASK_CODE_SYSTEM, code: CRITICAL_ACK, display: '危急值确认' }] },
      description: message,
      focus: ref('Observation', c.observation.id),
      ...(args.work.patientId ? { for: ref('Patient', args.work.patientId) } : {}),
      authoredOn: args.at,
      lastModified: args.at,
      requester: ref('Organization', args.institution),
      ...(recipients[0] ? { owner: recipients[0] } : {}),
    };
    const written = await ctx.store.createIn(unit, request, task, { ifNoneExist, institution: args.institution });
    tasks.push(written.resource as Task & { id: string });
  }
  return tasks;
}
