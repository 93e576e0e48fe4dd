import type { InternalSchemaElement, TypedValueWithPath } from '@medplum/core';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { isKnownResourceType } from './definitions.ts';
import { validationIssue } from './issues.ts';

const HL7_SD = 'http://hl7.org/fhir/StructureDefinition/';
// `Type/id`, optionally versioned, or a conditional `Type?query` (resolved by the server inside transactions).
const RELATIVE = /^([A-Za-z]+)(?:\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?|\?.*)$/;
// `#id` (contained), `urn:uuid:` / `urn:oid:` and absolute URLs cannot be resolved to a type here: allowed.
const NOT_TYPED = /^(#|[A-Za-z][A-Za-z0-9+.-]*:)/;

/**
 * A relative reference must name a standard resource type that the element's targetProfiles allow
 * (`Resource`, or no targetProfile, means any). @medplum/core only warns about this; we reject.
 */
export function checkReferenceTarget(
  element: InternalSchemaElement,
  value: TypedValueWithPath
): OperationOutcomeIssue[] {
  if (value.type !== 'Reference') return [];
  const reference = (value.value as { reference?: unknown } | undefined)?.reference;
  if (typeof reference !== 'string' || NOT_TYPED.test(reference)) return [];
  const path = `${value.path}.reference`;

  const type = RELATIVE.exec(reference)?.[1];
  if (!type) {
    const text = `Invalid reference "${reference}": expected Type/id, an absolute URL, urn:uuid: or #id`;
    return [validationIssue('value', text, path)];
  }
  if (!isKnownResourceType(type)) {
    return [validationIssue('value', `Invalid reference "${reference}": unknown resource type ${type}`, path)];
  }
  const allowed = allowedTargets(element);
  if (!allowed || allowed.includes(type)) return [];
  const text = `Invalid reference target ${type}: ${element.path} must reference ${allowed.join(' | ')}`;
  return [validationIssue('invalid', text, value.path)];
}

/** Allowed target type names, or undefined when any resource type is allowed. */
function allowedTargets(element: InternalSchemaElement): string[] | undefined {
  const profiles = element.type.filter((t) => t.code === 'Reference').flatMap((t) => t.targetProfile ?? []);
  // A non-HL7 profile (e.g. a national IG) may constrain or widen targets in ways we cannot tell: don't guess.
  if (profiles.length === 0 || profiles.some((p) => !p.startsWith(HL7_SD))) return undefined;
  const types = profiles.map((p) => p.slice(HL7_SD.length));
  return types.includes('Resource') ? undefined : types;
}
