import { describe, expect, it } from 'vitest';
import { BUILTIN_FORMULAS, ckdEpi2021, computeFormulas, ExpressionError, orderFormulas, type FormulaDefinition, type FormulaResult } from '../src/index.ts';

const byCode = (results: FormulaResult[]) => new Map(results.map((r) => [r.code, r]));

describe('built-in calculated tests', () => {
  const PANEL = { TP: 70, ALB: 45, TBIL: 17.1, DBIL: 5.3, TC: 5.2, 'HDL-C': 1.3, TG: 1.5, NA: 140, CL: 104, HCO3: 24, CREA: 106.08 };
  const results = byCode(computeFormulas(BUILTIN_FORMULAS, PANEL, { ageYears: 55, sex: 'male' }));

  it('globulin, A/G, indirect bilirubin, non-HDL-C, anion gap', () => {
    expect(results.get('GLB')).toMatchObject({ status: 'computed', value: 25, inputs: { TP: 70, ALB: 45 } });
    expect(results.get('A/G')!.value).toBe(1.8);
    expect(results.get('IBIL')!.value).toBe(11.8);
    expect(results.get('NON-HDL-C')!.value).toBe(3.9);
    expect(results.get('AG')!.value).toBe(12);
    expect(results.get('GLB')!.reason['zh-CN']).toBe('GLB = TP - ALB = 25 g/L（TP=70, ALB=45）');
  });

  it('LDL-C by Friedewald in mmol/L: TC − HDL-C − TG/2.2', () => {
    // 5.2 − 1.3 − 1.5/2.2 = 3.218… → 3.22
    expect(results.get('LDL-C')).toMatchObject({ status: 'computed', value: 3.22 });
    expect(results.get('LDL-C')!.exact).toBeCloseTo(3.218182, 6);
  });

  it('LDL-C is not reported when TG > 4.52 mmol/L, but is at 4.52', () => {
    const high = byCode(computeFormulas(BUILTIN_FORMULAS, { ...PANEL, TG: 4.53 }));
    expect(high.get('LDL-C')!.status).toBe('not-reportable');
    expect(high.get('LDL-C')!.value).toBeUndefined();
    expect(high.get('LDL-C')!.reason.en).toBe('TG > 4.52 mmol/L (400 mg/dL): the Friedewald formula does not apply; measure LDL-C directly');
    expect(byCode(computeFormulas(BUILTIN_FORMULAS, { ...PANEL, TG: 4.52 })).get('LDL-C')!.value).toBe(1.85);
  });

  it('eGFR CKD-EPI 2021 matches the NKF calculator example: man, 55 years, creatinine 1.2 mg/dL → 71', () => {
    // 1.2 mg/dL = 106.08 µmol/L. 142 × (1.2/0.9)^−1.200 × 0.9938^55 = 71.4 mL/min/1.73 m².
    expect(results.get('EGFR')).toMatchObject({ status: 'computed', value: 71 });
    expect(results.get('EGFR')!.exact).toBeCloseTo(71.418, 2);
    expect(ckdEpi2021({ creatinineUmolPerL: 106.08, ageYears: 55, sex: 'male' })).toBeCloseTo(71.418, 2);
  });

  it('eGFR for a woman below κ uses α = −0.241 and the 1.012 factor', () => {
    // 60 years, 0.6 mg/dL (53.04 µmol/L): 142 × 1.0378 × 0.68858 × 1.012 = 102.7 → reported 103
    const expected = 142 * (0.6 / 0.7) ** -0.241 * 0.9938 ** 60 * 1.012;
    expect(expected).toBeCloseTo(102.69, 2);
    const r = byCode(computeFormulas(BUILTIN_FORMULAS, { CREA: 53.04 }, { ageYears: 60, sex: 'female' })).get('EGFR')!;
    expect(r.exact).toBeCloseTo(expected, 10);
    expect(r.value).toBe(103);
    expect(ckdEpi2021({ creatinineUmolPerL: 53.04, ageYears: 60, sex: 'female' })).toBeCloseTo(expected, 10);
    // The formula and the function agree across the range.
    for (const crea of [30, 62, 80, 150, 400, 900]) {
      for (const sex of ['male', 'female'] as const) {
        const f = byCode(computeFormulas(BUILTIN_FORMULAS, { CREA: crea }, { ageYears: 40, sex })).get('EGFR')!;
        expect(f.exact).toBeCloseTo(ckdEpi2021({ creatinineUmolPerL: crea, ageYears: 40, sex }), 10);
      }
    }
  });

  it('eGFR is not reported for children and needs the patient’s sex', () => {
    const child = byCode(computeFormulas(BUILTIN_FORMULAS, { CREA: 40 }, { ageYears: 12, sex: 'male' })).get('EGFR')!;
    expect(child).toMatchObject({ status: 'not-reportable' });
    expect(child.reason['zh-CN']).toBe('CKD-EPI 2021 仅适用于 18 岁及以上成人');
    const noSex = byCode(computeFormulas(BUILTIN_FORMULAS, { CREA: 80 }, { ageYears: 40 })).get('EGFR')!;
    expect(noSex).toMatchObject({ status: 'missing-input', missing: ['sex'] });
    expect(noSex.reason['zh-CN']).toBe('缺少输入：患者性别（sex）');
  });

  it('a missing input is named', () => {
    const r = byCode(computeFormulas(BUILTIN_FORMULAS, { TP: 70 })).get('GLB')!;
    expect(r).toMatchObject({ status: 'missing-input', missing: ['ALB'] });
    expect(r.reason.en).toBe('missing input: ALB');
  });

  it('a division by zero is an error result, not an exception', () => {
    const r = byCode(computeFormulas(BUILTIN_FORMULAS, { TP: 40, ALB: 40 })).get('A/G')!;
    expect(r.status).toBe('error');
    expect(r.reason.en).toMatch(/^A\/G could not be computed: ALB \/ \(TP - ALB\) cannot be computed/);
  });
});

describe('formula dependencies', () => {
  const CUSTOM: FormulaDefinition[] = [
    { code: 'AG2', expression: 'ALB / GLB', decimals: 2 },
    { code: 'GLB', expression: 'TP - ALB', decimals: 1 },
    { code: 'DOUBLE', expression: 'AG2 * 2' },
  ];

  it('orders formulas after the formulas they use', () => {
    expect(orderFormulas(CUSTOM).map((f) => f.code)).toEqual(['GLB', 'AG2', 'DOUBLE']);
    const r = byCode(computeFormulas(CUSTOM, { TP: 70, ALB: 45 }));
    expect(r.get('AG2')!.value).toBe(1.8);
    expect(r.get('DOUBLE')!.value).toBeCloseTo(3.6, 12);
  });

  it('a computed value replaces a measured one of the same code', () => {
    expect(byCode(computeFormulas(CUSTOM, { TP: 70, ALB: 45, GLB: 99 })).get('AG2')!.value).toBe(1.8);
  });

  it('a formula whose input failed says so', () => {
    const r = byCode(computeFormulas(CUSTOM, { TP: 70 }));
    expect(r.get('GLB')!.missing).toEqual(['ALB']);
    expect(r.get('AG2')).toMatchObject({ status: 'missing-input', missing: ['ALB', 'GLB'] });
    expect(r.get('AG2')!.reason['zh-CN']).toBe('缺少输入：ALB、GLB（计算项目未得出结果）');
  });

  it('refuses cycles, naming the path', () => {
    const cyclic: FormulaDefinition[] = [
      { code: 'A', expression: 'B + 1' },
      { code: 'B', expression: 'C * 2' },
      { code: 'C', expression: 'A - X' },
    ];
    expect(() => orderFormulas(cyclic)).toThrow(ExpressionError);
    expect(() => orderFormulas(cyclic)).toThrow('A → B → C → A');
    expect(() => orderFormulas([{ code: 'A', expression: 'A + 1' }])).toThrow('A → A');
  });

  it('refuses bad definitions', () => {
    expect(() => orderFormulas([{ code: 'X', expression: '1' }, { code: 'X', expression: '2' }])).toThrow(/Duplicate calculated test code: X/);
    expect(() => orderFormulas([{ code: 'age', expression: '1' }])).toThrow(/patient variable/);
    expect(() => orderFormulas([{ code: 'X', expression: 'TP -' }])).toThrow(/ends too early/);
  });
});
