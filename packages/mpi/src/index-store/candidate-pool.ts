import type { Queryable } from '@medunion/kernel';
import type { MatchFeatures } from '../matching/features.ts';
import type { Candidate } from './records.ts';

/** Records per blocking key a registration is compared with (a shared landline or a frequent name stays bounded). */
export const PER_KEY_LIMIT = 100;

/**
 * The candidates of a whole batch of registrations, read with one query at the start of the batch, plus the
 * records the batch itself indexes as it goes (two registrations of one person in the same batch must find each
 * other) and minus the ones it deletes. Within a batch only a record's own event changes that record, so what
 * the batch remembers is the truth for it; everything else is as read.
 */
export class CandidatePool {
  private readonly local = new Map<string, Candidate>();
  private readonly localKeys = new Map<string, Set<string>>();
  private readonly gone = new Set<string>();

  private constructor(private readonly read: Map<string, Candidate[]>) {}

  static async load(q: Queryable, keys: string[]): Promise<CandidatePool> {
    const byKey = new Map<string, Candidate[]>();
    if (keys.length) {
      // Lateral lookups by key, then by primary key: index probes whatever the planner knows about fresh tables.
      const { rows } = await q.query<{ key: string; record_id: string; golden_id: string; features: MatchFeatures }>(
        `select k.key, r.record_id, r.golden_id, r.features
           from unnest($1::text[]) as k(key)
           cross join lateral (select record_id from mpi_block where key = k.key limit $2) b
           cross join lateral (select record_id, golden_id, features from mpi_record where record_id = b.record_id and status = 'active') r`,
        [[...new Set(keys)], PER_KEY_LIMIT],
      );
      for (const r of rows) {
        const list = byKey.get(r.key) ?? [];
        list.push({ recordId: r.record_id, goldenId: r.golden_id, features: r.features });
        byKey.set(r.key, list);
      }
    }
    return new CandidatePool(byKey);
  }

  /** Records sharing a key with `recordId`'s keys, each once, as the batch has left them. */
  candidates(recordId: string, keys: string[]): Candidate[] {
    const found = new Map<string, Candidate>();
    for (const key of keys) {
      for (const c of this.read.get(key) ?? []) found.set(c.recordId, c);
      for (const id of this.localKeys.get(key) ?? []) found.set(id, this.local.get(id)!);
    }
    found.delete(recordId);
    return [...found.values()].filter((c) => !this.gone.has(c.recordId)).map((c) => this.local.get(c.recordId) ?? c);
  }

  /** A record the batch indexed or moved: later registrations of the batch see it as it is now. */
  remember(candidate: Candidate, keys: string[]): void {
    this.local.set(candidate.recordId, candidate);
    this.gone.delete(candidate.recordId);
    for (const key of keys) {
      const ids = this.localKeys.get(key) ?? new Set<string>();
      ids.add(candidate.recordId);
      this.localKeys.set(key, ids);
    }
  }

  forget(recordId: string): void {
    this.gone.add(recordId);
  }
}
