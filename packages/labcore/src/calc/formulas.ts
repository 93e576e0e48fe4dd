import type { Sex } from '../population/sex.ts';
import { bilingual, formatNumber, type Bilingual } from '../text.ts';
import { expressionVariables, type Expression } from './ast.ts';
import { ExpressionError } from './errors.ts';
import { evaluateExpression } from './evaluate.ts';
import { parseExpression } from './parse.ts';
import { roundTo } from './round.ts';

/** A calculated test (计算项目): its code, formula and how it is reported. */
export interface FormulaDefinition {
  code: string;
  name?: Bilingual;
  /** Refers to other tests by code (`TP - ALB`, `TC - [HDL-C]`) and to the patient as `age` (years) and `sex` (1 male, 2 female). */
  expression: string;
  unit?: string;
  /** Decimals the result is reported with (rounded half away from zero). */
  decimals?: number;
  /** Reported only when this holds (Friedewald: `TG <= 4.52`). */
  reportableWhen?: string;
  notReportableReason?: Bilingual;
  /** Where the formula comes from, for the README and the audit trail. */
  source?: string;
}

/** The patient facts a formula may use. */
export interface FormulaPatient {
  /** Completed years. */
  ageYears?: number;
  sex?: Sex;
}

export type FormulaStatus = 'computed' | 'missing-input' | 'not-reportable' | 'error';

export interface FormulaResult {
  code: string;
  status: FormulaStatus;
  /** Rounded to the definition's decimals. */
  value?: number;
  /** Before rounding. */
  exact?: number;
  /** Inputs that were missing, by code (`sex`, `age` for patient facts). */
  missing: string[];
  /** The values the formula was computed from. */
  inputs: Record<string, number>;
  reason: Bilingual;
}

/** Names that mean the patient, not a test. */
export const PATIENT_VARIABLES = ['age', 'sex'] as const;

interface Compiled {
  definition: FormulaDefinition;
  expression: Expression;
  condition?: Expression;
  needs: string[];
}

function compile(definitions: readonly FormulaDefinition[]): Map<string, Compiled> {
  const compiled = new Map<string, Compiled>();
  definitions.forEach((d, i) => {
    const path = `formulas[${i}]`;
    if (!d.code) throw new ExpressionError('syntax', bilingual('计算项目缺少代码', 'A calculated test has no code'), `${path}.code`);
    if (compiled.has(d.code)) throw new ExpressionError('syntax', bilingual(`计算项目代码重复：${d.code}`, `Duplicate calculated test code: ${d.code}`), `${path}.code`);
    if ((PATIENT_VARIABLES as readonly string[]).includes(d.code)) throw new ExpressionError('syntax', bilingual(`${d.code} 是患者变量，不能作为项目代码`, `${d.code} is a patient variable, not a test code`), `${path}.code`);
    const expression = parseExpression(d.expression, `${path}.expression`);
    const condition = d.reportableWhen ? parseExpression(d.reportableWhen, `${path}.reportableWhen`) : undefined;
    const needs = [...new Set([...expressionVariables(expression), ...(condition ? expressionVariables(condition) : [])])];
    compiled.set(d.code, { definition: d, expression, ...(condition ? { condition } : {}), needs });
  });
  return compiled;
}

/**
 * The formulas in an order where each comes after the formulas it uses (inputs first). A cycle is refused with its
 * path (`A → B → A`); the order among independent formulas is the order given.
 */
export function orderFormulas(definitions: readonly FormulaDefinition[]): FormulaDefinition[] {
  return ordered(compile(definitions)).map((c) => c.definition);
}

function ordered(compiled: Map<string, Compiled>): Compiled[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const out: Compiled[] = [];
  const visit = (code: string, trail: string[]): void => {
    if (state.get(code) === 'done') return;
    if (state.get(code) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(code)), code].join(' → ');
      throw new ExpressionError('cycle', bilingual(`计算项目循环引用：${cycle}`, `Calculated tests refer to each other in a cycle: ${cycle}`), `formulas.${code}`);
    }
    state.set(code, 'visiting');
    const c = compiled.get(code)!;
    for (const need of c.needs) if (compiled.has(need)) visit(need, [...trail, code]);
    state.set(code, 'done');
    out.push(c);
  };
  for (const code of compiled.keys()) visit(code, []);
  return out;
}

const MISSING_NAMES: Readonly<Record<string, Bilingual>> = {
  age: bilingual('患者年龄（age）', "the patient's age (age)"),
  sex: bilingual('患者性别（sex）', "the patient's sex (sex)"),
};

function describeMissing(names: readonly string[], failed: ReadonlyMap<string, FormulaResult>): Bilingual {
  const zh = names.map((n) => (failed.has(n) ? `${n}（计算项目未得出结果）` : (MISSING_NAMES[n]?.['zh-CN'] ?? n)));
  const en = names.map((n) => (failed.has(n) ? `${n} (a calculated test without a result)` : (MISSING_NAMES[n]?.en ?? n)));
  return bilingual(`缺少输入：${zh.join('、')}`, `missing input: ${en.join(', ')}`);
}

/**
 * Computes every calculated test from the measured results (`inputs`, by code) and the patient, in dependency
 * order; a formula's result is available to the formulas after it (and replaces a measured value of the same code).
 * Nothing throws for data: each result says computed, missing-input (naming every missing input),
 * not-reportable (the condition failed, with its reason) or error (e.g. division by zero). Definitions that cannot
 * be parsed, or that form a cycle, throw ExpressionError.
 */
export function computeFormulas(definitions: readonly FormulaDefinition[], inputs: Readonly<Record<string, number>>, patient: FormulaPatient = {}): FormulaResult[] {
  const values: Record<string, number> = { ...inputs };
  delete values.age;
  delete values.sex;
  if (patient.ageYears !== undefined) values.age = patient.ageYears;
  if (patient.sex) values.sex = patient.sex === 'male' ? 1 : 2;
  const failed = new Map<string, FormulaResult>();
  const results: FormulaResult[] = [];

  for (const c of ordered(compile(definitions))) {
    const { definition: d } = c;
    delete values[d.code]; // computed, never taken from a measured value of the same code
    const used: Record<string, number> = {};
    for (const n of c.needs) if (Object.hasOwn(values, n)) used[n] = values[n];
    const missing = c.needs.filter((n) => !Object.hasOwn(values, n) || !Number.isFinite(values[n]));
    let r: FormulaResult;
    if (missing.length) {
      r = { code: d.code, status: 'missing-input', missing, inputs: used, reason: describeMissing(missing, failed) };
    } else {
      try {
        if (c.condition && !evaluateExpression(c.condition, values)) {
          const why = d.notReportableReason ?? bilingual(`不满足报告条件 ${d.reportableWhen}`, `the reporting condition ${d.reportableWhen} does not hold`);
          r = { code: d.code, status: 'not-reportable', missing: [], inputs: used, reason: why };
        } else {
          const exact = evaluateExpression(c.expression, values);
          const value = d.decimals === undefined ? exact : roundTo(exact, d.decimals);
          values[d.code] = exact;
          const shown = `${formatNumber(value)}${d.unit ? ' ' + d.unit : ''}`;
          const from = Object.entries(used).map(([k, v]) => `${k}=${formatNumber(v)}`).join(', ');
          r = { code: d.code, status: 'computed', value, exact, missing: [], inputs: used, reason: bilingual(`${d.code} = ${d.expression} = ${shown}（${from}）`, `${d.code} = ${d.expression} = ${shown} (${from})`) };
        }
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        r = { code: d.code, status: 'error', missing: err.missing, inputs: used, reason: bilingual(`${d.code} 计算失败：${err.reason['zh-CN']}`, `${d.code} could not be computed: ${err.reason.en}`) };
      }
    }
    if (r.status !== 'computed') failed.set(d.code, r);
    results.push(r);
  }
  return results;
}
