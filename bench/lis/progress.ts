/**
 * Watches the ingest from the database side: a specimen is done when its report is complete (`preliminary` = held
 * for a person, `final` = released by auto-verification) in the print-centre projection, written in the recording's
 * own transaction. One report per tube: chemistry tubes report to section `biochemistry`, blood counts to `clinical`.
 */
import { performance } from 'node:perf_hooks';
import type { Queryable } from '../../packages/kernel/src/db/types.ts';
import type { Protocol } from './analyzers.ts';
import { LAB } from './patients.ts';

export const SECTION_OF: Record<Protocol, string> = { astm: 'biochemistry', hl7: 'clinical' };

export interface ReportCounts {
  /** Complete reports (held or released) by section. */
  complete: Record<string, number>;
  released: Record<string, number>;
}

export async function reportCounts(db: Queryable): Promise<ReportCounts> {
  const { rows } = await db.query<{ section: string; status: string; n: number | string }>(
    `select section, status, count(*) as n from lis_report_index where institution = $1 group by section, status`,
    [LAB],
  );
  const out: ReportCounts = { complete: {}, released: {} };
  for (const r of rows) {
    if (r.status === 'partial') continue;
    out.complete[r.section] = (out.complete[r.section] ?? 0) + Number(r.n);
    if (r.status === 'final') out.released[r.section] = (out.released[r.section] ?? 0) + Number(r.n);
  }
  return out;
}

export interface Watched {
  /** Seconds from start until every expected report of the section was complete. */
  doneAt: Record<string, number>;
  seconds: number;
  /** Reports completed during the watch: released by auto-verification, and held for a person. */
  released: number;
  held: number;
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((s, n) => s + n, 0);

/**
 * Polls until `expected` more reports per section are complete than at `base`; fails when nothing moved for
 * `stallSeconds` after the analyzers finished sending (results went somewhere else: see `ingestDiagnostics`).
 */
export async function watchIngest(db: Queryable, base: ReportCounts, expected: Record<string, number>, sending: () => boolean, stallSeconds = 60): Promise<Watched> {
  const t0 = performance.now();
  const doneAt: Record<string, number> = {};
  let last = -1;
  let lastMove = performance.now();
  for (;;) {
    const now = await reportCounts(db);
    const at = (performance.now() - t0) / 1000;
    const complete = sum(now.complete) - sum(base.complete);
    for (const [section, n] of Object.entries(expected)) if (doneAt[section] === undefined && (now.complete[section] ?? 0) - (base.complete[section] ?? 0) >= n) doneAt[section] = at;
    if (Object.keys(expected).every((s) => doneAt[s] !== undefined)) {
      const released = sum(now.released) - sum(base.released);
      return { doneAt, seconds: at, released, held: complete - released };
    }
    if (complete !== last) {
      last = complete;
      lastMove = performance.now();
    } else if (!sending() && performance.now() - lastMove > stallSeconds * 1000) {
      throw new Error(`ingest stalled: ${complete} of ${sum(expected)} reports complete; ${JSON.stringify(await ingestDiagnostics(db))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Where results went that produced no report: the unmatched queue by reason, ledger messages by outcome. */
export async function ingestDiagnostics(db: Queryable): Promise<{ unmatched: Record<string, number>; messages: Record<string, number> }> {
  const held = await db.query<{ reason: string; n: number | string }>(`select reason, count(*) as n from lis_unmatched_result group by reason`);
  const messages = await db.query<{ outcome: string; n: number | string }>(`select outcome, count(*) as n from lis_instrument_message where kind = 'message' and direction = 'in' group by outcome`);
  return {
    unmatched: Object.fromEntries(held.rows.map((r) => [r.reason, Number(r.n)])),
    messages: Object.fromEntries(messages.rows.map((r) => [r.outcome, Number(r.n)])),
  };
}
