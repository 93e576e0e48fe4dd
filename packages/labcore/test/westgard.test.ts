import { describe, expect, it } from 'vitest';
import { DEFAULT_WESTGARD_CONFIG, evaluateWestgard, LabcoreError, THREE_LEVEL_WESTGARD_CONFIG, type QcResult, type WestgardConfig } from '../src/index.ts';

/** Level targets: level 1 mean 100 SD 2, level 2 mean 200 SD 4, level 3 mean 300 SD 10 — so z is easy to read. */
const TARGETS = { 1: { mean: 100, sd: 2 }, 2: { mean: 200, sd: 4 }, 3: { mean: 300, sd: 10 } } as const;

/** Runs given as z-scores per level: `runs([[+0.5, -1], [2.2, 0]])` → run R1 with L1 z=+0.5 and L2 z=−1, … */
function runs(zs: readonly (readonly (number | null)[])[]): QcResult[] {
  const out: QcResult[] = [];
  zs.forEach((run, r) =>
    run.forEach((z, l) => {
      if (z === null) return;
      const level = (l + 1) as 1 | 2 | 3;
      const t = TARGETS[level];
      out.push({ id: `R${r + 1}L${level}`, runId: `R${r + 1}`, level, time: Date.UTC(2024, 0, 1 + r, 8), value: t.mean + z * t.sd, target: t });
    }),
  );
  return out;
}

const run = (e: ReturnType<typeof evaluateWestgard>, id: string) => e.runs.find((r) => r.runId === id)!;
const result = (e: ReturnType<typeof evaluateWestgard>, id: string) => e.results.find((r) => r.id === id)!;
const rulesOf = (e: ReturnType<typeof evaluateWestgard>, runId: string) => run(e, runId).violations.map((v) => v.rule);

describe('Westgard multirules (default 1-2s/1-3s/2-2s/R-4s/4-1s/10x)', () => {
  it('accepts results within ±2 SD and explains it', () => {
    const e = evaluateWestgard(runs([[0.5, -1.2], [1.9, -1.9]]));
    expect(e.runs.map((r) => r.status)).toEqual(['accept', 'accept']);
    expect(result(e, 'R2L1')).toMatchObject({ status: 'accept', runStatus: 'accept', violations: [] });
    expect(result(e, 'R2L1').z).toBeCloseTo(1.9);
    expect(result(e, 'R2L1').reason).toEqual({ 'zh-CN': '在控：z=+1.90', en: 'in control: z=+1.90' });
  });

  it('1-2s is a warning, 1-3s a rejection; ±2 SD exactly does not exceed', () => {
    const e = evaluateWestgard(runs([[2.5, 0], [0, -3.2], [2, -2]]));
    expect(run(e, 'R1').status).toBe('warning');
    expect(result(e, 'R1L1').violations[0]).toMatchObject({ rule: '1-2s', severity: 'warning', side: 'high', resultIds: ['R1L1'] });
    expect(result(e, 'R1L2').status).toBe('accept');
    expect(result(e, 'R1L2').runStatus).toBe('warning');
    expect(rulesOf(e, 'R2')).toEqual(['1-2s', '1-3s']);
    expect(run(e, 'R2').status).toBe('reject');
    expect(run(e, 'R2').violations[1].reason['zh-CN']).toBe('1-3s：1 个结果超出 −3SD：水平 2/批 R2 z=-3.20');
    expect(run(e, 'R3').status).toBe('accept');
  });

  it('2-2s within the run, across levels', () => {
    const e = evaluateWestgard(runs([[2.3, 2.1]]));
    const v = run(e, 'R1').violations.find((x) => x.rule === '2-2s')!;
    expect(v).toMatchObject({ scope: 'within-run', side: 'high', resultIds: ['R1L1', 'R1L2'], runIds: ['R1'] });
    expect(result(e, 'R1L2').status).toBe('reject');
  });

  it('2-2s across runs within one level rejects the second run only', () => {
    const e = evaluateWestgard(runs([[2.2, 0.3], [2.4, -0.5]]));
    expect(run(e, 'R1').status).toBe('warning');
    const v = run(e, 'R2').violations.find((x) => x.rule === '2-2s')!;
    expect(v).toMatchObject({ scope: 'across-runs-within-level', resultIds: ['R1L1', 'R2L1'], runIds: ['R1', 'R2'] });
    expect(v.reason.en).toBe('2-2s (across runs, within one level): 2 results beyond +2 SD: level 1/run R1 z=+2.20, level 1/run R2 z=+2.40');
    // The run is rejected as a whole; level 2 broke no rule itself.
    expect(result(e, 'R2L2')).toMatchObject({ status: 'accept', runStatus: 'reject' });
    // The earlier run keeps its verdict: its result is not given the later violation.
    expect(result(e, 'R1L1').violations.map((x) => x.rule)).toEqual(['1-2s']);
  });

  it('2-2s needs the same side; R-4s is not applied across runs by default', () => {
    const e = evaluateWestgard(runs([[2.2, 0], [-2.2, 0]]));
    expect(rulesOf(e, 'R2')).toEqual(['1-2s']);
    expect(run(e, 'R2').status).toBe('warning');
  });

  it('R-4s within the run: one above +2 SD, another below −2 SD', () => {
    const e = evaluateWestgard(runs([[2.1, -2.2]]));
    const v = run(e, 'R1').violations.find((x) => x.rule === 'R-4s')!;
    expect(v).toMatchObject({ side: 'both', scope: 'within-run', resultIds: ['R1L1', 'R1L2'] });
    expect(run(e, 'R1').status).toBe('reject');
    // A range of 4 SD without either result beyond 2 SD is not R-4s.
    expect(rulesOf(evaluateWestgard(runs([[1.9, -1.9]])), 'R1')).toEqual([]);
  });

  it('4-1s across runs within a level, detected in the fourth run', () => {
    const e = evaluateWestgard(runs([[1.2, 0.2], [1.5, -0.3], [-1.1, 0.1], [1.1, 0], [1.3, 0.4], [1.6, 0], [1.2, 0]]));
    // Runs 1-2 then a break (run 3 on the other side); 4 consecutive from run 4 to run 7.
    expect(e.runs.map((r) => r.status)).toEqual(['accept', 'accept', 'accept', 'accept', 'accept', 'accept', 'reject']);
    expect(run(e, 'R7').violations[0]).toMatchObject({ rule: '4-1s', scope: 'across-runs-within-level', resultIds: ['R4L1', 'R5L1', 'R6L1', 'R7L1'] });
  });

  it('4-1s across runs and levels: two runs of two levels', () => {
    const e = evaluateWestgard(runs([[1.2, 1.4], [1.5, 1.1]]));
    expect(run(e, 'R1').status).toBe('accept');
    const v = run(e, 'R2').violations.find((x) => x.rule === '4-1s')!;
    expect(v).toMatchObject({ scope: 'across-runs-across-levels', side: 'high', resultIds: ['R1L1', 'R1L2', 'R2L1', 'R2L2'] });
  });

  it('10x within a level: the tenth result on one side rejects, the ninth does not', () => {
    const zs = Array.from({ length: 10 }, () => [0.4, null]);
    const e = evaluateWestgard(runs(zs));
    expect(e.runs.slice(0, 9).every((r) => r.status === 'accept')).toBe(true);
    expect(run(e, 'R10').violations[0]).toMatchObject({ rule: '10x', side: 'high', scope: 'across-runs-within-level' });
    expect(run(e, 'R10').violations[0].resultIds).toHaveLength(10);
    expect(run(e, 'R10').violations[0].reason['zh-CN']).toContain('10 个结果位于均值上方');
  });

  it('10x across levels: five runs of two levels below the mean', () => {
    const e = evaluateWestgard(runs(Array.from({ length: 5 }, () => [-0.3, -0.6])));
    expect(run(e, 'R4').status).toBe('accept');
    expect(run(e, 'R5').violations.map((v) => [v.rule, v.scope, v.side])).toEqual([['10x', 'across-runs-across-levels', 'low']]);
  });

  it('orders results by time, not by input order', () => {
    const shuffled = runs([[1.2, 1.4], [1.5, 1.1]]).reverse();
    expect(run(evaluateWestgard(shuffled), 'R2').status).toBe('reject');
    expect(evaluateWestgard(shuffled).runs.map((r) => r.runId)).toEqual(['R1', 'R2']);
    expect(evaluateWestgard(shuffled).results.map((r) => r.id)).toEqual(shuffled.map((r) => r.id));
  });
});

describe('optional rules and configuration', () => {
  it('three levels: 2of3-2s within the run', () => {
    const e = evaluateWestgard(runs([[2.5, 2.1, 0.3]]), THREE_LEVEL_WESTGARD_CONFIG);
    const v = run(e, 'R1').violations.find((x) => x.rule === '2of3-2s')!;
    expect(v).toMatchObject({ scope: 'within-run', resultIds: ['R1L1', 'R1L2'] });
    expect(v.reason['zh-CN']).toContain('3 个连续结果中 2 个超出 +2SD');
  });

  it('2of3-2s across runs within a level; the newest result must take part', () => {
    const config: WestgardConfig = { rules: ['2of3-2s'] };
    const e = evaluateWestgard(runs([[2.2, 0], [0.5, 0], [2.3, 0], [0.1, 0]]), config);
    expect(run(e, 'R3').violations[0]).toMatchObject({ rule: '2of3-2s', resultIds: ['R1L1', 'R3L1'] });
    // Run 4 is fine: the two old exceedances were already caught in run 3.
    expect(run(e, 'R4').status).toBe('accept');
  });

  it('3-1s, 6x, 8x, 9x and 12x fire at their length', () => {
    const ones = (n: number) => Array.from({ length: n }, () => [1.3, null]);
    expect(run(evaluateWestgard(runs(ones(3)), { rules: ['3-1s'] }), 'R3').violations[0].rule).toBe('3-1s');
    expect(run(evaluateWestgard(runs(ones(2)), { rules: ['3-1s'] }), 'R2').status).toBe('accept');
    for (const n of [6, 8, 9, 12] as const) {
      const rule = `${n}x` as const;
      const e = evaluateWestgard(runs(Array.from({ length: n }, () => [-0.2, null])), { rules: [rule] });
      expect(run(e, `R${n - 1}`).status).toBe('accept');
      expect(run(e, `R${n}`).violations[0]).toMatchObject({ rule, side: 'low' });
    }
  });

  it('severity and scopes are configurable per rule', () => {
    const pattern = runs([[1.2, 0.2], [1.5, -0.3], [1.1, 0.1], [1.3, 0.4]]);
    expect(run(evaluateWestgard(pattern), 'R4').status).toBe('reject');
    expect(run(evaluateWestgard(pattern, { rules: [{ rule: '4-1s', severity: 'warning' }] }), 'R4').status).toBe('warning');
    const twoTwo = runs([[2.2, 0.3], [2.4, -0.5]]);
    const withinRunOnly = evaluateWestgard(twoTwo, { rules: [{ rule: '2-2s', scopes: ['within-run'] }] });
    expect(run(withinRunOnly, 'R2').status).toBe('accept');
    // R-4s across runs when a laboratory asks for it.
    const r4 = evaluateWestgard(runs([[2.2, 0], [-2.2, 0]]), { rules: [{ rule: 'R-4s', scopes: ['within-run', 'across-runs-within-level'] }] });
    expect(run(r4, 'R2').violations[0]).toMatchObject({ rule: 'R-4s', scope: 'across-runs-within-level', resultIds: ['R1L1', 'R2L1'] });
  });

  it('the classic flowchart: without a 2 SD exceedance the run is accepted', () => {
    const pattern = runs([[1.2, 0.2], [1.5, -0.3], [1.1, 0.1], [1.3, 0.4]]);
    const classic = evaluateWestgard(pattern, { ...DEFAULT_WESTGARD_CONFIG, warningTriggersInspection: true });
    expect(run(classic, 'R4').status).toBe('accept');
    const triggered = runs([[1.2, 0.2], [1.5, -0.3], [1.1, 0.1], [2.3, 0.4]]);
    expect(rulesOf(evaluateWestgard(triggered, { ...DEFAULT_WESTGARD_CONFIG, warningTriggersInspection: true }), 'R4')).toEqual(['1-2s', '4-1s']);
  });

  it('excluded results take no part', () => {
    const data = runs([[2.2, 0], [2.4, 0]]);
    data[0].excluded = true;
    const e = evaluateWestgard(data);
    expect(run(e, 'R2').status).toBe('warning');
    expect(result(e, 'R1L1')).toMatchObject({ excluded: true, status: 'accept', violations: [] });
  });

  it('refuses what it cannot judge, naming the field', () => {
    const bad = runs([[0, 0]]);
    bad[1] = { ...bad[1], target: { mean: 200, sd: 0 } };
    expect(() => evaluateWestgard(bad)).toThrow(LabcoreError);
    try {
      evaluateWestgard(bad);
    } catch (err) {
      expect((err as LabcoreError).path).toBe('results[1].target.sd');
    }
    expect(() => evaluateWestgard([...runs([[0]]), ...runs([[0]])])).toThrow(/Duplicate control result id: R1L1/);
    expect(() => evaluateWestgard(runs([[0]]), { rules: ['5-1s' as never] })).toThrow(/Unknown control rule/);
    expect(() => evaluateWestgard([{ ...runs([[0]])[0], time: 'yesterday' }])).toThrow(/Not a valid time/);
  });
});
