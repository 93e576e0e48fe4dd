import { describe, expect, it } from 'vitest';
import { countByHour, startOfLocalDay } from './hourly.ts';

describe('events per hour of today', () => {
  it('buckets instants by local hour and ignores other days and garbage', () => {
    const day = new Date(2026, 2, 1, 15, 30);
    const at = (h: number, m = 0, month = 2, date = 1) => new Date(2026, month, date, h, m).toISOString();
    const tomorrowNoon = at(12, 0, 2, 2);
    const yesterdayLate = at(23, 0, 1, 28);
    const buckets = countByHour([at(0, 5), at(8), at(8, 59), at(23, 59), tomorrowNoon, yesterdayLate, 'not a date'], day);
    expect(buckets).toHaveLength(24);
    expect(buckets[0]).toBe(1);
    expect(buckets[8]).toBe(2);
    expect(buckets[23]).toBe(1);
    expect(buckets.reduce((a, b) => a + b, 0)).toBe(4);
    expect(startOfLocalDay(day).getTime()).toBe(new Date(2026, 2, 1).getTime());
  });
});
