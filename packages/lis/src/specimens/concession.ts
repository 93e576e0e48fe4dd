import type { Extension, Specimen, Task } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import type { ConcessionInput } from '../contracts/specimens.ts';
import { CS, EXT } from '../urls.ts';
import { SPECIMEN_EXT, TASK_CODES } from './codes.ts';
import { lockCurrent } from './ledger.ts';
import { scanSpecimen } from './scan.ts';
import { moveSpecimen } from './status.ts';
import { REJECTION_REASONS } from './terminology.ts';
import { fieldError } from '../http/errors.ts';

function concessionExtension(input: ConcessionInput, by: string, at: Date): Extension {
  return {
    url: EXT.concession,
    extension: [
      { url: 'kind', valueCode: input.kind },
      { url: 'reason', valueString: input.reason },
      ...(input.problem ? [{ url: 'problem', valueCoding: { system: CS.rejectionReason, code: input.problem, display: REJECTION_REASONS[input.problem].zh } }] : []),
      { url: 'by', valueString: by },
      { url: 'at', valueDateTime: at.toISOString() },
    ],
  };
}

/** The concession a Specimen carries, if any. */
export function concessionOf(s: Specimen): { kind: string; reason: string; problem?: string } | undefined {
  const ext = s.extension?.find((e) => e.url === EXT.concession);
  if (!ext) return undefined;
  const sub = (url: string) => ext.extension?.find((e) => e.url === url);
  return { kind: sub('kind')?.valueCode ?? 'quality', reason: sub('reason')?.valueString ?? '', ...(sub('problem')?.valueCoding?.code ? { problem: sub('problem')!.valueCoding!.code } : {}) };
}

/**
 * 让步检验: the laboratory tests a specimen despite a problem (`quality`, naming the problem accepted — also for a
 * specimen already rejected, whose open recollection task is then cancelled) or ahead of the normal flow
 * (`green-channel`: emergency, 绿色通道, 院批 — the specimen becomes stat). Records reason, who and when on the
 * Specimen; a specimen not yet received is received now. Refused once results exist (409).
 */
export async function allowConcession(ctx: ModuleContext, request: RequestContext, institution: string, barcode: string, input: ConcessionInput): Promise<Specimen & { id: string }> {
  if (input.problem && !REJECTION_REASONS[input.problem]) throw fieldError(400, 'problem', `未知的标本问题 ${input.problem}`, `Unknown specimen problem ${input.problem}`, 'code-invalid');
  if (input.kind === 'quality' && !input.problem) throw fieldError(400, 'problem', '质量让步须注明接受的标本问题', 'A quality concession names the problem accepted', 'required');
  return ctx.store.inUnit(request, async (unit) => {
    const { specimen } = await scanSpecimen(ctx, request, institution, barcode, 'barcode', unit);
    const current = await lockCurrent(unit.tx, specimen.id);
    const status = current?.status ?? 'registered';
    if (!['registered', 'collected', 'received', 'in-test', 'rejected'].includes(status)) {
      throw fieldError(409, 'status', '标本已出结果，不能让步检验', 'The specimen already has results: no concession possible', 'conflict');
    }
    const at = new Date();
    const by = request.principal.displayName ?? request.principal.username ?? request.principal.id;
    const change = (s: Specimen): Specimen => ({
      ...s,
      ...(s.receivedTime ? {} : { receivedTime: at.toISOString() }),
      extension: [
        ...(s.extension ?? []).filter((e) => e.url !== EXT.concession && (input.kind !== 'green-channel' || e.url !== SPECIMEN_EXT.priority)),
        concessionExtension(input, by, at),
        ...(input.kind === 'green-channel' ? [{ url: SPECIMEN_EXT.priority, valueCode: 'stat' }] : []),
      ],
    });
    const note = `让步检验（${input.kind === 'green-channel' ? '绿色通道' : `接受${REJECTION_REASONS[input.problem!].zh}`}）：${input.reason}`;
    if (status === 'received' || status === 'in-test') {
      const written = await ctx.store.updateIn(unit, request, change(specimen), { ifMatch: specimen.meta?.versionId });
      return written.resource as Specimen & { id: string };
    }
    const { specimen: moved } = await moveSpecimen(ctx, unit, request, specimen.id, 'received', { at, note, allowBackwards: status === 'rejected', change: (s) => ({ ...change(s), ...(status === 'rejected' ? { status: 'available' as const } : {}) }) });
    if (status === 'rejected') {
      const open = await ctx.store.search(request, 'Task', [['focus', `Specimen/${specimen.id}`], ['code', `${TASK_CODES}|recollect`], ['status', 'requested,received,accepted,ready,in-progress']], unit);
      for (const task of open.resources as (Task & { id: string })[]) {
        await ctx.store.updateIn(unit, request, { ...task, status: 'cancelled', statusReason: { text: `让步检验：${input.reason}` }, lastModified: at.toISOString() }, { ifMatch: task.meta?.versionId });
      }
    }
    return moved;
  });
}
