import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { validationIssue, type ValidationIssueCode } from './issues.ts';

/**
 * Runs @medplum/core's structural validator (cardinality, JSON types, primitive formats, fixed/pattern values,
 * error-level invariants, unknown properties) and normalizes its issues to our codes. Only errors are kept:
 * its warnings are advisory (its reference-target warning is superseded by our own check in references.ts).
 */
export function medplumIssues(resource: Resource): OperationOutcomeIssue[] {
  let raw: OperationOutcomeIssue[];
  try {
    raw = validateResource(resource);
  } catch (err) {
    // It throws an OperationOutcomeError carrying all issues when any is an error; anything else is a schema gap.
    if (!(err instanceof OperationOutcomeError)) {
      const text = `Resource could not be validated: ${(err as Error).message}`;
      return [validationIssue('structure', text, resource.resourceType)];
    }
    raw = err.outcome.issue ?? [];
  }
  return raw
    .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
    .map((issue) => {
      const text = issue.details?.text ?? 'Invalid resource';
      return validationIssue(issueCode(issue.code, text), text, issue.expression?.[0]);
    });
}

const VALUE_PROBLEM =
  /^(Invalid JSON type|Invalid \S+ format$|String |Invalid numeric value|Expected number|Value did not match)/;

/** Medplum reports almost everything as `structure`; its message says which kind of problem it really is. */
function issueCode(code: string, text: string): ValidationIssueCode {
  if (code === 'invariant' || code === 'processing') return 'invalid';
  if (text === 'Missing required property') return 'required';
  if (VALUE_PROBLEM.test(text)) return 'value';
  return 'structure';
}
