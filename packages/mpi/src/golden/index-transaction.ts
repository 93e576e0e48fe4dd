import { randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import type { ModuleContext, Queryable, Unit } from '@medunion/kernel';
import { goldensReplacedByMany, insertGoldens, loadGolden, loadGoldens, setGoldenStatus } from '../index-store/goldens.ts';
import { insertLinkEvents, type NewLinkEvent } from '../index-store/link-events.ts';
import { recordsOfGolden, recordsOfGoldens, saveRecords, setRecordGolden, type RecordToSave } from '../index-store/records.ts';
import { buildGoldenPatient } from './golden-record.ts';

/** Serialises every change of the index (registrations, reviews, merges) across processes. */
const MPI_LOCK = 727_200_001;

/**
 * One atomic change of the index: its table rows, its link events and the golden Patients it touches are
 * written in one store transaction (so a golden record never disagrees with the links that produce it).
 *
 * New golden rows and saved source records are queued and written in one statement each, just before the
 * transaction next touches the database through `tx` (which flushes first) or finishes: a batch of plain
 * registrations then costs a few statements instead of two per record, and every read still sees every write.
 */
export class IndexTransaction {
  readonly operationId = randomUUID();
  private readonly touched = new Set<string>();
  /** Golden records created in this transaction: their Patients are new (a plain create, no row to lock). */
  private readonly created = new Set<string>();
  private readonly events: NewLinkEvent[] = [];
  private queuedGoldens: string[] = [];
  private queuedRecords = new Map<string, RecordToSave>();
  private flushing: Promise<void> = Promise.resolve();
  /** The transaction, with queued rows written before each statement. */
  readonly tx: Queryable = { query: async (sql, params) => (await this.flush(), this.unit.tx.query(sql, params)) };

  constructor(
    private readonly ctx: ModuleContext,
    private readonly unit: Unit,
    /** Who asked: `user/<id>`, `client/<id>`, or `system/module:mpi` for automatic decisions. */
    readonly actor: string,
  ) {}

  /** A golden record whose Patient must be rewritten at the end. */
  touch(goldenId: string): void {
    this.touched.add(goldenId);
  }

  /** Queues a link event (written at the end); the returned object may still be completed until then. */
  event(e: Omit<NewLinkEvent, 'operationId' | 'actor'>): NewLinkEvent {
    const full = { ...e, operationId: this.operationId, actor: this.actor };
    this.events.push(full);
    return full;
  }

  /** A new golden record id; its row (and person number) is written with the next flush. */
  async newGolden(): Promise<string> {
    const goldenId = randomUUID();
    this.queuedGoldens.push(goldenId);
    this.touch(goldenId);
    this.created.add(goldenId);
    return goldenId;
  }

  /** Queues the indexed version of a source record (a later save of the same record replaces it). */
  saveRecord(record: RecordToSave['record'], keys: string[]): void {
    this.queuedRecords.set(record.recordId, { record, keys });
  }

  /** Writes the queued golden rows, then the queued records (which reference them); a statement issued meanwhile waits. */
  async flush(): Promise<void> {
    if (this.queuedGoldens.length > 0 || this.queuedRecords.size > 0) {
      const goldens = this.queuedGoldens;
      const records = [...this.queuedRecords.values()];
      this.queuedGoldens = [];
      this.queuedRecords = new Map();
      this.flushing = this.flushing.then(async () => {
        await insertGoldens(this.unit.tx, goldens);
        await saveRecords(this.unit.tx, records);
      });
    }
    await this.flushing;
  }

  /** Moves a source record to another golden record; the one it leaves is retired into `to` if it is left empty. */
  async moveRecord(recordId: string, from: string, to: string, action: NewLinkEvent['action'], reason: string, extra: { matchId?: number; score?: number } = {}): Promise<void> {
    if (from === to) return;
    await setRecordGolden(this.tx, recordId, to);
    this.event({ action, recordId, fromGolden: from, toGolden: to, reason, ...extra });
    this.touch(from);
    this.touch(to);
    await this.retireIfEmpty(from, to);
  }

  /** Retires a golden record without sources (active=false; `replaced-by` when its sources went to `replacedBy`). */
  async retireIfEmpty(goldenId: string, replacedBy: string | null): Promise<boolean> {
    if ((await recordsOfGolden(this.tx, goldenId)).length > 0) return false;
    const golden = await loadGolden(this.tx, goldenId);
    if (!golden || golden.status === 'retired') return false;
    await setGoldenStatus(this.tx, goldenId, 'retired', replacedBy);
    this.event({ action: 'retire', recordId: null, fromGolden: goldenId, toGolden: replacedBy, reason: replacedBy ? 'sources moved' : 'no sources left' });
    this.touch(goldenId);
    if (replacedBy) this.touch(replacedBy);
    return true;
  }

  async restore(goldenId: string, reason: string): Promise<void> {
    const golden = await loadGolden(this.tx, goldenId);
    if (!golden || golden.status === 'active') return;
    if (golden.replacedBy) this.touch(golden.replacedBy);
    await setGoldenStatus(this.tx, goldenId, 'active', null);
    this.event({ action: 'restore', recordId: null, fromGolden: null, toGolden: goldenId, reason });
    this.touch(goldenId);
  }

  /** Writes the link events and rewrites each touched golden Patient (unchanged ones make no new version). */
  async finish(): Promise<Patient[]> {
    await this.flush();
    await insertLinkEvents(this.tx, this.events);
    const ids = [...this.touched].sort();
    const [goldens, records, replaces] = [await loadGoldens(this.tx, ids), await recordsOfGoldens(this.tx, ids), await goldensReplacedByMany(this.tx, ids)];
    const patients = ids.filter((id) => goldens.has(id)).map((id) => buildGoldenPatient(goldens.get(id)!, records.get(id)!, replaces.get(id)!));
    // Golden Patients are assembled from source records the store has already validated: written as trusted.
    // New ones go in with one insert, existing ones with one bulk update (rows locked and compared together).
    const { store, systemContext } = this.ctx;
    const fresh = patients.filter((p) => this.created.has(p.id!));
    const existing = patients.filter((p) => !this.created.has(p.id!));
    const written = new Map<string, Patient>();
    const created = fresh.length ? await store.createManyIn(this.unit, systemContext, fresh.map((p) => ({ resource: p, id: p.id! })), (_, err) => err, { trusted: true }) : [];
    const updated = existing.length ? await store.updateManyIn(this.unit, systemContext, existing.map((p) => ({ resource: p })), (_, err) => err, { trusted: true }) : [];
    for (const r of [...created, ...updated]) written.set(r.resource.id!, r.resource as Patient);
    return patients.map((p) => written.get(p.id!)!);
  }
}

/** Runs `fn` as one index transaction under the index lock. */
export async function inIndexTransaction<T>(ctx: ModuleContext, actor: string, fn: (t: IndexTransaction) => Promise<T>): Promise<{ result: T; goldens: Patient[] }> {
  return ctx.store.inUnit(ctx.systemContext, async (unit) => {
    await unit.tx.query('select pg_advisory_xact_lock($1)', [MPI_LOCK]);
    const t = new IndexTransaction(ctx, unit, actor);
    const result = await fn(t);
    const goldens = await t.finish();
    return { result, goldens };
  });
}
