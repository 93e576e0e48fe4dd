import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { ExpressionError, expressionVariables, orderFormulas, parseExpression, PATIENT_VARIABLES } from '@medunion/labcore';
import type { CatalogueAgeBound, CataloguePanelInput, CataloguePopulation, CatalogueTestInput, CatalogueTubeInput } from '../contracts/catalogue.ts';
import { isLabSection, LAB_SECTIONS } from './terminology.ts';
import { issueAt } from '../http/errors.ts';

/**
 * The meaning-level checks of catalogue entries (the JSON schemas check types and patterns first). Every problem is
 * reported with the path of its field, prefixed by where the entry sits in the request (`tests[3].formula`), so an
 * import names the row and a single write names the field.
 */

const DAYS: Record<CatalogueAgeBound['unit'], number> = { day: 1, month: 30.4375, year: 365.25 };
const days = (b: CatalogueAgeBound): number => b.value * DAYS[b.unit];
const at = (path: string, field: string): string => (path ? `${path}.${field}` : field);

function checkBounds(b: { low?: number; high?: number } | undefined, path: string, what: string): OperationOutcomeIssue[] {
  if (!b || b.low === undefined || b.high === undefined || b.low <= b.high) return [];
  return [issueAt(path, `${what}下限 ${b.low} 大于上限 ${b.high}`, `${what}: low ${b.low} is greater than high ${b.high}`)];
}

function checkPopulation(p: CataloguePopulation, path: string): OperationOutcomeIssue[] {
  if (p.ageFrom && p.ageTo && days(p.ageFrom) >= days(p.ageTo)) {
    return [issueAt(at(path, 'ageTo'), '年龄段上限须大于下限（上限不含）', 'ageTo must be above ageFrom (ageTo is exclusive)')];
  }
  if (p.ageTo && p.ageTo.value < 1) return [issueAt(at(path, 'ageTo'), '年龄上限至少为 1', 'ageTo must be at least 1')];
  return [];
}

/** A formula's parse error, or none. */
function checkExpression(source: string | undefined, path: string): OperationOutcomeIssue[] {
  if (!source) return [];
  try {
    parseExpression(source, path);
    return [];
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return [issueAt(path, `公式无效：${err.reason['zh-CN']}`, `Invalid formula: ${err.reason.en}`)];
  }
}

export function checkTest(t: CatalogueTestInput, path = ''): OperationOutcomeIssue[] {
  const kind = t.kind ?? 'quantitative';
  const issues: OperationOutcomeIssue[] = [];
  (t.referenceRanges ?? []).forEach((r, i) => {
    const p = at(path, `referenceRanges[${i}]`);
    issues.push(...checkPopulation(r, p), ...checkBounds(r, p, '参考范围 / reference range'));
    const numeric = r.low !== undefined || r.high !== undefined;
    if (kind === 'quantitative' && r.expected?.length) issues.push(issueAt(at(p, 'expected'), '定量项目的参考范围应给出上下限，而不是期望结果', 'A quantitative test takes numeric bounds, not expected results'));
    if (kind !== 'quantitative' && numeric) issues.push(issueAt(p, '定性/文本项目的参考范围应给出期望结果（如 阴性）', 'A qualitative or text test takes expected results (e.g. 阴性), not numeric bounds'));
    if (!numeric && !r.expected?.length && !r.text) issues.push(issueAt(p, '参考范围须有上下限、期望结果或文字', 'A reference range needs bounds, expected results or a text'));
  });
  (t.criticalLimits ?? []).forEach((c, i) => {
    const p = at(path, `criticalLimits[${i}]`);
    issues.push(...checkPopulation(c, p), ...checkBounds(c, p, '危急值 / critical limits'));
    if (c.low === undefined && c.high === undefined && !c.texts?.length) issues.push(issueAt(p, '危急值须有下限、上限或危急结果', 'A critical limit needs low, high or critical texts'));
  });
  issues.push(...checkBounds(t.absoluteLimits, at(path, 'absoluteLimits'), '可报告范围 / absolute limits'));
  issues.push(...checkBounds(t.autoverifyLimits, at(path, 'autoverifyLimits'), '自动审核范围 / auto-verification limits'));
  if (kind !== 'quantitative' && (t.formula || t.unit || t.decimals !== undefined)) {
    issues.push(issueAt(at(path, 'kind'), '只有定量项目可以有单位、小数位或计算公式', 'Only quantitative tests have a unit, decimals or a formula'));
  }
  issues.push(...checkExpression(t.formula, at(path, 'formula')), ...checkExpression(t.formulaCondition, at(path, 'formulaCondition')));
  if (t.formulaCondition && !t.formula) issues.push(issueAt(at(path, 'formulaCondition'), '只有计算项目可以有报告条件', 'Only a calculated test has a reporting condition'));
  if (t.delta) {
    const d = t.delta;
    if (!(d.windowDays > 0)) issues.push(issueAt(at(path, 'delta.windowDays'), 'Delta 检查的时间窗须大于 0 天', 'delta.windowDays must be greater than 0'));
    if (d.maxAbsolute === undefined && d.maxPercent === undefined && d.maxRatePerDay === undefined) {
      issues.push(issueAt(at(path, 'delta'), 'Delta 检查须至少设置一个界限（绝对差、百分比或每日变化）', 'A delta rule needs at least one limit (maxAbsolute, maxPercent or maxRatePerDay)'));
    }
  }
  if (t.commonResults && new Set(t.commonResults).size !== t.commonResults.length) issues.push(issueAt(at(path, 'commonResults'), '常见结果有重复', 'commonResults has duplicates'));
  return issues;
}

export function checkPanel(p: CataloguePanelInput, path = ''): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  if (!isLabSection(p.section)) {
    issues.push(issueAt(at(path, 'section'), `未知的专业组 ${p.section}（可选 ${LAB_SECTIONS.map((s) => s.code).join('、')}）`, `Unknown lab section ${p.section} (one of ${LAB_SECTIONS.map((s) => s.code).join(', ')})`, 'code-invalid'));
  }
  const seen = new Set<string>();
  p.tests.forEach((code, i) => {
    if (seen.has(code)) issues.push(issueAt(at(path, `tests[${i}]`), `项目 ${code} 重复`, `Test ${code} is listed twice`));
    seen.add(code);
  });
  return issues;
}

export function checkTube(_t: CatalogueTubeInput, _path = ''): OperationOutcomeIssue[] {
  // Types, patterns and the cap-colour enum are the schema's; a tube has no cross-field rules of its own.
  return [];
}

/** An entry of the catalogue as it will be after a write; `path` is set for entries the write changes. */
export interface Draft<T> {
  input: T;
  path?: string;
}

export interface DraftCatalogue {
  tests: Map<string, Draft<CatalogueTestInput>>;
  panels: Map<string, Draft<CataloguePanelInput>>;
  tubes: Map<string, Draft<CatalogueTubeInput>>;
}

const active = (d: Draft<{ active?: boolean }>): boolean => d.input.active !== false;
/** Whether the write changes this entry ('' is the path of a single entry). */
const changed = (d: Draft<unknown> | undefined): d is Draft<unknown> & { path: string } => d?.path !== undefined;

/**
 * Checks that hold between entries: formulas name existing tests and form no cycle, panels name existing active
 * tests and tubes, and nothing active still depends on an entry being retired. Problems are reported on the entry
 * the write changes.
 */
export function checkConsistency(c: DraftCatalogue): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  const formulas: { code: string; expression: string }[] = [];
  for (const [code, d] of c.tests) {
    if (!d.input.formula) continue;
    let variables: string[];
    try {
      variables = expressionVariables(parseExpression(d.input.formula));
    } catch {
      continue; // reported by checkTest
    }
    if (active(d)) formulas.push({ code, expression: d.input.formula });
    if (!changed(d)) {
      // An unchanged calculated test whose input this write retires.
      for (const name of variables) {
        const used = c.tests.get(name);
        if (changed(used) && !active(used as Draft<{ active?: boolean }>) && active(d)) issues.push(issueAt(at(used.path, 'active'), `项目 ${name} 仍被计算项目 ${code} 的公式使用`, `Test ${name} is still used by the formula of ${code}`));
      }
      continue;
    }
    for (const name of variables) {
      if ((PATIENT_VARIABLES as readonly string[]).includes(name)) continue;
      const used = c.tests.get(name);
      if (name === code) issues.push(issueAt(`${at(d.path, 'formula')}`, `计算项目 ${code} 不能引用自身`, `Calculated test ${code} cannot use itself`));
      else if (!used) issues.push(issueAt(at(d.path, 'formula'), `公式引用了未知项目 ${name}（含连字符等符号的代码请写成 [${name}]）`, `The formula uses unknown test ${name} (write codes with dashes as [${name}])`, 'code-invalid'));
      else if (!active(used) && active(d)) issues.push(issueAt(at(d.path, 'formula'), `公式引用了已停用的项目 ${name}`, `The formula uses retired test ${name}`));
    }
  }
  try {
    orderFormulas(formulas.map((f) => ({ code: f.code, expression: f.expression })));
  } catch (err) {
    if (!(err instanceof ExpressionError) || err.kind !== 'cycle') throw err;
    const involved = [...c.tests.entries()].find(([code, d]) => changed(d) && err.reason.en.includes(code));
    issues.push(issueAt(involved ? at(involved[1].path!, 'formula') : 'formula', err.reason['zh-CN'], err.reason.en));
  }
  for (const [code, d] of c.panels) {
    if (!active(d)) continue;
    const tube = c.tubes.get(d.input.tube);
    const where = changed(d) ? d.path : changed(tube) ? at(tube.path, 'active') : undefined;
    if (!tube) {
      if (changed(d)) issues.push(issueAt(at(d.path, 'tube'), `未知的标本容器 ${d.input.tube}`, `Unknown tube ${d.input.tube}`, 'code-invalid'));
    } else if (!active(tube) && where !== undefined) {
      issues.push(issueAt(changed(d) ? at(d.path, 'tube') : where, `组合 ${code} 使用的标本容器 ${d.input.tube} 已停用`, `Panel ${code} uses retired tube ${d.input.tube}`));
    }
    d.input.tests.forEach((t, i) => {
      const test = c.tests.get(t);
      if (!test) {
        if (changed(d)) issues.push(issueAt(at(d.path, `tests[${i}]`), `未知的检验项目 ${t}`, `Unknown test ${t}`, 'code-invalid'));
      } else if (!active(test) && (changed(d) || changed(test))) {
        issues.push(issueAt(changed(d) ? at(d.path, `tests[${i}]`) : at(test.path!, 'active'), `组合 ${code} 包含已停用的项目 ${t}`, `Panel ${code} contains retired test ${t}`));
      }
    });
  }
  return issues;
}
