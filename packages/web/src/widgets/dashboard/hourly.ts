/** Local midnight of the day `now` falls on (the browser's time zone: China time for the product's users). */
export function startOfLocalDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/**
 * Events per local hour of one day (24 buckets, 0–23), for "today per hour" charts; instants outside the day are
 * ignored, unparsable ones too.
 */
export function countByHour(instants: readonly string[], day: Date): number[] {
  const start = startOfLocalDay(day).getTime();
  const end = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime();
  const buckets = new Array<number>(24).fill(0);
  for (const instant of instants) {
    const at = Date.parse(instant);
    if (Number.isNaN(at) || at < start || at >= end) continue;
    buckets[new Date(at).getHours()] += 1;
  }
  return buckets;
}
