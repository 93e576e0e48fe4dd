import { describe, expect, it } from 'vitest';
import type { AbnormalRateRow } from '@medunion/lis/contracts';
import { binLabels, num, overallRates, percent, periodOf, resultQuery, topBy, yuan } from './stats-format.ts';

describe('statistics formatting', () => {
  it('prints rates and money', () => {
    expect(percent(0.125)).toBe('12.5%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('–');
    expect(yuan(12345.5)).toBe('12,345.50');
    expect(yuan(undefined)).toBe('–');
    expect(num(5.2468, 2)).toBe('5.25');
    expect(num(null, 2)).toBe('–');
  });

  it('sums the per-test rows into the overall abnormal rate', () => {
    const row = (results: number, abnormal: number, critical = 0) => ({ results, abnormal, critical }) as AbnormalRateRow;
    expect(overallRates([row(10, 2, 1), row(30, 6)])).toEqual({ results: 40, abnormal: 8, critical: 1, abnormalRate: 0.2 });
    expect(overallRates([]).abnormalRate).toBeNull();
  });

  it('keeps the top rows by a measure, ties in their order, nulls last', () => {
    const rows = [{ k: 'a', v: 1 }, { k: 'b', v: 3 }, { k: 'c', v: null }, { k: 'd', v: 3 }];
    expect(topBy(rows, (r) => r.v, 3).map((r) => r.k)).toEqual(['b', 'd', 'a']);
  });

  it('labels histogram bins and builds periods and search conditions', () => {
    expect(binLabels([{ low: 4.5, high: 5, count: 3 }, { low: 5, high: 5.5, count: 1 }], 2)).toEqual(['4.50–5.00', '5.00–5.50']);
    const day = (s: string) => ({ format: () => s });
    expect(periodOf([day('2026-12-01'), day('2026-12-08')])).toEqual({ from: '2026-12-01', to: '2026-12-08' });
    expect(resultQuery({ name: ' 张 ', barcode: '', testCode: 'GLU', doctor: undefined })).toEqual({ name: '张', testCode: 'GLU' });
  });
});
