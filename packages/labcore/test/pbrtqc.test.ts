import { describe, expect, it } from 'vitest';
import {
  createRandom,
  deriveControlLimits,
  historyTarget,
  INITIAL_PBRTQC_STATE,
  LabcoreError,
  median,
  runPbrtqc,
  settingsFromReferenceInterval,
  stepPbrtqc,
  suggestTruncation,
  type PbrtqcSettings,
  type PbrtqcState,
} from '../src/index.ts';

describe('PBRTQC statistics, step by step', () => {
  it('moving average with exclusion limits, as the 互认 platform nextPoint works', () => {
    const s: PbrtqcSettings = { statistic: 'moving-average', blockSize: 3, target: 5, truncation: { low: 3, high: 7 }, limits: { low: 4.5, high: 5.5 } };
    const { points, state } = runPbrtqc(s, [5, 5.2, 9, 5.4, 5.8, 6.2]);
    expect(points.map((p) => p.included)).toEqual([true, true, false, true, true, true]);
    expect(points.map((p) => (p.statistic === null ? null : Number(p.statistic.toFixed(4))))).toEqual([null, null, null, 5.2, 5.4667, 5.8]);
    expect(points.map((p) => p.alarm)).toEqual([null, null, null, null, null, 'high']);
    expect(state).toEqual({ recent: [6.2, 5.8, 5.4], ewma: null });
    expect(points[2].reason['zh-CN']).toBe('结果 9 超出截断限 3–7，不参与统计');
    expect(points[1].reason.en).toBe('MA(N=3, truncation 3–7): the window is not yet full');
    expect(points[5].reason['zh-CN']).toBe('MA(N=3, 截断 3–7) = 5.8 高于控制上限 5.5（目标 5，偏倚 16%）');
  });

  it('EWMA starts at the target; an excluded value changes nothing and cannot alarm', () => {
    const s: PbrtqcSettings = { statistic: 'ewma', lambda: 0.5, target: 5, truncation: { low: 3, high: 7 }, limits: { low: 4.6, high: 5.4 } };
    const { points, state } = runPbrtqc(s, [5.2, 9, 6, 4]);
    expect(points.map((p) => p.statistic)).toEqual([5.1, 5.1, 5.55, 4.775]);
    expect(points.map((p) => p.alarm)).toEqual([null, null, 'high', null]);
    expect(state).toEqual({ recent: [], ewma: 4.775 });
    expect(points[2].reason.en).toBe('EWMA(λ=0.5, truncation 3–7) = 5.55 is above the upper control limit 5.4 (target 5, bias 11%)');
  });

  it('winsorising lets an extreme value in at the limit', () => {
    const s: PbrtqcSettings = { statistic: 'moving-average', blockSize: 2, target: 5, truncation: { low: 3, high: 7, mode: 'winsorize' } };
    const { points } = runPbrtqc(s, [5, 9, 1]);
    expect(points.map((p) => [p.included, p.used, p.statistic])).toEqual([
      [true, 5, null],
      [true, 7, 6],
      [true, 3, 5],
    ]);
    expect(points[1].reason['zh-CN']).toBe('结果 9 按缩尾处理为 7；MA(N=2, 缩尾 3–7) = 6（未设控制限）');
  });

  it('moving median equals the median of the last N included values (odd and even N)', () => {
    const random = createRandom(5);
    const values = Array.from({ length: 200 }, () => Math.round(random.normal(100, 10)));
    for (const blockSize of [7, 6]) {
      const { points } = runPbrtqc({ statistic: 'moving-median', blockSize, target: 100 }, values);
      points.forEach((p, i) => {
        expect(p.statistic).toBe(i + 1 < blockSize ? null : median(values.slice(i + 1 - blockSize, i + 1)));
      });
    }
  });

  it('incremental steps with a saved state give the batch result', () => {
    const random = createRandom(9);
    const values = Array.from({ length: 120 }, () => random.normal(4.2, 0.4));
    for (const s of [
      { statistic: 'moving-average', blockSize: 10, target: 4.2, truncation: { low: 3.5, high: 5 }, limits: { low: 4, high: 4.4 } },
      { statistic: 'moving-median', blockSize: 9, target: 4.2, limits: { low: 4, high: 4.4 } },
      { statistic: 'ewma', lambda: 0.1, target: 4.2, truncation: { low: 3.5, high: 5, mode: 'winsorize' }, limits: { low: 4.05, high: 4.35 } },
    ] satisfies PbrtqcSettings[]) {
      const batch = runPbrtqc(s, values);
      let state: PbrtqcState = INITIAL_PBRTQC_STATE;
      for (let i = 0; i < values.length; i++) {
        // Stored as JSON between results, as a database row would hold it.
        const step = stepPbrtqc(s, JSON.parse(JSON.stringify(state)) as PbrtqcState, values[i]);
        state = step.state;
        const expected = batch.points[i].statistic;
        if (expected === null) expect(step.point.statistic).toBeNull();
        else expect(step.point.statistic).toBeCloseTo(expected, 12);
        expect(step.point.alarm).toBe(batch.points[i].alarm);
      }
      expect(state.recent).toEqual(batch.state.recent);
    }
  });

  it('refuses settings it cannot run with', () => {
    expect(() => stepPbrtqc({ statistic: 'ewma', lambda: 0, target: 1 }, INITIAL_PBRTQC_STATE, 1)).toThrow(/λ must be in \(0, 1\]/);
    expect(() => runPbrtqc({ statistic: 'moving-average', blockSize: 0, target: 1 }, [1])).toThrow(LabcoreError);
    expect(() => runPbrtqc({ statistic: 'moving-average', blockSize: 5, target: 1, truncation: { low: 5, high: 5 } }, [1])).toThrow(/truncation/);
    expect(() => runPbrtqc({ statistic: 'moving-average', blockSize: 5, target: 1, limits: { low: 2, high: 1 } }, [1])).toThrow(/control limit/);
  });
});

describe('control limits from an in-control period', () => {
  const random = createRandom(42);
  const history = Array.from({ length: 5000 }, () => random.normal(140, 3));

  it('percentiles of the statistic give limits near the theory and the wanted false-alarm rate', () => {
    const s: PbrtqcSettings = { statistic: 'moving-average', blockSize: 20, target: 140 };
    const d = deriveControlLimits(history, s, { falseAlarmRate: 0.01 });
    // The MA of 20 normal values has SD 3/√20; 99 % of it lies within ±2.576 of those SDs.
    const half = (2.576 * 3) / Math.sqrt(20);
    expect(d.limits.low).toBeGreaterThan(140 - half * 1.2);
    expect(d.limits.low).toBeLessThan(140 - half * 0.8);
    expect(d.limits.high).toBeGreaterThan(140 + half * 0.8);
    expect(d.limits.high).toBeLessThan(140 + half * 1.2);
    expect(d.evaluated).toBe(5000 - 19);
    const onHistory = runPbrtqc({ ...s, limits: d.limits }, history);
    // About α of the judged points fall beyond the percentiles (interpolation adds at most one per side).
    expect(Math.abs(onHistory.alarms - 0.01 * d.evaluated)).toBeLessThanOrEqual(2);
    expect(d.reason['zh-CN']).toContain('在 4981 个历史统计量上取 0.5% 与 99.5% 百分位数');
  });

  it('suggests truncation limits and the target they imply', () => {
    const t = suggestTruncation(history);
    expect(t.low).toBeGreaterThan(140 - 2.326 * 3 * 1.1);
    expect(t.high).toBeLessThan(140 + 2.326 * 3 * 1.1);
    expect(historyTarget(history, t)).toBeCloseTo(140, 0);
    expect(historyTarget([1, 2, 3, 100], { low: 0, high: 10 })).toBe(2);
    expect(historyTarget([1, 2, 3, 100], { low: 0, high: 10, mode: 'winsorize' })).toBe(4);
  });

  it('needs enough history', () => {
    expect(() => deriveControlLimits([1, 2, 3], { statistic: 'moving-average', blockSize: 2, target: 2 })).toThrow(/Not enough history/);
  });
});

describe('replacing the 互认 platform\'s nextPoint', () => {
  // Its documented behaviour: the MA over the last N included values (newest first) and an EWMA from the target are
  // both updated by an included value; an excluded one changes neither and fires nothing; MA is judged first.
  function nextPointAsDocumented(s: { blockSize: number; lambda: number; targetMean: number; truncationLow: number; truncationHigh: number; maLow: number; maHigh: number; ewmaLow: number; ewmaHigh: number }, value: number, previous: number[], ewmaBefore: number | null) {
    const included = value >= s.truncationLow && value <= s.truncationHigh;
    const window = (included ? [value, ...previous] : previous).slice(0, s.blockSize);
    const ma = window.length >= s.blockSize ? window.reduce((a, b) => a + b, 0) / window.length : null;
    const ewma = included ? s.lambda * value + (1 - s.lambda) * (ewmaBefore ?? s.targetMean) : ewmaBefore;
    const rule = included && ma !== null && (ma > s.maHigh || ma < s.maLow) ? 'MA' : included && ewma !== null && (ewma > s.ewmaHigh || ewma < s.ewmaLow) ? 'EWMA' : null;
    return { included, ma, ewma, rule, window };
  }

  it('two labcore streams (MA and EWMA) give the same points, from the same reference-interval defaults', () => {
    // Potassium 3.5–5.3: target 4.4, SD 0.45, truncation 2.6–6.2, MA(20) limits ±3·0.45/√20, EWMA(0.1) ±3·0.45·√(0.1/1.9).
    const ma = settingsFromReferenceInterval([3.5, 5.3], { statistic: 'moving-average', blockSize: 20 });
    const ewma = settingsFromReferenceInterval([3.5, 5.3], { statistic: 'ewma', lambda: 0.1 });
    expect(ma.target).toBeCloseTo(4.4, 12);
    expect(ma.truncation).toEqual({ low: 2.6, high: 6.2 });
    expect(ma.limits!.high).toBeCloseTo(4.4 + (3 * 0.45) / Math.sqrt(20), 10);
    expect(ewma.limits!.low).toBeCloseTo(4.4 - 3 * 0.45 * Math.sqrt(0.1 / 1.9), 10);
    const s = { blockSize: 20, lambda: 0.1, targetMean: 4.4, truncationLow: ma.truncation!.low, truncationHigh: ma.truncation!.high, maLow: ma.limits!.low, maHigh: ma.limits!.high, ewmaLow: ewma.limits!.low, ewmaHigh: ewma.limits!.high };

    const random = createRandom(77);
    // In control, then a +8 % shift, with the odd outlier.
    const values = Array.from({ length: 400 }, (_, i) => (i % 37 === 0 ? 9.9 : random.normal(4.4, 0.45) * (i >= 250 ? 1.08 : 1)));
    let previous: number[] = [];
    let ewmaBefore: number | null = null;
    let maState: PbrtqcState = INITIAL_PBRTQC_STATE;
    let ewmaState: PbrtqcState = INITIAL_PBRTQC_STATE;
    let alarms = 0;
    for (const v of values) {
      const expected = nextPointAsDocumented(s, v, previous, ewmaBefore);
      const a = stepPbrtqc(ma, maState, v);
      const b = stepPbrtqc(ewma, ewmaState, v);
      expect(a.point.included).toBe(expected.included);
      if (expected.ma === null) expect(a.point.statistic).toBeNull();
      else expect(a.point.statistic).toBeCloseTo(expected.ma, 10);
      expect(b.point.statistic).toBe(expected.ewma);
      expect(a.point.alarm ? 'MA' : b.point.alarm ? 'EWMA' : null).toBe(expected.rule);
      if (expected.rule) alarms++;
      previous = expected.included ? expected.window : previous;
      ewmaBefore = expected.ewma;
      maState = a.state;
      ewmaState = b.state;
      expect(maState.recent).toEqual(previous);
    }
    expect(alarms).toBeGreaterThan(0);
  });

  it('the moving median gets wider limits than the mean', () => {
    const mm = settingsFromReferenceInterval([3.5, 5.3], { statistic: 'moving-median', blockSize: 20 });
    expect(mm.limits!.high - 4.4).toBeCloseTo(((3 * 0.45) / Math.sqrt(20)) * Math.sqrt(Math.PI / 2), 10);
    expect(() => settingsFromReferenceInterval([5, 5], { statistic: 'ewma' })).toThrow(/low limit must be below/);
  });
});
