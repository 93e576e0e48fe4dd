import type { Observation, Patient, Task } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import type { CriticalValueItem } from '../../contracts/results.ts';
import { CRITICAL_ACK, TASK_CODE_SYSTEM } from '../codes.ts';
import { idOf } from '../fhir.ts';
import { criticalItem } from './list.ts';
import { actorName, type LabCaller, practitionerOf } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';

/**
 * 危急值确认: the person who took the call closes the critical-value Task, with who, when and what they noted (the
 * read-back, what was done). Only open Tasks of the caller's institution; a second acknowledgement is a 409.
 */
export async function acknowledgeCriticalValue(ctx: ModuleContext, caller: LabCaller, taskId: string, note: string | undefined): Promise<CriticalValueItem> {
  return ctx.store.inUnit(caller.request, async (unit) => {
    const task = (await ctx.store.read(caller.request, 'Task', taskId, unit).catch((err: { status?: number }) => {
      if (err.status === 404 || err.status === 410 || err.status === 403) throw fieldError(404, 'taskId', `危急值 ${taskId} 不存在`, `Critical value ${taskId} does not exist`, 'not-found');
      throw err;
    })) as Task & { id: string };
    if (!task.code?.coding?.some((c) => c.system === TASK_CODE_SYSTEM && c.code === CRITICAL_ACK)) {
      throw fieldError(404, 'taskId', `${taskId} 不是危急值`, `${taskId} is not a critical value`, 'not-found');
    }
    if (task.status === 'completed') throw fieldError(409, 'taskId', '该危急值已确认', 'This critical value has already been acknowledged', 'conflict');
    const now = new Date().toISOString();
    const who = actorName(caller.principal);
    const practitioner = practitionerOf(caller.principal);
    const acknowledged: Task = {
      ...task,
      status: 'completed',
      lastModified: now,
      executionPeriod: { ...(task.authoredOn ? { start: task.authoredOn } : {}), end: now },
      output: [{ type: { text: 'acknowledged-by' }, valueString: who }],
      note: [...(task.note ?? []), { ...(practitioner ? { authorReference: { reference: practitioner, display: who } } : { authorString: who }), time: now, text: note?.trim() || '已确认 / acknowledged' }],
    };
    const written = (await ctx.store.updateIn(unit, caller.request, acknowledged, { ifMatch: task.meta?.versionId })).resource as Task & { id: string };
    const observation = (await ctx.store.read(caller.request, 'Observation', idOf(task.focus) ?? '-', unit).catch(() => undefined)) as Observation | undefined;
    const patient = (await ctx.store.read(caller.request, 'Patient', idOf(task.for) ?? '-', unit).catch(() => undefined)) as Patient | undefined;
    return criticalItem(written, observation, patient, caller.institution);
  });
}
