import type { Db, Queryable } from '../db/types.ts';
import { draftFor, type AuditDraft } from './audit-event.ts';
import { AUDIT_COLUMNS, chainHash, type AuditRecord } from './chain.ts';
import { searchAuditLog } from './search.ts';
import type { AuditEntry, AuditSearchParams, AuditSearchResult, AuditVerifyResult } from './types.ts';
import { verifyAuditChain } from './verify.ts';

/** Serialises chain appends across every process sharing the database (see migrate.ts for 727_100_001). */
export const AUDIT_CHAIN_LOCK = 727_100_002;
// 15 parameters a row: stay far below PostgreSQL's 65535 bind parameters per statement.
const MAX_BATCH = 1000;

interface Pending {
  draft: AuditDraft;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Tamper-evident audit trail. `record()` calls are queued and flushed in batches: every flush is
 * one transaction holding the chain lock, so the chain stays gapless and linear under concurrency
 * while the lock is taken once per batch rather than once per entry.
 */
export class AuditLog {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly db: Db) {}

  /** Resolves once the entry is committed. */
  record(entry: AuditEntry): Promise<void> {
    let draft: AuditDraft;
    try {
      draft = draftFor(entry);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ draft, resolve, reject });
      if (this.flushing) return;
      this.flushing = true;
      // A microtask lets a synchronous burst of record() calls share the first flush.
      queueMicrotask(() => void this.flush());
    });
  }

  /**
   * Appends entries inside the caller's transaction, so a write and its audit record commit together
   * (or not at all). The chain lock is then held until that transaction ends.
   */
  async recordInTransaction(tx: Queryable, entries: AuditEntry[]): Promise<void> {
    if (entries.length) await appendBatch(tx, entries.map((e) => draftFor(e)));
  }

  verify(options: { pageSize?: number } = {}): Promise<AuditVerifyResult> {
    return verifyAuditChain(this.db, options.pageSize);
  }

  search(params: AuditSearchParams = {}): Promise<AuditSearchResult> {
    return searchAuditLog(this.db, params);
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.db.transaction((tx) => appendBatch(tx, batch.map((p) => p.draft)));
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.flushing = false;
  }
}

async function appendBatch(tx: Queryable, drafts: AuditDraft[]): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
  const last = await tx.query<{ seq: number | string; hash: string }>('select seq, hash from audit_log order by seq desc limit 1');
  let seq = Number(last.rows[0]?.seq ?? 0);
  let prevHash: string | null = last.rows[0]?.hash ?? null;

  const values: unknown[] = [];
  const tuples: string[] = [];
  for (const draft of drafts) {
    const record: AuditRecord = { ...draft, seq: ++seq, prev_hash: prevHash };
    const hash = chainHash(record);
    const placeholders = [...AUDIT_COLUMNS, 'hash'].map((column, i) => {
      const p = `$${values.length + i + 1}`;
      return column === 'event' ? `${p}::jsonb` : column === 'recorded' ? `${p}::timestamptz` : p;
    });
    values.push(...AUDIT_COLUMNS.map((c) => (c === 'event' ? JSON.stringify(record.event) : record[c])), hash);
    tuples.push(`(${placeholders.join(', ')})`);
    prevHash = hash;
  }
  await tx.query(`insert into audit_log (${AUDIT_COLUMNS.join(', ')}, hash) values ${tuples.join(', ')}`, values);
  await tx.query(
    'insert into audit_head (id, seq, hash) values (1, $1, $2) on conflict (id) do update set seq = excluded.seq, hash = excluded.hash',
    [seq, prevHash],
  );
}
