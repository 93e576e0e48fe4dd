import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/** An error that carries its HTTP status and a FHIR OperationOutcome explaining it. */
export class FhirError extends Error {
  readonly status: number;
  readonly issues: OperationOutcomeIssue[];

  constructor(status: number, issues: OperationOutcomeIssue[] | string, code: OperationOutcomeIssue['code'] = 'invalid', expression?: string) {
    const list: OperationOutcomeIssue[] =
      typeof issues === 'string' ? [{ severity: 'error', code, details: { text: issues }, ...(expression ? { expression: [expression] } : {}) }] : issues;
    super(list.map((i) => i.details?.text ?? i.diagnostics ?? i.code).join('; '));
    this.status = status;
    this.issues = list;
  }

  get outcome(): OperationOutcome {
    return { resourceType: 'OperationOutcome', issue: this.issues };
  }
}

export const badRequest = (text: string, expression?: string) => new FhirError(400, text, 'invalid', expression);
export const notFound = (text: string) => new FhirError(404, text, 'not-found');
export const gone = (text: string) => new FhirError(410, text, 'deleted');
export const forbidden = (text: string) => new FhirError(403, text, 'forbidden');
export const conflict = (text: string) => new FhirError(409, text, 'conflict');
export const preconditionFailed = (text: string) => new FhirError(412, text, 'conflict');

export function outcomeOk(text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', details: { text } }] };
}
