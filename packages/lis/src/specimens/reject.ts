import type { Extension, Specimen, Task } from '@medplum/fhirtypes';
import { INSTITUTION_EXTENSION, type ModuleContext, type RequestContext } from '@medunion/kernel';
import type { RejectInput } from '../contracts/specimens.ts';
import { CS } from '../urls.ts';
import { SPECIMEN_EXT, TASK_CODES } from './codes.ts';
import { barcodeOf, departmentOf, priorityOf } from './specimen-fhir.ts';
import { scanSpecimen } from './scan.ts';
import { moveSpecimen } from './status.ts';
import { REJECTION_REASONS } from './terminology.ts';
import { fieldError } from '../http/errors.ts';

export interface Rejection {
  reason: string;
  note?: string;
  at?: string;
  by?: string;
}

/** The rejection a Specimen carries, if any. */
export function rejectionOf(s: Specimen): Rejection | undefined {
  const ext = s.extension?.find((e) => e.url === SPECIMEN_EXT.rejection);
  if (!ext) return undefined;
  const sub = (url: string) => ext.extension?.find((e) => e.url === url);
  return {
    reason: sub('reason')?.valueCoding?.code ?? 'other',
    ...(sub('note')?.valueString ? { note: sub('note')!.valueString } : {}),
    ...(sub('at')?.valueDateTime ? { at: sub('at')!.valueDateTime } : {}),
    ...(sub('by')?.valueString ? { by: sub('by')!.valueString } : {}),
  };
}

function rejectionExtension(reason: string, note: string | undefined, at: Date, by: string): Extension {
  return {
    url: SPECIMEN_EXT.rejection,
    extension: [
      { url: 'reason', valueCoding: { system: CS.rejectionReason, code: reason, display: REJECTION_REASONS[reason].zh } },
      ...(note ? [{ url: 'note', valueString: note }] : []),
      { url: 'at', valueDateTime: at.toISOString() },
      { url: 'by', valueString: by },
    ],
  };
}

/**
 * 标本拒收: the specimen becomes `rejected` (Specimen.status unsatisfactory, the reason from CS.rejectionReason in
 * an extension and a note), and a `recollect` Task goes to the ordering department — what the ward sees. Refused
 * (409 naming `status`) once results exist. Specimen, ledger row and Task commit together.
 */
export async function rejectSpecimen(ctx: ModuleContext, request: RequestContext, institution: string, barcode: string, input: RejectInput): Promise<{ specimen: Specimen & { id: string }; task: Task & { id: string } }> {
  const reason = REJECTION_REASONS[input.reason];
  if (!reason) throw fieldError(400, 'reason', `未知的拒收原因 ${input.reason}（可选 ${Object.keys(REJECTION_REASONS).join('、')}）`, `Unknown rejection reason ${input.reason}`, 'code-invalid');
  return ctx.store.inUnit(request, async (unit) => {
    const { specimen, orders } = await scanSpecimen(ctx, request, institution, barcode, 'barcode', unit);
    const at = new Date();
    const by = request.principal.displayName ?? request.principal.username ?? request.principal.id;
    const text = `${reason.zh}${input.note ? `：${input.note}` : ''}`;
    const { specimen: written } = await moveSpecimen(ctx, unit, request, specimen.id, 'rejected', {
      at,
      note: `拒收：${text}`,
      change: (s) => ({
        ...s,
        extension: [...(s.extension ?? []).filter((e) => e.url !== SPECIMEN_EXT.rejection), rejectionExtension(input.reason, input.note, at, by)],
        note: [...(s.note ?? []), { text: `拒收 / rejected: ${text}`, time: at.toISOString(), authorString: by }],
      }),
    });
    const department = departmentOf(specimen);
    const task: Task = {
      resourceType: 'Task',
      meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }] },
      ...(department ? { extension: [{ url: SPECIMEN_EXT.department, valueReference: { reference: `Organization/${department}` } }] } : {}),
      status: 'requested',
      intent: 'order',
      priority: priorityOf(specimen) === 'stat' ? 'stat' : 'routine',
      code: { coding: [{ system: TASK_CODES, code: 'recollect', display: '重新采集标本' }] },
      description: `标本 ${barcodeOf(specimen, institution)} 已拒收（${text}），请重新采集 / Specimen rejected (${reason.en}): collect again`,
      focus: { reference: `Specimen/${specimen.id}`, display: barcodeOf(specimen, institution) },
      ...(specimen.subject ? { for: specimen.subject } : {}),
      basedOn: orders.map((o) => ({ reference: `ServiceRequest/${o.id}` })),
      authoredOn: at.toISOString(),
      ...(request.principal.profile ? { requester: { reference: request.principal.profile, display: by } } : {}),
      ...(department ? { owner: { reference: `Organization/${department}` } } : {}),
      reasonCode: { coding: [{ system: CS.rejectionReason, code: input.reason, display: reason.zh }], ...(input.note ? { text: input.note } : {}) },
    };
    const created = await ctx.store.createIn(unit, request, task, {});
    return { specimen: written, task: created.resource as Task & { id: string } };
  });
}
