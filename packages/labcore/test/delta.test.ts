import { describe, expect, it } from 'vitest';
import { deltaCheck, type DeltaObservation } from '../src/index.ts';

const at = (day: number, hour = 8) => new Date(Date.UTC(2024, 5, day, hour)).toISOString();
const HISTORY: DeltaObservation[] = [
  { id: 'old', value: '120', time: at(1) },
  { id: 'prev', value: '118', time: at(8) },
  { id: 'text', value: '溶血', time: at(9) },
];

describe('delta check', () => {
  it('compares with the most recent earlier numeric result in the window', () => {
    const r = deltaCheck({ value: '88', time: at(10) }, HISTORY, { windowDays: 7, maxAbsolute: 20 });
    expect(r).toMatchObject({ status: 'fail', previous: { id: 'prev', value: 118 }, days: 2, absolute: -30, exceeded: ['absolute'] });
    expect(r.percent).toBeCloseTo(-25.4237, 3);
    expect(r.ratePerDay).toBe(-15);
    expect(r.reason['zh-CN']).toBe('与 2 天前结果 118 比较，当前 88：差值 -30（限值 20）超限');
  });

  it('checks each configured measure', () => {
    const rule = { windowDays: 7, maxAbsolute: 40, maxPercent: 20, maxRatePerDay: 10 };
    const r = deltaCheck({ value: '88', time: at(10) }, HISTORY, rule);
    expect(r.exceeded).toEqual(['percent', 'rate']);
    expect(r.reason.en).toBe('compared with 118 from 2 days earlier, now 88: difference -30 (limit 40) within, change % -25.4237 (limit 20) exceeded, change per day -15 (limit 10) exceeded');
    expect(deltaCheck({ value: '110', time: at(10) }, HISTORY, rule).status).toBe('pass');
  });

  it('a limit on the line passes despite binary arithmetic', () => {
    expect(deltaCheck({ value: '5.4', time: at(2) }, [{ value: '5.1', time: at(1) }], { windowDays: 3, maxAbsolute: 0.3 }).status).toBe('pass');
  });

  it('outside the window there is nothing to compare', () => {
    const r = deltaCheck({ value: '88', time: at(20) }, HISTORY, { windowDays: 7, maxAbsolute: 20 });
    expect(r).toMatchObject({ status: 'no-previous', exceeded: [] });
    expect(r.reason.en).toBe('no earlier numeric result within 7 days');
    // A later result is not a previous one.
    expect(deltaCheck({ value: '88', time: at(5) }, [{ value: 1, time: at(6) }], { windowDays: 7, maxAbsolute: 1 }).status).toBe('no-previous');
  });

  it('judges one direction when asked (a falling haemoglobin)', () => {
    const rule = { windowDays: 7, maxAbsolute: 20, direction: 'decrease' as const };
    expect(deltaCheck({ value: '88', time: at(10) }, HISTORY, rule).status).toBe('fail');
    const rise = deltaCheck({ value: '150', time: at(10) }, HISTORY, rule);
    expect(rise.status).toBe('pass');
    expect(rise.reason['zh-CN']).toContain('（仅判断降低）');
  });

  it('skips measures that cannot be computed and values that are not exact', () => {
    const zero = deltaCheck({ value: '0.5', time: at(2, 8) }, [{ value: '0', time: at(2, 8) }, { value: '0', time: at(2, 6) }], { windowDays: 1, maxPercent: 10, maxRatePerDay: 1 });
    expect(zero.percent).toBeUndefined();
    expect(zero.reason.en).toContain('previous result is 0: no percent change');
    expect(zero.ratePerDay).toBe(6); // 0.5 in 2 hours
    expect(deltaCheck({ value: '<0.1', time: at(10) }, HISTORY, { windowDays: 7, maxAbsolute: 1 }).status).toBe('not-numeric');
    expect(() => deltaCheck({ value: '1', time: at(10) }, HISTORY, { windowDays: 0 })).toThrow(/windowDays/);
  });
});
