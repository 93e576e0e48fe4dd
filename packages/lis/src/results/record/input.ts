import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError } from '@medunion/kernel';
import type { IncomingResult, PanelDefinition, RecordResults, SpecimenWork, TestDefinition } from '../../ports.ts';
import { issueAt } from '../../http/errors.ts';

export type RecordInput = Parameters<RecordResults>[2];

export interface AcceptedResult {
  index: number;
  result: IncomingResult;
  test: TestDefinition;
}

/**
 * Sorts a batch of incoming results into those to record, refusing what cannot be right: an empty batch or value, a
 * test code the catalogue does not know (422 for each), the same test twice, a value typed for a calculated test. A
 * test not ordered on the specimen is refused when a person typed it; an analyzer that reports more channels than
 * were ordered has those results left out (returned as `ignored`, for the caller's log) — recording an unordered
 * result would put it on a report no one asked for.
 */
export function classifyIncoming(input: RecordInput, work: SpecimenWork, catalogue: { tests: Map<string, TestDefinition>; panels: Map<string, PanelDefinition> }): { accepted: AcceptedResult[]; ignored: string[] } {
  const issues: OperationOutcomeIssue[] = [];
  const accepted: AcceptedResult[] = [];
  const ignored: string[] = [];
  if (!input.results.length) throw new FhirError(400, [issueAt('results', '没有结果', 'No results given', 'required')]);
  const seen = new Set<string>();
  input.results.forEach((result, index) => {
    const at = `results[${index}]`;
    const code = result.testCode?.trim();
    if (!code) return issues.push(issueAt(`${at}.testCode`, '缺少项目代码', 'testCode is required', 'required'));
    if (typeof result.value !== 'string' || !result.value.trim()) return issues.push(issueAt(`${at}.value`, '结果值不能为空', 'value must not be empty', 'required'));
    const test = catalogue.tests.get(code);
    if (!test) return issues.push(issueAt(`${at}.testCode`, `检验项目 ${code} 不在本机构项目目录中`, `Test ${code} is not in the institution's catalogue`, 'code-invalid'));
    if (seen.has(code)) return issues.push(issueAt(`${at}.testCode`, `项目 ${code} 重复`, `Test ${code} appears twice`, 'value'));
    seen.add(code);
    if (test.formula) {
      if (input.source === 'manual') return issues.push(issueAt(`${at}.testCode`, `${test.name} 为计算项目，由公式自动计算`, `${test.name} is a calculated test, computed from its formula`, 'business-rule'));
      return ignored.push(code); // the formula's value replaces a measured one (labcore)
    }
    if (!work.tests.includes(code)) {
      if (input.source === 'manual') return issues.push(issueAt(`${at}.testCode`, `标本 ${work.barcode} 未申请项目 ${code}`, `Test ${code} was not ordered on specimen ${work.barcode}`, 'business-rule'));
      return ignored.push(code);
    }
    accepted.push({ index, result: { ...result, testCode: code }, test });
  });
  if (issues.length) throw new FhirError(issues.some((i) => i.code === 'code-invalid' || i.code === 'business-rule') ? 422 : 400, issues);
  return { accepted, ignored };
}
