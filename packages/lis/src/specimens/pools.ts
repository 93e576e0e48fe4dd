import { randomUUID } from 'node:crypto';
import type { Patient, ServiceRequest, Specimen, Task } from '@medplum/fhirtypes';
import { FhirError, INSTITUTION_EXTENSION, type ModuleContext, type RequestContext, type Unit } from '@medunion/kernel';
import type { PoolMember, PoolResult } from '../contracts/specimens.ts';
import { mrnSystemOf, patientName } from '../orders/parties.ts';
import { EXT, sid } from '../urls.ts';
import { MAX_POOL_SIZE, RESIDENT_ID_CARD, SPECIMEN_EXT, TASK_CODES } from './codes.ts';
import { makeBarcode } from './barcode.ts';
import { chinaDay, reserve } from './counter.ts';
import { actorFrom, lockCurrent, registerInLedger } from './ledger.ts';
import { barcodeOf, departmentOf, isStat, patientIdOf, tubeCodeOf } from './specimen-fhir.ts';
import { scanSpecimen, type Scanned } from './scan.ts';
import { statusOf, withStatus } from './status.ts';
import { fieldError, issueAt } from '../http/errors.ts';

const membersOf = (pool: Specimen): string[] => (pool.extension ?? []).filter((e) => e.url === EXT.pooledFrom).map((e) => e.valueReference?.reference?.replace(/^Specimen\//, '') ?? '');
const isPositive = (pool: Specimen): boolean => pool.extension?.find((e) => e.url === SPECIMEN_EXT.poolResult)?.extension?.find((e) => e.url === 'result')?.valueCode === 'positive';

/**
 * 混检: pools up to ten individual specimens (one person each, same tube type, none rejected or already pooled)
 * into one new tube with its own barcode. The pool Specimen lists its members (EXT.pooledFrom) and serves all their
 * orders; each member points back at it (pooled-into) and its orders list the pool, so an analyzer result for the
 * pool's barcode finds every order. The pool has no single patient. 400 for more than ten members.
 */
export async function createPool(ctx: ModuleContext, request: RequestContext, institution: string, barcodes: string[]): Promise<PoolResult> {
  if (barcodes.length > MAX_POOL_SIZE) throw fieldError(400, 'members', `混检每管最多 ${MAX_POOL_SIZE} 个标本，收到 ${barcodes.length} 个`, `A pool takes at most ${MAX_POOL_SIZE} specimens, not ${barcodes.length}`, 'too-costly');
  if (barcodes.length < 2) throw fieldError(400, 'members', '混检至少需要 2 个标本', 'A pool needs at least 2 specimens', 'required');
  return ctx.store.inUnit(request, async (unit) => {
    const members: Scanned[] = [];
    const problems = [];
    for (const [i, barcode] of barcodes.entries()) {
      try {
        members.push(await scanSpecimen(ctx, request, institution, barcode, `members[${i}]`, unit));
      } catch (err) {
        if (!(err instanceof FhirError)) throw err;
        problems.push(...err.issues);
      }
    }
    if (problems.length) throw new FhirError(problems.some((p) => p.code === 'not-found') ? 404 : 400, problems);
    const tube = tubeCodeOf(members[0].specimen);
    const patients = new Map<string, number>();
    for (const [i, m] of members.entries()) {
      const status = (await lockCurrent(unit.tx, m.specimen.id))?.status;
      const at = `members[${i}]`;
      if (m.specimen.extension?.some((e) => e.url === SPECIMEN_EXT.pooledInto)) problems.push(issueAt(at, `标本 ${barcodes[i]} 已在另一混检管中`, `Specimen ${barcodes[i]} is already pooled`, 'business-rule'));
      if (m.specimen.extension?.some((e) => e.url === EXT.pooledFrom)) problems.push(issueAt(at, `${barcodes[i]} 本身是混检管`, `${barcodes[i]} is itself a pool`, 'business-rule'));
      if (status !== 'registered' && status !== 'collected' && status !== 'received') problems.push(issueAt(at, `标本 ${barcodes[i]} 的状态不能混检`, `Specimen ${barcodes[i]} cannot be pooled in its status (${status})`, 'business-rule'));
      if (tubeCodeOf(m.specimen) !== tube) problems.push(issueAt(at, `标本 ${barcodes[i]} 的容器与第一个不同`, `Specimen ${barcodes[i]} is in another tube type than the first`, 'business-rule'));
      const patient = patientIdOf(m.specimen) ?? '';
      if (patients.has(patient)) problems.push(issueAt(at, `同一人的标本重复（与第 ${patients.get(patient)! + 1} 个）`, `The same person twice (with member ${patients.get(patient)! + 1})`, 'duplicate'));
      patients.set(patient, i);
    }
    if (problems.length) throw new FhirError(409, problems);

    const day = chinaDay();
    const barcode = makeBarcode(day, await reserve(unit.tx, institution, 'barcode', day));
    const orders = members.flatMap((m) => m.orders);
    const first = members[0].specimen;
    const pool = withStatus(
      {
        resourceType: 'Specimen',
        id: randomUUID(),
        meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }] },
        extension: [
          ...(tube ? [{ url: SPECIMEN_EXT.tube, valueString: tube }] : []),
          { url: SPECIMEN_EXT.priority, valueCode: isStat(orders) ? 'stat' : 'routine' },
          ...members.map((m) => ({ url: EXT.pooledFrom, valueReference: { reference: `Specimen/${m.specimen.id}`, display: barcodeOf(m.specimen, institution) } })),
        ],
        identifier: [{ use: 'official', system: sid.barcode(institution), value: barcode }],
        ...(first.type ? { type: first.type } : {}),
        request: orders.map((o) => ({ reference: `ServiceRequest/${o.id}` })),
        ...(first.container ? { container: [{ ...first.container[0], identifier: [{ system: sid.barcode(institution), value: barcode }] }] } : {}),
        note: [{ text: `混检 ${members.length} 合 1 / pooled ${members.length}:1` }],
      },
      'registered',
    ) as Specimen & { id: string };
    await ctx.store.createIn(unit, request, pool, { id: pool.id });
    const poolRef = { reference: `Specimen/${pool.id}`, display: barcode };
    await ctx.store.updateManyIn(unit, request, members.map((m) => ({ resource: { ...m.specimen, extension: [...(m.specimen.extension ?? []), { url: SPECIMEN_EXT.pooledInto, valueReference: poolRef }] }, ifMatch: m.specimen.meta?.versionId })), (_i, e) => e);
    const uniqueOrders = new Map(orders.map((o) => [o.id, o]));
    await ctx.store.updateManyIn(unit, request, [...uniqueOrders.values()].map((o) => ({ resource: { ...o, specimen: [...(o.specimen ?? []), poolRef] } as ServiceRequest, ifMatch: o.meta?.versionId })), (_i, e) => e);
    await registerInLedger(unit.tx, [{ institution, specimenId: pool.id, barcode, department: departmentOf(first) }], actorFrom(request.principal), new Date(), `混检 ${members.length} 合 1`);
    return { pool: { id: pool.id, barcode, status: 'registered', positive: false }, members: await describeMembers(ctx, request, institution, members.map((m) => m.specimen), unit) };
  });
}

/** The people of a pool, for recall: name, phone, MRN and ID card, as the caller may see them. */
async function describeMembers(ctx: ModuleContext, request: RequestContext, institution: string, specimens: Specimen[], unit?: Unit, tasks: Map<string, string> = new Map()): Promise<PoolMember[]> {
  const ids = specimens.map((s) => patientIdOf(s)).filter((id): id is string => !!id);
  const found = ids.length ? ((await ctx.store.search(request, 'Patient', [['_id', ids.join(',')], ['_count', String(ids.length)]], unit)).resources as Patient[]) : [];
  const byId = new Map(found.map((p) => [p.id!, p]));
  const mrn = mrnSystemOf(ctx, institution);
  return specimens.map((s) => {
    const p = byId.get(patientIdOf(s) ?? '');
    const phone = p?.telecom?.find((t) => t.system === 'phone')?.value;
    const mrnValue = p?.identifier?.find((i) => i.system === mrn)?.value;
    const idCard = p?.identifier?.find((i) => i.system === RESIDENT_ID_CARD)?.value;
    const department = departmentOf(s);
    return {
      specimenId: s.id!,
      barcode: barcodeOf(s, institution),
      patient: { id: patientIdOf(s) ?? '', ...(p && patientName(p) ? { name: patientName(p) } : {}), ...(phone ? { phone } : {}), ...(mrnValue ? { mrn: mrnValue } : {}), ...(idCard ? { idCard } : {}) },
      ...(department ? { department } : {}),
      ...(tasks.get(s.id!) ? { recallTaskId: tasks.get(s.id!) } : {}),
    };
  });
}

async function poolAndMembers(ctx: ModuleContext, request: RequestContext, institution: string, barcode: string, unit?: Unit): Promise<{ pool: Specimen & { id: string }; members: (Specimen & { id: string })[] }> {
  const { specimen: pool } = await scanSpecimen(ctx, request, institution, barcode, 'barcode', unit);
  const ids = membersOf(pool);
  if (!ids.length) throw fieldError(409, 'barcode', `条码 ${barcode} 不是混检管`, `${barcode} is not a pooled specimen`, 'business-rule');
  const found = (await ctx.store.search(request, 'Specimen', [['_id', ids.join(',')], ['_count', String(ids.length)]], unit)).resources as (Specimen & { id: string })[];
  const byId = new Map(found.map((s) => [s.id, s]));
  return { pool, members: ids.map((id) => byId.get(id)).filter((s): s is Specimen & { id: string } => !!s) };
}

export async function getPool(ctx: ModuleContext, request: RequestContext, institution: string, barcode: string): Promise<PoolResult> {
  const { pool, members } = await poolAndMembers(ctx, request, institution, barcode);
  return { pool: { id: pool.id, barcode, status: statusOf(pool) ?? 'registered', positive: isPositive(pool) }, members: await describeMembers(ctx, request, institution, members) };
}

/**
 * A positive pool (the results area calls this when a pooled result is positive; an endpoint until then): marks the
 * pool positive and opens a `recall` Task per person for their ordering department, then lists the people with
 * how to reach them. Marking again changes nothing and lists the same tasks.
 */
export async function markPoolPositive(ctx: ModuleContext, request: RequestContext, institution: string, barcode: string, note?: string): Promise<PoolResult> {
  return ctx.store.inUnit(request, async (unit) => {
    const { pool, members } = await poolAndMembers(ctx, request, institution, barcode, unit);
    if (statusOf(pool) === 'rejected') throw fieldError(409, 'status', '混检管已拒收', 'The pool was rejected', 'conflict');
    const tasks = new Map<string, string>();
    if (isPositive(pool)) {
      const open = await ctx.store.search(request, 'Task', [['code', `${TASK_CODES}|recall`], ['focus', members.map((m) => `Specimen/${m.id}`).join(',')], ['_count', '100']], unit);
      for (const t of open.resources as Task[]) tasks.set(t.focus?.reference?.replace(/^Specimen\//, '') ?? '', t.id!);
    } else {
      const at = new Date().toISOString();
      const by = request.principal.displayName ?? request.principal.username ?? request.principal.id;
      await ctx.store.updateIn(unit, request, { ...pool, extension: [...(pool.extension ?? []), { url: SPECIMEN_EXT.poolResult, extension: [{ url: 'result', valueCode: 'positive' }, { url: 'at', valueDateTime: at }, { url: 'by', valueString: by }] }] }, { ifMatch: pool.meta?.versionId });
      for (const m of members) {
        const department = departmentOf(m);
        const task: Task = {
          resourceType: 'Task',
          meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }] },
          ...(department ? { extension: [{ url: SPECIMEN_EXT.department, valueReference: { reference: `Organization/${department}` } }] } : {}),
          status: 'requested',
          intent: 'order',
          priority: 'asap',
          code: { coding: [{ system: TASK_CODES, code: 'recall', display: '混检阳性召回复检' }] },
          description: `混检管 ${barcode} 阳性，请召回单采复检${note ? `（${note}）` : ''} / Pool ${barcode} positive: recall for individual retesting`,
          focus: { reference: `Specimen/${m.id}`, display: barcodeOf(m, institution) },
          ...(m.subject ? { for: m.subject } : {}),
          basedOn: (m.request ?? []).map((r) => ({ reference: r.reference })),
          authoredOn: at,
          ...(department ? { owner: { reference: `Organization/${department}` } } : {}),
        };
        const created = await ctx.store.createIn(unit, request, task, {});
        tasks.set(m.id, created.resource.id!);
      }
    }
    return { pool: { id: pool.id, barcode, status: statusOf(pool) ?? 'registered', positive: true }, members: await describeMembers(ctx, request, institution, members, unit, tasks) };
  });
}
