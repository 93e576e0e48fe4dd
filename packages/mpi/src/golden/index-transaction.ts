import { randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import type { ModuleContext, Queryable, Unit } from '@medunion/kernel';
import { insertGoldens, loadGolden, setGoldenStatus } from '../index-store/goldens.ts';
import { insertLinkEvents, type NewLinkEvent } from '../index-store/link-events.ts';
import { recordsOfGolden, saveRecords, setRecordGolden, type RecordToSave } from '../index-store/records.ts';
import { GOLDEN_TOPIC, writeGoldenPatients, type GoldenEventPayload } from './golden-writer.ts';

/** Serialises every change of the index (registrations, reviews, merges) across processes. */
const MPI_LOCK = 727_200_001;

/**
 * One atomic change of the index: its table rows and link events in one store transaction, with a GOLDEN_TOPIC
 * event naming the golden records it touched (their Patients are rewritten in the same transaction for people's
 * actions, or right after by the golden writer for matching; see golden-writer.ts).
 *
 * New golden rows and saved source records are queued and written in one statement each, just before the
 * transaction next touches the database through `tx` (which flushes first) or finishes: a batch of plain
 * registrations then costs a few statements instead of two per record, and every read still sees every write.
 */
export class IndexTransaction {
  readonly operationId = randomUUID();
  private readonly touched = new Set<string>();
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

  /**
   * Writes the link events and publishes the touched golden records (GOLDEN_TOPIC). With `writeGoldens` the
   * Patients are also rewritten here, in this transaction (people's actions answer with the result); matching
   * leaves them to the golden writer, which works beside the next batch.
   */
  async finish(writeGoldens: boolean): Promise<Patient[]> {
    await this.flush();
    await insertLinkEvents(this.tx, this.events);
    const ids = [...this.touched].sort();
    if (ids.length === 0) return [];
    const payload: GoldenEventPayload = { goldenIds: ids };
    this.ctx.store.publishIn(this.unit, { topic: GOLDEN_TOPIC, key: this.operationId, payload });
    return writeGoldens ? writeGoldenPatients(this.ctx, this.unit, ids) : [];
  }
}

/**
 * Runs `fn` as one index transaction under the index lock. Golden Patients are rewritten in it unless
 * `deferGoldens` (the matching subscriber), in which case the golden writer does it after commit.
 */
export async function inIndexTransaction<T>(
  ctx: ModuleContext,
  actor: string,
  fn: (t: IndexTransaction) => Promise<T>,
  options: { deferGoldens?: boolean } = {},
): Promise<{ result: T; goldens: Patient[] }> {
  return ctx.store.inUnit(ctx.systemContext, async (unit) => {
    await unit.tx.query('select pg_advisory_xact_lock($1)', [MPI_LOCK]);
    const t = new IndexTransaction(ctx, unit, actor);
    const result = await fn(t);
    const goldens = await t.finish(!options.deferGoldens);
    return { result, goldens };
  });
}
