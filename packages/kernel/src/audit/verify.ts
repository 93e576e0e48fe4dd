import type { Queryable } from '../db/types.ts';
import { AUDIT_COLUMNS, chainHash, recordFromRow } from './chain.ts';
import type { AuditVerifyResult } from './types.ts';

/**
 * Recomputes the chain page by page (by seq range, so memory stays flat) and names the first
 * entry whose seq continuity, prev_hash link or own hash is wrong, and checks that the chain ends at
 * the recorded head (so removing the newest rows is detected too).
 */
export async function verifyAuditChain(db: Queryable, pageSize = 1000): Promise<AuditVerifyResult> {
  let lastSeq: number | null = null;
  let prevHash: string | null = null;
  let count = 0;
  for (;;) {
    const { rows } = await db.query<Record<string, unknown>>(
      `select ${AUDIT_COLUMNS.join(', ')}, hash from audit_log
       where $1::bigint is null or seq > $1 order by seq limit $2`,
      [lastSeq, pageSize],
    );
    for (const row of rows) {
      const record = recordFromRow(row);
      const expected: number = (lastSeq ?? 0) + 1;
      const broken = (reason: string): AuditVerifyResult => ({ ok: false, count, brokenAt: record.seq, reason });
      if (record.seq !== expected) return broken(`expected seq ${expected}, found ${record.seq} (entries missing)`);
      if (record.prev_hash !== prevHash) return broken('prev_hash does not match the previous entry');
      if (chainHash(record) !== row.hash) return broken('hash does not match the entry content');
      lastSeq = record.seq;
      prevHash = row.hash as string;
      count++;
    }
    if (rows.length < pageSize) {
      const head = (await db.query<{ seq: number | string; hash: string }>('select seq, hash from audit_head where id = 1')).rows[0];
      if (head && (Number(head.seq) !== (lastSeq ?? 0) || head.hash !== prevHash)) {
        return { ok: false, count, brokenAt: (lastSeq ?? 0) + 1, reason: `the chain ends at entry ${lastSeq ?? 0} but the recorded head is entry ${head.seq} (newest entries removed)` };
      }
      return { ok: true, count };
    }
  }
}
