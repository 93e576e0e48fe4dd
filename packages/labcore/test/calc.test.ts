import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateExpression, ExpressionError, expressionVariables, formatExpression, parseExpression, roundTo } from '../src/index.ts';

const ev = (source: string, vars: Record<string, number> = {}) => evaluateExpression(source, vars);

function expressionError(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error('expected an ExpressionError');
}

describe('expression evaluator', () => {
  it('arithmetic with the usual precedence', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('(1 + 2) * 3')).toBe(9);
    expect(ev('10 - 4 - 3')).toBe(3);
    expect(ev('12 / 4 / 3')).toBe(1);
    expect(ev('2 ^ 3 ^ 2')).toBe(512); // right-associative
    expect(ev('-2 ^ 2')).toBe(-4); // power binds tighter than unary minus
    expect(ev('2 ^ -1')).toBe(0.5);
    expect(ev('1.2e3 + .5')).toBe(1200.5);
    expect(ev('6 × 7 ÷ 2 − 1')).toBe(20); // typographic operators
  });

  it('variables, bare or in brackets', () => {
    expect(ev('TP - ALB', { TP: 70, ALB: 45 })).toBe(25);
    expect(ev('TC - [HDL-C]', { TC: 5.2, 'HDL-C': 1.3 })).toBeCloseTo(3.9);
    expect(ev('[A/G] * 2', { 'A/G': 1.5 })).toBe(3);
  });

  it('comparisons and logic give 1 or 0', () => {
    expect(ev('TG <= 4.52', { TG: 4.52 })).toBe(1);
    expect(ev('TG > 4.52', { TG: 4.52 })).toBe(0);
    expect(ev('sex == 2 && age >= 18', { sex: 2, age: 30 })).toBe(1);
    expect(ev('sex != 2 || age < 18', { sex: 2, age: 30 })).toBe(0);
    expect(ev('!0 + !5')).toBe(1);
    expect(ev('2 ≥ 1')).toBe(1);
  });

  it('functions', () => {
    expect(ev('min(3, 1, 2) + max(3, 1, 2)')).toBe(4);
    expect(ev('abs(-2.5)')).toBe(2.5);
    expect(ev('round(2.675, 2)')).toBe(2.68);
    expect(ev('round(-2.5)')).toBe(-3);
    expect(ev('ROUND(1.005, 2)')).toBe(1.01);
    expect(ev('ln(exp(2))')).toBeCloseTo(2, 12);
    expect(ev('log10(1000)')).toBe(3);
    expect(ev('pow(2, 10)')).toBe(1024);
    expect(ev('sqrt(16)')).toBe(4);
  });

  it('if() evaluates only the branch it takes', () => {
    expect(ev('if(TG > 4.52, 0, TC - TG / 2.2)', { TG: 2.2, TC: 5 })).toBe(4);
    expect(ev('if(sex == 2, 1.012, 1)', { sex: 1 })).toBe(1);
    // The untaken branch may refer to what is missing, or divide by zero.
    expect(ev('if(x > 0, x, missing / 0)', { x: 3 })).toBe(3);
  });

  it('names every missing input at once', () => {
    const err = expressionError(() => ev('TC - [HDL-C] - TG / 2.2', { TC: 5 }));
    expect(err.kind).toBe('missing-input');
    expect(err.missing).toEqual(['HDL-C', 'TG']);
    expect(err.reason).toEqual({ 'zh-CN': '缺少输入：HDL-C、TG', en: 'Missing input: HDL-C, TG' });
    // A condition without its input: both branches' needs are named too.
    expect(expressionError(() => ev('if(sex == 2, a, b)')).missing).toEqual(['sex', 'a', 'b']);
    expect(expressionError(() => ev('x + 1', { x: NaN })).missing).toEqual(['x']);
  });

  it('domain errors name the failing part', () => {
    const err = expressionError(() => ev('ALB / (TP - ALB)', { TP: 40, ALB: 40 }));
    expect(err.kind).toBe('domain');
    expect(err.reason.en).toBe('ALB / (TP - ALB) cannot be computed (not a finite number, e.g. division by zero)');
    expect(expressionError(() => ev('ln(0)')).reason.en).toMatch(/^ln\(0\) cannot be computed/);
    expect(expressionError(() => ev('sqrt(-1)')).kind).toBe('domain');
  });

  it('syntax errors say where', () => {
    const cases: [string, RegExp][] = [
      ['1 +', /character 4: the formula ends too early/],
      ['(1 + 2', /character 7: expected "\)"/],
      ['1 + * 2', /character 5: unexpected "\*"/],
      ['a = 1', /character 3: use == to compare/],
      ['1 < 2 < 3', /comparisons cannot be chained/],
      ['foo(1)', /unknown function foo/],
      ['round(1, 2, 3)', /function round takes 1–2 argument\(s\), got 3/],
      ['if(1, 2)', /function if takes 3 argument\(s\), got 2/],
      ['min()', /function min takes ≥1 argument\(s\), got 0/],
      ['[HDL-C', /unclosed bracket/],
      ['2 $ 3', /unexpected character "\$"/],
      ['1 2', /unexpected "2"/],
    ];
    for (const [source, message] of cases) {
      const err = expressionError(() => parseExpression(source));
      expect(err.kind).toBe('syntax');
      expect(err.message).toMatch(message);
    }
    expect(expressionError(() => parseExpression('1 +')).position).toBe(3);
  });

  it('lists variables and writes the expression back', () => {
    const e = parseExpression('TC - [HDL-C] - TG / 2.2');
    expect(expressionVariables(e)).toEqual(['TC', 'HDL-C', 'TG']);
    expect(formatExpression(e)).toBe('(TC - [HDL-C]) - (TG / 2.2)');
  });

  it('rounds half away from zero, correcting binary representation', () => {
    expect([roundTo(1.005, 2), roundTo(2.675, 2), roundTo(-1.005, 2), roundTo(0.5), roundTo(1234.5678, -2), roundTo(-0.0001, 2)]).toEqual([1.01, 2.68, -1.01, 1, 1200, 0]);
  });

  it('never uses eval or Function', () => {
    const dir = fileURLToPath(new URL('../src/calc/', import.meta.url));
    for (const file of readdirSync(dir)) {
      const source = readFileSync(dir + file, 'utf8');
      expect(source).not.toMatch(/\beval\s*\(|new\s+Function|Function\s*\(/);
    }
  });
});
