import type { ServiceRequest, Specimen } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext, type RequestContext } from '@medunion/kernel';
import type { LabOrderLine } from '../contracts/specimens.ts';
import { lockCurrent } from '../specimens/ledger.ts';
import { moveSpecimen } from '../specimens/status.ts';
import { sid } from '../urls.ts';
import { orderLineOf } from './order-fhir.ts';
import { panelCodeOf } from '../specimens/find.ts';
import { fieldError, issueAt } from '../http/errors.ts';

type Order = ServiceRequest & { id: string };

/**
 * Cancels (撤销) order lines of a requisition before collection: each becomes `revoked` with the reason. A line whose
 * tube was already collected cannot be cancelled here (409 naming it): the laboratory rejects the specimen instead.
 * A registered tube left serving no live order is closed in the ledger as rejected ("申请已撤销") and marked
 * entered-in-error, so nobody collects it. All or nothing.
 */
export async function cancelOrder(ctx: ModuleContext, request: RequestContext, institution: string, requisition: string, input: { panels?: string[]; reason: string }): Promise<LabOrderLine[]> {
  return ctx.store.inUnit(request, async (unit) => {
    const found = (await ctx.store.search(request, 'ServiceRequest', [['requisition', `${sid.requisition(institution)}|${requisition}`], ['_sort', 'authored'], ['_count', '200']], unit)).resources as Order[];
    if (!found.length) throw fieldError(404, 'requisition', `申请单 ${requisition} 不存在`, `No requisition ${requisition}`, 'not-found');
    const chosen = found.filter((o) => !input.panels || input.panels.includes(panelCodeOf(o, institution) ?? ''));
    const unknown = (input.panels ?? []).map((p, i) => [p, i] as const).filter(([p]) => !found.some((o) => panelCodeOf(o, institution) === p));
    if (unknown.length) throw new FhirError(404, unknown.map(([p, i]) => issueAt(`panels[${i}]`, `申请单中没有组合 ${p}`, `The requisition has no panel ${p}`, 'not-found')));
    const cancelled = new Set<string>();
    const problems = [];
    for (const o of chosen) {
      if (o.status !== 'active') continue;
      for (const ref of o.specimen ?? []) {
        const current = await lockCurrent(unit.tx, ref.reference?.replace(/^Specimen\//, '') ?? '');
        if (current && current.status !== 'registered' && current.status !== 'rejected') {
          problems.push(issueAt(`panels`, `${o.code?.text ?? o.id} 的标本已${current.status === 'collected' ? '采集' : '送检'}，不能撤销（请由检验科拒收）`, `The specimen of ${o.code?.text ?? o.id} is already ${current.status}; reject it instead`, 'business-rule'));
        }
      }
      cancelled.add(o.id);
    }
    if (problems.length) throw new FhirError(409, problems);
    const revoked = chosen.filter((o) => cancelled.has(o.id)).map((o) => ({ ...o, status: 'revoked' as const, note: [...(o.note ?? []), { text: `撤销原因 / cancelled: ${input.reason}` }] }));
    if (revoked.length) await ctx.store.updateManyIn(unit, request, revoked.map((o) => ({ resource: o, ifMatch: o.meta?.versionId })), (_i, err) => err);
    // Tubes that now serve no live order are closed.
    const specimenIds = [...new Set(revoked.flatMap((o) => (o.specimen ?? []).map((s) => s.reference?.replace(/^Specimen\//, '') ?? '')).filter(Boolean))];
    for (const id of specimenIds) {
      const current = await lockCurrent(unit.tx, id);
      if (current?.status !== 'registered') continue;
      const stillServes = found.some((o) => !cancelled.has(o.id) && o.status === 'active' && (o.specimen ?? []).some((s) => s.reference === `Specimen/${id}`));
      if (stillServes) continue;
      await moveSpecimen(ctx, unit, request, id, 'rejected', { note: `申请已撤销 / order cancelled: ${input.reason}`, change: (s: Specimen) => ({ ...s, status: 'entered-in-error' }) });
    }
    const byId = new Map(revoked.map((o) => [o.id, o]));
    return found.map((o) => orderLineOf(byId.get(o.id) ?? o, institution));
  });
}
