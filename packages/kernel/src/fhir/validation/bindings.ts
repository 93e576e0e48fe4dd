import type { InternalSchemaElement, TypedValueWithPath } from '@medplum/core';
import type { Coding, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { validationIssue } from './issues.ts';
import { expandValueSet, type Expansion } from './valuesets.ts';

/**
 * Enforces `required` bindings, which @medplum/core's validator leaves unchecked. A `code` must be in the
 * expansion; a Coding (alone or inside a CodeableConcept) is checked only when its system is one the ValueSet
 * draws from, so translations into other systems (e.g. local Chinese codes) stay allowed. ValueSets that cannot
 * be expanded locally are skipped (see expandValueSet).
 */
export function checkRequiredBinding(
  element: InternalSchemaElement,
  value: TypedValueWithPath
): OperationOutcomeIssue[] {
  const valueSetUrl = element.binding?.strength === 'required' ? element.binding.valueSet : undefined;
  if (!valueSetUrl) return [];
  const expansion = expandValueSet(valueSetUrl);
  if (!expansion) return [];
  const vsName = valueSetUrl.split('|')[0];

  switch (value.type) {
    case 'code': {
      const code = primitiveString(value.value);
      const known = code === undefined || [...expansion.values()].some((codes) => codes.has(code));
      return known
        ? []
        : [validationIssue('code-invalid', `Code "${code}" is not in the required value set ${vsName}`, value.path)];
    }
    case 'Coding':
      return checkCoding(value.value as Coding, expansion, vsName, value.path);
    case 'CodeableConcept': {
      const codings = (value.value as { coding?: unknown } | null)?.coding;
      // A non-array `coding` is a structural error, already reported by the structural validator.
      return Array.isArray(codings)
        ? codings.flatMap((coding: Coding, i) => checkCoding(coding, expansion, vsName, `${value.path}.coding[${i}]`))
        : [];
    }
    default:
      return []; // No R4 base element binds other types (string, uri, Quantity) as required.
  }
}

function checkCoding(coding: Coding, expansion: Expansion, vsName: string, path: string): OperationOutcomeIssue[] {
  const codes = coding?.system ? expansion.get(coding.system) : undefined;
  if (!codes || coding.code === undefined || codes.has(coding.code)) return [];
  const text = `Code "${coding.code}" of system ${coding.system} is not in the required value set ${vsName}`;
  return [validationIssue('code-invalid', text, path)];
}

/** Primitive values carrying `_element` extensions arrive as String objects. */
function primitiveString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return v instanceof String ? v.valueOf() : undefined;
}
