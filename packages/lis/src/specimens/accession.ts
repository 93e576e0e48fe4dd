import { randomUUID } from 'node:crypto';
import type { ServiceRequest, Specimen } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext, type RequestContext, type Unit } from '@medunion/kernel';
import { loadCatalogue, loadTubes } from '../catalogue/lookup.ts';
import type { CatalogueTube } from '../contracts/catalogue.ts';
import type { AccessionedSpecimen } from '../contracts/specimens.ts';
import { sid } from '../urls.ts';
import { barcodeOf, departmentOf, isStat, specimenToFhir } from './specimen-fhir.ts';
import { MAX_DAILY_SEQUENCE, makeBarcode } from './barcode.ts';
import { chinaDay, reserve } from './counter.ts';
import { panelCodeOf } from './find.ts';
import { actorFrom, registerInLedger } from './ledger.ts';
import { statusOf } from './status.ts';
import { fieldError, issueAt } from '../http/errors.ts';

type Order = ServiceRequest & { id: string };

/** Specimens already serving the orders that still count (not rejected): their orders need no new tube. */
async function liveSpecimenIds(ctx: ModuleContext, request: RequestContext, unit: Unit, orders: Order[]): Promise<Set<string>> {
  const ids = [...new Set(orders.flatMap((o) => (o.specimen ?? []).map((s) => s.reference?.replace(/^Specimen\//, '') ?? '')).filter(Boolean))];
  if (!ids.length) return new Set();
  const found = await ctx.store.search(request, 'Specimen', [['_id', ids.join(',')], ['_count', String(ids.length)]], unit);
  return new Set((found.resources as Specimen[]).filter((s) => statusOf(s) !== 'rejected').map((s) => s.id!));
}

const tubeView = (t: CatalogueTube): AccessionedSpecimen['tube'] => ({ code: t.code, name: t.name, capColour: t.capColour, capColourName: t.capColourName, capColourHex: t.capColourHex, specimenType: t.specimenType });

/**
 * Accession (分管与条码): splits orders into tubes inside the caller's unit. Orders of one patient whose panels are
 * collected in the same tube type (SpecimenDefinition) share one Specimen; each new Specimen gets the next barcode
 * of the institution's day, status `registered` in the ledger, and its orders point at it. Orders that are not
 * active, or that already have a specimen that was not rejected, are left alone (re-accession after a rejection
 * makes a new tube). `path` names the orders in errors.
 */
export async function accessionIn(ctx: ModuleContext, unit: Unit, request: RequestContext, institution: string, orders: Order[], path = 'orders'): Promise<AccessionedSpecimen[]> {
  const [{ panels }, tubes] = [await loadCatalogue(ctx, institution), await loadTubes(ctx, institution)];
  const live = await liveSpecimenIds(ctx, request, unit, orders);
  const pending = orders.filter((o) => o.status === 'active' && !(o.specimen ?? []).some((s) => live.has(s.reference?.replace(/^Specimen\//, '') ?? '')));
  const groups = new Map<string, { tube: CatalogueTube; orders: Order[] }>();
  const problems = pending.flatMap((o) => {
    const i = orders.indexOf(o);
    const panel = panels.get(panelCodeOf(o, institution) ?? '');
    if (!panel) return [issueAt(`${path}[${i}]`, `医嘱 ${o.id} 的检验组合不在本机构目录中或已停用`, `Order ${o.id} names a panel that is not in the catalogue or is retired`, 'code-invalid')];
    const tube = tubes.get(panel.specimenDefinition);
    if (!tube) return [issueAt(`${path}[${i}]`, `检验组合 ${panel.code} 的标本容器 ${panel.specimenDefinition} 不存在或已停用`, `Tube ${panel.specimenDefinition} of panel ${panel.code} is missing or retired`, 'code-invalid')];
    if (!o.subject?.reference?.startsWith('Patient/')) return [issueAt(`${path}[${i}]`, `医嘱 ${o.id} 没有患者`, `Order ${o.id} has no patient`, 'required')];
    const key = `${o.subject.reference}|${tube.code}`;
    const group = groups.get(key) ?? { tube, orders: [] };
    group.orders.push(o);
    groups.set(key, group);
    return [];
  });
  if (problems.length) throw new FhirError(422, problems);
  if (!groups.size) return [];

  const day = chinaDay();
  const first = await reserve(unit.tx, institution, 'barcode', day, groups.size);
  if (first + groups.size - 1 > MAX_DAILY_SEQUENCE) throw fieldError(503, 'barcode', '今日条码号已用尽', "Today's barcode numbers are used up", 'transient');
  const made = [...groups.values()].map((g, n) => ({ ...g, specimen: specimenToFhir({ id: randomUUID(), institution, barcode: makeBarcode(day, first + n), tube: g.tube, orders: g.orders }) }));
  await ctx.store.createManyIn(unit, request, made.map((m) => ({ resource: m.specimen, id: m.specimen.id })), (_i, err) => err);
  const linked = new Map<string, Order>();
  for (const m of made) {
    for (const o of m.orders) {
      const current = linked.get(o.id) ?? o;
      linked.set(o.id, { ...current, specimen: [...(current.specimen ?? []), { reference: `Specimen/${m.specimen.id}`, display: barcodeOf(m.specimen, institution) }] });
    }
  }
  await ctx.store.updateManyIn(unit, request, [...linked.values()].map((o) => ({ resource: o, ifMatch: o.meta?.versionId })), (_i, err) => err);
  const now = new Date();
  await registerInLedger(
    unit.tx,
    made.map((m) => ({ institution, specimenId: m.specimen.id, barcode: barcodeOf(m.specimen, institution), patientId: m.specimen.subject!.reference!.slice('Patient/'.length), department: departmentOf(m.orders[0]) })),
    actorFrom(request.principal),
    now,
  );
  return made.map((m) => ({
    id: m.specimen.id,
    barcode: barcodeOf(m.specimen, institution),
    patientId: m.specimen.subject!.reference!.slice('Patient/'.length),
    tube: tubeView(m.tube),
    panels: m.orders.map((o) => ({ code: panelCodeOf(o, institution) ?? '', name: o.code?.text ?? '' })),
    priority: isStat(m.orders) ? 'stat' : 'routine',
  }));
}

/** The orders to accession: every line of a requisition, or the given ids; 404/422 naming the field when none. */
export async function ordersToAccession(ctx: ModuleContext, request: RequestContext, institution: string, input: { requisition?: string; orders?: string[] }, unit: Unit): Promise<Order[]> {
  if (input.requisition) {
    const found = await ctx.store.search(request, 'ServiceRequest', [['requisition', `${sid.requisition(institution)}|${input.requisition}`], ['_sort', 'authored'], ['_count', '200']], unit);
    if (!found.resources.length) throw fieldError(404, 'requisition', `申请单 ${input.requisition} 不存在`, `No requisition ${input.requisition}`, 'not-found');
    return found.resources as Order[];
  }
  const ids = input.orders ?? [];
  if (!ids.length) throw fieldError(400, 'requisition', '须给出 requisition（申请单号）或 orders（医嘱 id）', 'Give a requisition or order ids', 'required');
  const found = await ctx.store.search(request, 'ServiceRequest', [['_id', ids.join(',')], ['_count', String(ids.length)]], unit);
  const byId = new Map(found.resources.map((r) => [r.id!, r as Order]));
  const missing = ids.map((id, i) => [id, i] as const).filter(([id]) => !byId.has(id));
  if (missing.length) throw new FhirError(404, missing.map(([id, i]) => issueAt(`orders[${i}]`, `医嘱 ${id} 不存在或无权访问`, `Order ${id} does not exist or is not visible`, 'not-found')));
  return ids.map((id) => byId.get(id)!);
}
