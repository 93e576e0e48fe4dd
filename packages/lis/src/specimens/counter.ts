import type { Queryable } from '@medunion/kernel';

/** The calendar day in China Standard Time (UTC+8, no daylight saving) of an instant, as YYYYMMDD. */
export function chinaDay(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Reserves `count` consecutive numbers of an institution's daily sequence (`name`: barcode, requisition,
 * sample:<instrument>) inside the caller's transaction and returns the first. The counter row stays locked until
 * the transaction ends, so concurrent reservations queue and never share a number; a rolled-back transaction gives
 * its numbers back.
 */
export async function reserve(tx: Queryable, institution: string, name: string, day: string, count = 1): Promise<number> {
  const { rows } = await tx.query<{ last: number }>(
    `insert into lis_counter (institution, name, day, last) values ($1, $2, $3, $4)
     on conflict (institution, name, day) do update set last = lis_counter.last + excluded.last
     returning last`,
    [institution, name, day, count],
  );
  return Number(rows[0].last) - count + 1;
}
