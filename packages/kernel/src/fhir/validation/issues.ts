import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/** The IssueType codes this validator emits. */
export type ValidationIssueCode = 'invalid' | 'required' | 'code-invalid' | 'structure' | 'value';

/** An error-level issue; `path` is the FHIRPath-like element path, with array indexes (`Patient.name[0].family`). */
export function validationIssue(code: ValidationIssueCode, text: string, path?: string): OperationOutcomeIssue {
  return { severity: 'error', code, details: { text }, ...(path ? { expression: [path] } : {}) };
}
