import { describe, expect, it } from 'vitest';
import { candidateGrid, createRandom, describePbrtqcSettings, simulateBiasDetection, type BiasSimulationOptions } from '../src/index.ts';

// A sodium-like stream: mean 140, SD 3 (so +10 % is a 4.7 SD shift and +1 % a 0.47 SD shift).
const random = createRandom(2024);
const history = Array.from({ length: 2000 }, () => random.normal(140, 3));

const options: BiasSimulationOptions = {
  history,
  candidates: [
    { name: 'MA5', settings: { statistic: 'moving-average', blockSize: 5, target: 140 } },
    { name: 'MA50', settings: { statistic: 'moving-average', blockSize: 50, target: 140 } },
    { name: 'EWMA0.05', settings: { statistic: 'ewma', lambda: 0.05, target: 140 } },
    { name: 'EWMA0.3', settings: { statistic: 'ewma', lambda: 0.3, target: 140 } },
    // Hand-set limits far too tight: quick to alarm, and alarming all the time.
    { name: 'tight', settings: { statistic: 'moving-average', blockSize: 5, target: 140, limits: { low: 139, high: 141 } } },
  ],
  biasesPercent: [-10, -1, 1, 10],
  trialsPerBias: 40,
  seed: 11,
  falseAlarmRate: 0.002,
  maxAffected: 400,
};

describe('bias-detection simulation (AI-PBRTQC settings choice)', () => {
  const report = simulateBiasDetection(options);
  const byName = new Map(report.ranked.map((c) => [c.name, c]));
  const anped = (name: string, bias: number) => byName.get(name)!.perBias.find((p) => p.biasPercent === bias)!.anped;

  it('large biases are caught after fewer patient results than small ones', () => {
    for (const c of report.ranked) {
      expect(c.perBias.find((p) => p.biasPercent === 10)!.anped).toBeLessThan(c.perBias.find((p) => p.biasPercent === 1)!.anped);
      expect(c.perBias.find((p) => p.biasPercent === -10)!.anped).toBeLessThan(c.perBias.find((p) => p.biasPercent === -1)!.anped);
    }
  });

  it('small blocks win on large biases, large blocks on small biases', () => {
    expect(anped('MA5', 10)).toBeLessThan(anped('MA50', 10));
    expect(anped('MA5', -10)).toBeLessThan(anped('MA50', -10));
    expect(anped('MA50', 1)).toBeLessThan(anped('MA5', 1));
    expect(anped('MA50', -1)).toBeLessThan(anped('MA5', -1));
    expect(anped('EWMA0.3', 10)).toBeLessThan(anped('EWMA0.05', 10));
    expect(anped('EWMA0.05', 1)).toBeLessThan(anped('EWMA0.3', 1));
  });

  it('derives limits at the wanted false-alarm rate and ranks a noisy candidate last', () => {
    for (const name of ['MA5', 'MA50', 'EWMA0.05', 'EWMA0.3']) {
      const c = byName.get(name)!;
      expect(c.limitsDerived).toBe(true);
      expect(c.falseAlarmRate).toBeLessThanOrEqual(0.0021);
      expect(c.qualified).toBe(true);
    }
    const tight = byName.get('tight')!;
    expect(tight.limitsDerived).toBe(false);
    expect(tight.falseAlarmRate).toBeGreaterThan(0.1);
    expect(tight.meanAnped).toBeLessThan(report.ranked[0].meanAnped); // fastest, yet…
    expect(tight.rank).toBe(5); // …ranked after every setting with an acceptable false-alarm rate
    expect(tight.reason['zh-CN']).toContain('超出上限，排在合格设置之后');
  });

  it('ranks by mean ANPed and explains the recommendation', () => {
    const means = report.ranked.filter((c) => c.qualified).map((c) => c.meanAnped);
    expect(means).toEqual([...means].sort((a, b) => a - b));
    expect(report.ranked.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(report.best).toBe(report.ranked[0]);
    expect(['EWMA0.05', 'MA50']).toContain(report.best!.name);
    expect(report.reason['zh-CN']).toContain(`推荐 ${report.best!.label['zh-CN']}`);
    const p = report.best!.perBias[0];
    expect(p.detected).toBe(40);
    expect(p.mnped).toBeLessThanOrEqual(p.p95);
  });

  it('is deterministic for a seed and changes with it', () => {
    expect(simulateBiasDetection(options)).toEqual(report);
    const other = simulateBiasDetection({ ...options, seed: 12 });
    expect(other.ranked.map((c) => c.meanAnped)).not.toEqual(report.ranked.map((c) => c.meanAnped));
  });

  it('counts undetected trials at the cap', () => {
    const r = simulateBiasDetection({ ...options, candidates: [options.candidates[0]], biasesPercent: [0.1], maxAffected: 30, trialsPerBias: 10 });
    const p = r.ranked[0].perBias[0];
    expect(p.detected).toBeLessThan(10);
    expect(p.anped).toBeLessThanOrEqual(30);
    expect(p.p95).toBe(30);
  });

  it('builds a candidate grid', () => {
    const grid = candidateGrid({ target: 140, blockSizes: [10, 20], lambdas: [0.1], truncations: [undefined, { low: 130, high: 150 }] });
    expect(grid.map((s) => describePbrtqcSettings(s).en)).toEqual([
      'MA(N=10)', 'MA(N=10, truncation 130–150)', 'MA(N=20)', 'MA(N=20, truncation 130–150)',
      'MM(N=10)', 'MM(N=10, truncation 130–150)', 'MM(N=20)', 'MM(N=20, truncation 130–150)',
      'EWMA(λ=0.1)', 'EWMA(λ=0.1, truncation 130–150)',
    ]);
  });

  it('refuses unusable input', () => {
    expect(() => simulateBiasDetection({ ...options, history: history.slice(0, 20) })).toThrow(/at least 50 results/);
    expect(() => simulateBiasDetection({ ...options, biasesPercent: [0] })).toThrow(/non-zero/);
    expect(() => simulateBiasDetection({ ...options, candidates: [] })).toThrow(/No candidate/);
  });
});
