import { describe, expect, it } from 'vitest';
import { cumulativeStatistics, evaluateWestgard, leveyJennings, qcStatistics, zScore, type QcResult } from '../src/index.ts';

const day = (d: number, h = 8) => new Date(Date.UTC(2024, 2, d, h)).toISOString();

// Level 1 (target 5.0 ± 0.1 mmol/L) and level 2 (target 8.0 ± 0.2), one run a day; level 1's lot changes on day 4.
const DATA: QcResult[] = [
  { id: 'a1', runId: 'D1', level: 'L1', time: day(1), value: 4.9, target: { mean: 5, sd: 0.1 } },
  { id: 'b1', runId: 'D1', level: 'L2', time: day(1), value: 8.2, target: { mean: 8, sd: 0.2 } },
  { id: 'a2', runId: 'D2', level: 'L1', time: day(2), value: 5.0, target: { mean: 5, sd: 0.1 } },
  { id: 'b2', runId: 'D2', level: 'L2', time: day(2), value: 7.6, target: { mean: 8, sd: 0.2 } },
  { id: 'a3', runId: 'D3', level: 'L1', time: day(3), value: 5.1, target: { mean: 5, sd: 0.1 } },
  { id: 'b3', runId: 'D3', level: 'L2', time: day(3), value: 8.0, target: { mean: 8, sd: 0.2 } },
  { id: 'a4', runId: 'D4', level: 'L1', time: day(4), value: 5.53, target: { mean: 5.2, sd: 0.1 } },
  { id: 'b4', runId: 'D4', level: 'L2', time: day(4), value: 8.1, target: { mean: 8, sd: 0.2 } },
];

describe('QC statistics', () => {
  it('z-score is the distance from the target in SDs', () => {
    expect(zScore(5.25, { mean: 5, sd: 0.1 })).toBeCloseTo(2.5);
    expect(zScore(7.6, { mean: 8, sd: 0.2 })).toBeCloseTo(-2);
  });

  it('mean, SD, CV, bias per level for a period', () => {
    const stats = qcStatistics(DATA, { from: day(1, 0), to: day(3, 23) });
    const l1 = stats.find((s) => s.level === 'L1')!;
    expect(l1.count).toBe(3);
    expect(l1.mean).toBeCloseTo(5.0, 10);
    expect(l1.sd).toBeCloseTo(0.1, 10);
    expect(l1.cv).toBeCloseTo(2, 8);
    expect(l1.biasPercent).toBeCloseTo(0, 8);
    expect(l1.sdRatio).toBeCloseTo(1, 8);
    const l2 = stats.find((s) => s.level === 'L2')!;
    expect(l2.mean).toBeCloseTo(7.9333333, 6);
    expect(l2.sd).toBeCloseTo(0.305505, 5); // √((0.0711+0.1111+0.0044)/2)
    expect(l2.biasPercent).toBeCloseTo(-0.8333, 3);
    expect([l2.min, l2.max]).toEqual([7.6, 8.2]);
  });

  it('takes the newest target of the period and leaves excluded results out', () => {
    const data = DATA.map((r) => (r.id === 'a2' ? { ...r, excluded: true } : r));
    const l1 = qcStatistics(data).find((s) => s.level === 'L1')!;
    expect(l1.count).toBe(3);
    expect(l1.targetMean).toBe(5.2);
  });

  it('cumulative statistics after each result (Welford)', () => {
    const l1 = cumulativeStatistics(DATA, { to: day(3, 23) }).find((c) => c.level === 'L1')!;
    expect(l1.points.map((p) => p.count)).toEqual([1, 2, 3]);
    expect(l1.points[0]).toMatchObject({ id: 'a1', mean: 4.9, sd: null, cv: null });
    expect(l1.points[1].mean).toBeCloseTo(4.95, 10);
    expect(l1.points[1].sd).toBeCloseTo(Math.SQRT1_2 * 0.1, 10);
    expect(l1.points[2].sd).toBeCloseTo(0.1, 10);
  });
});

describe('Levey-Jennings chart data', () => {
  const chart = leveyJennings(DATA);

  it('puts all levels on one z axis with ±1/2/3 SD lines', () => {
    expect(chart.zLines.map((l) => l.label)).toEqual(['+3SD', '+2SD', '+1SD', 'mean', '-1SD', '-2SD', '-3SD']);
    expect(chart.levels.map((l) => l.level)).toEqual(['L1', 'L2']);
    const l2 = chart.levels[1];
    expect(l2.points.map((p) => Number(p.z.toFixed(2)))).toEqual([1, -2, 0, 0.5]);
  });

  it('draws each target segment in units (a lot change starts a new one)', () => {
    const l1 = chart.levels[0];
    expect(l1.segments).toHaveLength(2);
    expect(l1.segments[0]).toMatchObject({ mean: 5, sd: 0.1, from: Date.parse(day(1)), to: Date.parse(day(3)) });
    expect(l1.segments[0].lines.map((l) => Number(l.value.toFixed(2)))).toEqual([5.3, 5.2, 5.1, 5, 4.9, 4.8, 4.7]);
    expect(l1.segments[1]).toMatchObject({ mean: 5.2, from: Date.parse(day(4)) });
  });

  it('carries the Westgard status and rules of each point', () => {
    // a4: z = (5.53 − 5.2)/0.1 = +3.3 → 1-2s and 1-3s.
    const a4 = chart.levels[0].points.find((p) => p.id === 'a4')!;
    expect(a4.z).toBeCloseTo(3.3);
    expect(a4).toMatchObject({ status: 'reject', rules: ['1-2s', '1-3s'] });
    const b2 = chart.levels[1].points.find((p) => p.id === 'b2')!;
    expect(b2).toMatchObject({ status: 'accept', rules: [] }); // exactly −2 SD does not exceed
    // An evaluation made with other rules is used as given.
    const custom = leveyJennings(DATA, evaluateWestgard(DATA, { rules: ['1-3s'] }));
    expect(custom.levels[0].points.find((p) => p.id === 'a4')!.rules).toEqual(['1-3s']);
  });
});
