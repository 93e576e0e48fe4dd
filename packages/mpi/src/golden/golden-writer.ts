import type { Patient } from '@medplum/fhirtypes';
import type { DeliveredEventLike, ModuleContext, Unit } from '@medunion/kernel';
import { goldensReplacedByMany, loadGoldens } from '../index-store/goldens.ts';
import { recordsOfGoldens } from '../index-store/records.ts';
import { buildGoldenPatient } from './golden-record.ts';

/**
 * The module event an index transaction publishes for the golden records it touched. Its subscriber rewrites their
 * Patients from the index tables, which are the truth (ADR 0006, amended): the rewrite is a projection that may
 * trail the index by one batch, and a later event always brings it up to date, because it re-reads the tables.
 */
export const GOLDEN_TOPIC = 'MpiGolden:update';
export interface GoldenEventPayload {
  goldenIds: string[];
}

/** Golden Patients rewritten per transaction by the subscriber. */
const CHUNK = 1000;

/**
 * Writes the Patients of `goldenIds` as they follow from the index tables now (unchanged ones make no new version).
 * Golden Patients are assembled from source records the store has already validated: written as trusted.
 * New ones go in with one insert, existing ones with one bulk update (rows locked and compared together).
 */
export async function writeGoldenPatients(ctx: ModuleContext, unit: Unit, goldenIds: string[]): Promise<Patient[]> {
  const ids = [...new Set(goldenIds)].sort();
  if (ids.length === 0) return [];
  const [goldens, records, replaces] = [await loadGoldens(unit.tx, ids), await recordsOfGoldens(unit.tx, ids), await goldensReplacedByMany(unit.tx, ids)];
  const patients = ids.filter((id) => goldens.has(id)).map((id) => buildGoldenPatient(goldens.get(id)!, records.get(id)!, replaces.get(id)!));
  const { rows } = await unit.tx.query<{ id: string }>("select id from fhir_resource where resource_type = 'Patient' and id = any($1::text[])", [patients.map((p) => p.id!)]);
  const stored = new Set(rows.map((r) => r.id));
  const fresh = patients.filter((p) => !stored.has(p.id!));
  const existing = patients.filter((p) => stored.has(p.id!));
  const { store, systemContext } = ctx;
  const created = fresh.length ? await store.createManyIn(unit, systemContext, fresh.map((p) => ({ resource: p, id: p.id! })), (_, err) => err, { trusted: true }) : [];
  const updated = existing.length ? await store.updateManyIn(unit, systemContext, existing.map((p) => ({ resource: p })), (_, err) => err, { trusted: true }) : [];
  const written = new Map([...created, ...updated].map((r) => [r.resource.id!, r.resource as Patient]));
  return patients.map((p) => written.get(p.id!)!);
}

/**
 * Subscriber of GOLDEN_TOPIC: rewrites the golden Patients named by a batch of index transactions. It runs beside
 * the matching subscriber (each has its own bus cursor), so the next batch is matched while this one's golden
 * Patients are written: the two halves of the work use both cores instead of taking turns.
 */
export async function onGoldensChanged(events: DeliveredEventLike[], ctx: ModuleContext): Promise<void> {
  const ids = [...new Set(events.flatMap((e) => (e.payload as GoldenEventPayload | undefined)?.goldenIds ?? []))].sort();
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    await ctx.store.inUnit(ctx.systemContext, (unit) => writeGoldenPatients(ctx, unit, chunk));
  }
}
