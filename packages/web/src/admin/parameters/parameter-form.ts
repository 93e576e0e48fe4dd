import type { ParameterDefinition, ParameterScope } from '../parameters.api.ts';

/** Where a value shown on a scope's form comes from: set here, inherited from a broader scope, or the declared default. */
export type ValueSource = ParameterScope | 'default';

export interface ParameterGroup {
  group: string;
  definitions: ParameterDefinition[];
}

/** Groups declarations by `group` (else the key's owner prefix: `ui`, `print`, a module id), keeping declaration order. */
export function groupDefinitions(definitions: readonly ParameterDefinition[]): ParameterGroup[] {
  const groups: ParameterGroup[] = [];
  for (const d of definitions) {
    const name = d.group ?? d.key.split('.')[0];
    let g = groups.find((x) => x.group === name);
    if (!g) groups.push((g = { group: name, definitions: [] }));
    g.definitions.push(d);
  }
  return groups;
}

/** The scopes a scope inherits from, nearest first (workstation → institution → region). */
export function parentScopes(scope: ParameterScope): ParameterScope[] {
  return scope === 'workstation' ? ['institution', 'region'] : scope === 'institution' ? ['region'] : [];
}

/** The value a key would have at this scope without an explicit one: the nearest parent that sets it, else the default. */
export function inheritedValue(definition: ParameterDefinition, parents: readonly { scope: ParameterScope; values: Record<string, unknown> }[]): { value: unknown; from: ValueSource } {
  for (const p of parents) {
    if (definition.scopes.includes(p.scope) && p.values[definition.key] !== undefined) return { value: p.values[definition.key], from: p.scope };
  }
  return { value: definition.default, from: 'default' };
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** Why an edited value would be refused (message key suffix under `admin.parameters.problem.`), mirroring the server's checks. */
export function valueProblem(d: ParameterDefinition, value: unknown): 'number' | 'min' | 'max' | 'color' | 'option' | 'boolean' | 'string' | 'json' | null {
  switch (d.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'number';
      if (d.min !== undefined && value < d.min) return 'min';
      if (d.max !== undefined && value > d.max) return 'max';
      return null;
    case 'color':
      return typeof value === 'string' && COLOR.test(value) ? null : 'color';
    case 'enum':
      return typeof value === 'string' && (d.options ?? []).some((o) => o.value === value) ? null : 'option';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'boolean';
    case 'string':
      return typeof value === 'string' ? null : 'string';
    case 'json':
      return value === null || value === undefined ? 'json' : null;
  }
}

/** JSON parameters are edited as text: parsed, or `undefined` with the text not being JSON. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The body of `PUT /api/admin/parameters/:scope/:id` from the explicit values before and the edited ones (a key
 * missing from `edited` inherits again → `null`). Unchanged keys are not sent, so the audit names only real changes.
 */
export function parameterChanges(before: Record<string, unknown>, edited: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(edited)) if (!same(before[key], value)) out[key] = value;
  for (const key of Object.keys(before)) if (!(key in edited)) out[key] = null;
  return out;
}

/** Issues of a 400 OperationOutcome by parameter key (the server puts the key in `expression`). */
export function problemsByKey(issues: readonly { expression?: string[]; details?: { text?: string }; diagnostics?: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.expression?.[0];
    const text = issue.details?.text ?? issue.diagnostics;
    if (key && text) out[key] = text;
  }
  return out;
}

/**
 * What the region sets, as far as a caller who may not read region values can tell: their effective values (which
 * fold region over default for keys their institution does not set) where they differ from the default. Keys the
 * institution sets itself hide the region's value; they show the default as inherited.
 */
export function regionFromEffective(effective: Record<string, unknown>, definitions: readonly ParameterDefinition[], explicitAtInstitution: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of definitions) {
    if (d.key in explicitAtInstitution || !(d.key in effective)) continue;
    if (!same(effective[d.key], d.default)) out[d.key] = effective[d.key];
  }
  return out;
}
