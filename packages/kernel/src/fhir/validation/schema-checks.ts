import { crawlTypedValue, toTypedValue, type TypedValueWithPath } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { checkRequiredBinding } from './bindings.ts';
import { validationIssue } from './issues.ts';
import { checkReferenceTarget } from './references.ts';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The checks @medplum/core's validator skips, in one schema-guided walk of the resource (contained and
 * Bundle-entry resources included): required bindings, reference target types, resource id syntax.
 */
export function schemaIssues(resource: Resource): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  crawlTypedValue(toTypedValue(resource), {
    onEnterResource(_path, value) {
      issues.push(...checkResourceId(value));
    },
    visitProperty(_parent, key, _path, propertyValues, schema) {
      const element = schema.elements[key];
      if (!element) return;
      for (const value of propertyValues.flat()) {
        if (value.value === undefined) continue;
        issues.push(...checkRequiredBinding(element, value), ...checkReferenceTarget(element, value));
      }
    },
  });
  return issues;
}

function checkResourceId({ value, path }: TypedValueWithPath): OperationOutcomeIssue[] {
  // Resource.id is typed as a bare System.String in the R4 schema, so @medplum/core never checks its syntax.
  const { id } = value as Resource;
  if (typeof id === 'string' && !FHIR_ID.test(id)) {
    const text = `Invalid id "${id}": must be 1-64 characters of A-Z, a-z, 0-9, '-' or '.'`;
    return [validationIssue('value', text, `${path}.id`)];
  }
  return [];
}
