import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError } from '@medunion/kernel';

/** One issue naming its field, the text "中文 / English". */
export function issueAt(field: string, zh: string, en: string, code: OperationOutcomeIssue['code'] = 'invalid'): OperationOutcomeIssue {
  return { severity: 'error', code, details: { text: `${zh} / ${en}` }, expression: [field || '$'] };
}

/** A FhirError (→ OperationOutcome with that HTTP status) with one issue naming its field. */
export function fieldError(status: number, field: string, zh: string, en: string, code: OperationOutcomeIssue['code'] = 'invalid'): FhirError {
  return new FhirError(status, [issueAt(field, zh, en, code)]);
}

/** Throws every issue at once (a client fixes all of them in one round), when there are any. */
export function throwIssues(status: number, issues: OperationOutcomeIssue[]): void {
  if (issues.length) throw new FhirError(status, issues);
}
