import type { OperationOutcome } from '@medplum/fhirtypes';
import type { FormField } from './field-model.ts';
import { isListField, SUB_FIELDS } from './form-values.ts';

/** An antd Form name path: ['telecom', 0, 'value']. */
export type NamePath = (string | number)[];

export interface MappedOutcome {
  /** Errors that belong to an input, grouped by its name path (order of first appearance). */
  fields: { name: NamePath; errors: string[] }[];
  /** Errors no input can show (resource-level rules, unknown paths, warnings): shown above the form. */
  general: string[];
}

const SEGMENT = /^([A-Za-z_][\w-]*)(?:\[(\d+)\])?$/;

/**
 * The input an issue's FHIRPath points at, or undefined: `Organization.telecom[0].value` → ['telecom', 0, 'value']
 * for a list of contact points, `Organization.type[0].coding[0]` → ['type'] for a multi-select, and a path into an
 * element the form edits as a whole (a reference, a period) → that element's input.
 */
export function fieldPathOf(expression: string, resourceType: string, fields: readonly FormField[]): NamePath | undefined {
  const rest = expression.startsWith(`${resourceType}.`) ? expression.slice(resourceType.length + 1) : expression;
  const segments = rest.split('.').map((s) => SEGMENT.exec(s));
  const first = segments[0];
  const field = first && fields.find((f) => f.name === first[1]);
  if (!field) return undefined;
  const path: NamePath = [field.name];
  if (isListField(field)) {
    if (first[2] === undefined) return path;
    path.push(Number(first[2]));
  } else if (field.repeating) {
    return path;
  }
  const sub = segments[1];
  if (sub && SUB_FIELDS[field.kind]?.includes(sub[1])) path.push(sub[1]);
  return path;
}

const text = (issue: NonNullable<OperationOutcome['issue']>[number]) => issue.details?.text ?? issue.diagnostics ?? issue.code;

/** Splits a server OperationOutcome into per-input errors (by `expression`, else the deprecated `location`) and the rest. */
export function mapOutcome(outcome: OperationOutcome | undefined, resourceType: string, fields: readonly FormField[]): MappedOutcome {
  const byPath = new Map<string, { name: NamePath; errors: string[] }>();
  const general: string[] = [];
  for (const issue of outcome?.issue ?? []) {
    const message = text(issue);
    const blocking = issue.severity === 'error' || issue.severity === 'fatal';
    const name = blocking ? [...(issue.expression ?? []), ...(issue.location ?? [])].map((e) => fieldPathOf(e, resourceType, fields)).find((p) => p) : undefined;
    if (!name) {
      general.push(message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byPath.get(key) ?? { name, errors: [] };
    entry.errors.push(message);
    byPath.set(key, entry);
  }
  return { fields: [...byPath.values()], general };
}
