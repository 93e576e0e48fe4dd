import { describe, expect, it } from 'vitest';
import { AUTOVERIFY_RULE_IDS, autoverify, evaluateWestgard, qcRecordsFromRuns, type AutoverifyConfig, type AutoverifyReport, type AutoverifyResultInput, type QcResult } from '../src/index.ts';

const CONFIG: AutoverifyConfig = {
  tests: [
    {
      test: 'K',
      referenceRanges: [{ low: 3.5, high: 5.3 }],
      criticalLimits: [{ low: 2.8, high: 6.2 }],
      plausibility: { linearityLow: 1, linearityHigh: 10, physiologicalHigh: 15 },
      autoverifyLimits: { low: 3.3, high: 5.6 },
      specimenIndexLimits: { hemolysis: 50 },
      delta: { windowDays: 7, maxAbsolute: 1.5 },
    },
    { test: 'NA', referenceRanges: [{ low: 137, high: 147 }], criticalLimits: [{ low: 120, high: 160 }], autoverifyLimits: { low: 130, high: 150 } },
    { test: 'GLU', referenceRanges: [{ low: 3.9, high: 6.1 }], criticalLimits: [{ low: 2.8, high: 25 }], plausibility: { linearityHigh: 33.3 }, autoverifyLimits: { low: 3, high: 15 } },
    { test: 'ALT', referenceRanges: [{ sex: 'male', low: 9, high: 50 }, { sex: 'female', low: 7, high: 40 }], autoverifyLimits: { high: 200 }, specimenIndexLimits: { hemolysis: 200 }, ignoredInstrumentFlags: ['R'] },
    { test: 'TBIL', referenceRanges: [{ high: 23 }], autoverifyLimits: { high: 100 } },
    { test: 'DBIL', referenceRanges: [{ high: 8 }], autoverifyLimits: { high: 50 } },
    { test: 'TP', referenceRanges: [{ low: 65, high: 85 }] },
    { test: 'ALB', referenceRanges: [{ low: 40, high: 55 }] },
    { test: 'GLB', referenceRanges: [{ low: 20, high: 40 }] },
    { test: 'PRO', kind: 'qualitative', referenceRanges: [{ expected: ['阴性'] }], requiresQc: false },
  ],
};

const RESULTED = '2024-06-10T09:00:00+08:00';
const VALUES: Record<string, string> = { K: '4.2', NA: '140', GLU: '5.1', ALT: '32', TBIL: '15.2', DBIL: '4.1', TP: '70.0', ALB: '42.0', GLB: '28.0' };

function report(overrides: { values?: Record<string, string>; extra?: Partial<Record<string, Partial<AutoverifyResultInput>>> } = {}, rest: Partial<AutoverifyReport> = {}): AutoverifyReport {
  const values = { ...VALUES, ...overrides.values };
  const results: AutoverifyResultInput[] = Object.entries(values).map(([test, value]) => ({ id: `r-${test}`, test, value, instrument: 'AU5800', resultedAt: RESULTED, ...overrides.extra?.[test] }));
  results.push({ id: 'r-PRO', test: 'PRO', value: '阴性(-)', resultedAt: RESULTED, ...overrides.extra?.PRO });
  return {
    id: 'S20240610-001',
    patient: { sex: 'male', birthDate: '1970-03-15' },
    specimen: { type: '血清', collectedAt: '2024-06-10T07:30:00+08:00', hemolysis: 20, lipemia: 10, icterus: 5 },
    ordered: ['K', 'NA', 'GLU', 'ALT', 'TBIL', 'DBIL', 'TP', 'ALB', 'PRO'],
    results,
    previous: [{ test: 'K', value: '4.0', time: '2024-06-08T07:30:00+08:00' }],
    qc: Object.keys(VALUES).map((test) => ({ test, instrument: 'AU5800', status: 'accept' as const, time: '2024-06-10T08:00:00+08:00', runId: 'QC-0610-1' })),
    ...rest,
  };
}

const resultOf = (d: ReturnType<typeof autoverify>, test: string) => d.results.find((r) => r.test === test)!;
const logOf = (d: ReturnType<typeof autoverify>, test: string, rule: string) => resultOf(d, test).log.find((e) => e.rule === rule)!;
const held = (d: ReturnType<typeof autoverify>) => d.results.filter((r) => r.decision === 'hold').map((r) => r.test);

describe('auto-verification', () => {
  it('verifies a clean report and logs every rule for every result', () => {
    const d = autoverify(report(), CONFIG);
    expect(d.decision).toBe('verify');
    expect(d.reasons).toEqual([]);
    expect(held(d)).toEqual([]);
    for (const r of d.results) expect(r.log.map((e) => e.rule)).toEqual(AUTOVERIFY_RULE_IDS);
    expect(AUTOVERIFY_RULE_IDS).toHaveLength(15);
    expect(d.log.map((e) => [e.rule, e.outcome])).toEqual([
      ['ordered-tests', 'pass'],
      ['calculated-consistency', 'pass'],
    ]);
    expect(logOf(d, 'K', 'qc-status')).toMatchObject({ outcome: 'pass', observed: { lastStatus: 'accept', ageHours: 1, nextStatus: null }, reason: { 'zh-CN': '质控在控（1 小时前）' } });
    expect(logOf(d, 'K', 'delta-check')).toMatchObject({ outcome: 'pass', observed: { previous: 4, days: 2, absolute: 0.2 } });
    expect(logOf(d, 'TP', 'autoverify-limits').reason['zh-CN']).toBe('70.0 在参考范围（未设自动审核范围） 65–85 之内');
    expect(logOf(d, 'GLB', 'calculated-consistency')).toMatchObject({ outcome: 'pass', observed: { reported: 28, recomputed: 28 } });
    expect(logOf(d, 'DBIL', 'calculated-consistency').reason.en).toBe('DBIL <= TBIL holds (DBIL=4.1, TBIL=15.2)');
    expect(logOf(d, 'PRO', 'qc-status').outcome).toBe('not-applicable');
    expect(logOf(d, 'PRO', 'reference-flag')).toMatchObject({ outcome: 'pass', observed: { flag: 'N' } });
    expect(resultOf(d, 'ALT').flag).toBe('N');
  });

  it('is a pure function of its input', () => {
    expect(autoverify(report(), CONFIG)).toEqual(autoverify(report(), CONFIG));
  });

  it('holds a hemolysed potassium but not an ALT that tolerates it', () => {
    const d = autoverify(report({}, { specimen: { type: '血清', collectedAt: '2024-06-10T07:30:00+08:00', hemolysis: 80, lipemia: 10, icterus: 5 } }), CONFIG);
    expect(d.decision).toBe('hold');
    expect(held(d)).toEqual(['K']);
    expect(logOf(d, 'K', 'specimen-quality')).toMatchObject({ outcome: 'fail', observed: { hemolysis: 80, hemolysisLimit: 50 } });
    expect(d.reasons).toEqual([{ 'zh-CN': 'K：溶血指数 80 超过限值 50', en: 'K: hemolysis index 80 above the limit 50' }]);
  });

  it('holds when a tolerated index was not measured', () => {
    const d = autoverify(report({}, { specimen: { type: '血清', collectedAt: '2024-06-10T07:30:00+08:00' } }), CONFIG);
    expect(held(d)).toEqual(['K', 'ALT']);
    expect(resultOf(d, 'K').reasons[0].en).toBe('no hemolysis index: interference cannot be ruled out');
  });

  it('holds a critical value, listing every rule it breaks', () => {
    const d = autoverify(report({ values: { K: '6.5' } }), CONFIG);
    const k = resultOf(d, 'K');
    expect(k).toMatchObject({ decision: 'hold', flag: 'HH' });
    expect(k.log.filter((e) => e.outcome === 'fail').map((e) => e.rule)).toEqual(['critical-value', 'reference-flag', 'autoverify-limits', 'delta-check']);
    expect(k.reasons[0]['zh-CN']).toBe('危急值：采用第 1 条危急值界限（通用）：6.5 ≥ 危急值上限 6.2');
  });

  it('holds an implausible value', () => {
    const d = autoverify(report({ values: { K: '-0.2' } }), CONFIG);
    expect(logOf(d, 'K', 'plausibility')).toMatchObject({ outcome: 'fail', reason: { en: 'result -0.2 is implausible: negative value' } });
    expect(resultOf(d, 'K').flag).toBe('implausible');
  });

  it('holds a delta-check failure (CLSI EP33)', () => {
    const d = autoverify(report({ values: { K: '5.6' } }), CONFIG);
    expect(held(d)).toEqual(['K']);
    expect(logOf(d, 'K', 'delta-check')).toMatchObject({ outcome: 'fail', observed: { previous: 4, absolute: 1.6, exceeded: 'absolute' } });
    expect(logOf(d, 'K', 'autoverify-limits').outcome).toBe('pass'); // 5.6 is inside the auto-verification limits
    expect(logOf(d, 'K', 'reference-flag').outcome).toBe('pass'); // H is not a holding flag by default
  });

  describe('QC of the test on the instrument', () => {
    const withQc = (qc: AutoverifyReport['qc']) => autoverify(report({}, { qc }), CONFIG);
    const only = (status: 'accept' | 'warning' | 'reject', time: string, runId = 'QC-X') => [
      ...report().qc!.filter((q) => q.test !== 'K'),
      { test: 'K', instrument: 'AU5800', status, time, runId },
    ];

    it('the last QC before the result must be in control', () => {
      const d = withQc(only('reject', '2024-06-10T08:00:00+08:00', 'QC-7'));
      expect(held(d)).toEqual(['K']);
      expect(resultOf(d, 'K').reasons).toEqual([{ 'zh-CN': '结果前最近一次质控失控（批 QC-7）', en: 'the last QC before the result was out of control (run QC-7)' }]);
    });

    it('a warning is allowed unless configured otherwise', () => {
      expect(withQc(only('warning', '2024-06-10T08:00:00+08:00')).decision).toBe('verify');
      const strict = autoverify(report({}, { qc: only('warning', '2024-06-10T08:00:00+08:00') }), { ...CONFIG, qc: { allowWarning: false } });
      expect(held(strict)).toEqual(['K']);
    });

    it('too old, missing, or failed after the result', () => {
      expect(resultOf(withQc(only('accept', '2024-06-09T02:00:00+08:00')), 'K').reasons[0].en).toBe('the last QC was 31 h before the result, more than 24 h');
      expect(resultOf(withQc(report().qc!.filter((q) => q.test !== 'K')), 'K').reasons[0].en).toBe('no QC of K on AU5800 before the result');
      const after = withQc([...only('accept', '2024-06-10T08:00:00+08:00'), { test: 'K', instrument: 'AU5800', status: 'reject', time: '2024-06-10T11:00:00+08:00', runId: 'QC-8' }]);
      expect(resultOf(after, 'K').reasons[0]['zh-CN']).toBe('结果之后的质控失控（批 QC-8），需评估此前结果');
      // QC on another instrument does not count.
      const elsewhere = withQc([...report().qc!.filter((q) => q.test !== 'K'), { test: 'K', instrument: 'C16000', status: 'accept', time: '2024-06-10T08:00:00+08:00' }]);
      expect(held(elsewhere)).toEqual(['K']);
    });

    it('needs the instrument and the time of the result', () => {
      const d = autoverify(report({ extra: { K: { instrument: undefined }, NA: { resultedAt: undefined } } }), CONFIG);
      expect(resultOf(d, 'K').reasons[0].en).toBe('no instrument given: QC cannot be checked');
      expect(resultOf(d, 'NA').reasons[0].en).toBe('no result time given: QC cannot be checked');
    });

    it('takes its records from a Westgard evaluation', () => {
      const qcResults: QcResult[] = [
        { id: 'q1', runId: 'M1', level: 1, time: '2024-06-10T08:00:00+08:00', value: 4.0, target: { mean: 4, sd: 0.1 } },
        { id: 'q2', runId: 'M1', level: 2, time: '2024-06-10T08:00:00+08:00', value: 7.0, target: { mean: 6.6, sd: 0.1 } },
      ];
      const runs = evaluateWestgard(qcResults).runs;
      expect(runs[0].status).toBe('reject'); // level 2 at +4 SD: 1-3s
      const d = withQc([...report().qc!.filter((q) => q.test !== 'K'), ...qcRecordsFromRuns(runs, 'K', 'AU5800')]);
      expect(resultOf(d, 'K').reasons[0].en).toBe('the last QC before the result was out of control (run M1)');
    });
  });

  it('instrument flags and value marks hold unless the test ignores them; error codes always hold', () => {
    const d = autoverify(report({ values: { GLU: '5.1*' }, extra: { NA: { instrumentFlags: ['W'] }, ALT: { instrumentFlags: ['R'] }, TP: { errorCodes: ['E12 sample short'] } } }), CONFIG);
    expect(held(d)).toEqual(['NA', 'GLU', 'TP', 'GLB']);
    expect(resultOf(d, 'NA').reasons[0]['zh-CN']).toBe('仪器标记：W');
    expect(resultOf(d, 'GLU').reasons[0].en).toBe('instrument flags: *');
    expect(logOf(d, 'ALT', 'instrument-flags')).toMatchObject({ outcome: 'pass', reason: { en: 'instrument flags R are ignored for this test' } });
    expect(resultOf(d, 'TP').reasons[0].en).toBe('instrument error: E12 sample short');
    // GLB agrees with TP − ALB, but TP is held: a value computed from it is held too.
    expect(logOf(d, 'GLB', 'calculated-consistency').outcome).toBe('pass');
    expect(logOf(d, 'GLB', 'calculated-inputs')).toMatchObject({ outcome: 'fail', observed: { inputs: 'TP,ALB', heldInputs: 'TP' } });
    expect(d.reasons.map((r) => r.en)).toEqual([
      'NA: instrument flags: W',
      'GLU: instrument flags: *',
      'TP: instrument error: E12 sample short',
      'GLB: inputs of the calculation are held: TP',
    ]);
  });

  it('ordered against resulted: a missing test holds the report, an unordered or duplicate result holds itself', () => {
    const missing = report({ values: {} }, { ordered: [...report().ordered, 'CREA'] });
    const d = autoverify(missing, CONFIG);
    expect(d.decision).toBe('hold');
    expect(held(d)).toEqual([]);
    expect(d.log[0]).toMatchObject({ rule: 'ordered-tests', outcome: 'fail', observed: { missing: 'CREA' } });
    expect(d.reasons).toEqual([{ 'zh-CN': '申请项目无结果（漏项）：CREA', en: 'ordered tests without a result: CREA' }]);

    const extra = report();
    const withExtra = { ...extra, results: [...extra.results, { test: 'CRP', value: '3.1', instrument: 'AU5800', resultedAt: RESULTED }, { ...extra.results[1], id: 'dup' }] };
    const e = autoverify(withExtra, CONFIG);
    expect(e.results.filter((r) => r.decision === 'hold').map((r) => r.id ?? r.test)).toEqual(['r-NA', 'CRP', 'dup']);
    expect(e.results.find((r) => r.test === 'CRP')!.reasons.map((r) => r['zh-CN'])).toEqual([
      '项目 CRP 未配置自动审核规则',
      '项目 CRP 未申请',
      'AU5800 上 CRP 在结果之前没有质控记录',
      '未设置自动审核范围，也没有适用的数值参考范围',
    ]);
    expect(e.results.find((r) => r.id === 'dup')!.reasons[0].en).toBe('test NA has 2 results');
    // GLB was not ordered but is a calculated test.
    expect(logOf(e, 'GLB', 'ordered-tests')).toMatchObject({ outcome: 'pass', reason: { en: 'calculated test' } });
  });

  it('holds results that disagree with each other', () => {
    const glb = autoverify(report({ values: { GLB: '35.0' } }), CONFIG);
    expect(held(glb)).toEqual(['GLB']);
    expect(logOf(glb, 'GLB', 'calculated-consistency')).toMatchObject({ outcome: 'fail', observed: { reported: 35, recomputed: 28 } });
    expect(glb.log[1]).toMatchObject({ rule: 'calculated-consistency', outcome: 'fail', reason: { en: '1 inconsistency between results (GLB)' } });
    // Rounding is no disagreement: 70.0 − 41.96 = 28.04 reported as 28.0.
    expect(autoverify(report({ values: { ALB: '41.96' } }), CONFIG).decision).toBe('verify');

    const bili = autoverify(report({ values: { DBIL: '16.0' } }), CONFIG);
    expect(held(bili)).toEqual(['TBIL', 'DBIL']);
    expect(resultOf(bili, 'TBIL').reasons[0]['zh-CN']).toBe('结果不一致：直接胆红素高于总胆红素（DBIL=16, TBIL=15.2）');
  });

  it('a bound above the measuring range holds, below the detection limit verifies by default', () => {
    const d = autoverify(report({ values: { GLU: '>33.3', ALT: '<5' } }), CONFIG);
    expect(logOf(d, 'GLU', 'censored-value')).toMatchObject({ outcome: 'fail', reason: { en: 'the result is a bound >33.3 (above the measuring range): dilute and re-run' } });
    expect(resultOf(d, 'GLU').flag).toBe('HH');
    expect(resultOf(d, 'ALT')).toMatchObject({ decision: 'verify', flag: 'L' });
    // A bound passes the auto-verification limits only when every value it stands for is inside them.
    const low = autoverify(report({ values: { GLU: '<1.1' } }), CONFIG);
    expect(logOf(low, 'GLU', 'autoverify-limits').reason.en).toBe('<1.1 is outside the auto-verification limits 3–15 (not every value the bound stands for lies inside)');
    expect(logOf(autoverify(report({ values: { TBIL: '<2' } }), CONFIG), 'TBIL', 'autoverify-limits').outcome).toBe('pass');
    const strict = autoverify(report({ values: { ALT: '<5' } }), { ...CONFIG, tests: CONFIG.tests.map((t) => (t.test === 'ALT' ? { ...t, censored: { below: 'hold' as const } } : t)) });
    expect(held(strict)).toEqual(['ALT']);
  });

  it('qualitative results: unexpected holds, a number where text is expected holds', () => {
    expect(resultOf(autoverify(report({ extra: { PRO: { value: '++' } } }), CONFIG), 'PRO')).toMatchObject({ decision: 'hold', flag: 'A' });
    const n = autoverify(report({ extra: { PRO: { value: '0.3' } } }), CONFIG);
    expect(logOf(n, 'PRO', 'result-present').reason.en).toBe('a qualitative test with a numeric result: 0.3');
    const q = autoverify(report({ values: { NA: '溶血' } }), CONFIG);
    expect(logOf(q, 'NA', 'result-present').reason['zh-CN']).toBe('定量项目的结果不是数值：“溶血”');
    expect(logOf(q, 'NA', 'reference-flag').outcome).toBe('fail');
    const empty = autoverify(report({ values: { NA: '' } }), CONFIG);
    expect(resultOf(empty, 'NA').reasons[0].en).toBe('no result (missing)');
  });

  it('without an applicable reference range a result cannot be verified', () => {
    const d = autoverify({ ...report(), patient: { birthDate: '1970-03-15' } }, CONFIG); // sex unknown: ALT ranges are by sex
    expect(held(d)).toEqual(['ALT']);
    expect(resultOf(d, 'ALT').flag).toBeNull();
    expect(resultOf(d, 'ALT').reasons[0]['zh-CN']).toBe('没有适用的参考范围：第 1 条限男性，患者性别未知；第 2 条限女性，患者性别未知；32：没有适用的参考范围，未判断高低');
    // Allowed when the laboratory says unflagged results may pass on their auto-verification limits.
    const lenient = { ...CONFIG, tests: CONFIG.tests.map((t) => (t.test === 'ALT' ? { ...t, holdFlags: ['A', 'AA', 'LL', 'HH', 'implausible'] as const } : t)) };
    expect(autoverify({ ...report(), patient: { birthDate: '1970-03-15' } }, lenient).decision).toBe('verify');
  });

  it('rules can be switched off one by one, and the log says so', () => {
    const qc = [...report().qc!.filter((q) => q.test !== 'K'), { test: 'K', instrument: 'AU5800', status: 'reject' as const, time: '2024-06-10T08:00:00+08:00' }];
    const off = autoverify(report({}, { qc }), { ...CONFIG, rules: { 'qc-status': false, 'calculated-inputs': false } });
    expect(off.decision).toBe('verify');
    expect(logOf(off, 'K', 'qc-status')).toMatchObject({ outcome: 'disabled', reason: { en: 'rule switched off' } });
    expect(logOf(off, 'GLB', 'calculated-inputs').outcome).toBe('disabled');
    const orderedOff = autoverify(report({}, { ordered: ['K'] }), { ...CONFIG, rules: { 'ordered-tests': false } });
    expect(orderedOff.decision).toBe('verify');
    expect(orderedOff.log[0]).toMatchObject({ rule: 'ordered-tests', outcome: 'disabled' });
  });

  it('an empty report is never verified', () => {
    const d = autoverify({ ...report(), results: [], ordered: [] }, CONFIG);
    expect(d).toMatchObject({ decision: 'hold', reasons: [{ en: 'the report has no results' }] });
  });
});
