import { PARAMETER_SCOPES, type ParameterDefinition } from './definition.ts';

/** `<owner>.<name>[.<name>…]`, the owner being a module id (or the kernel's `ui`, `print`, `session`). */
export const PARAMETER_KEY_PATTERN = /^[a-z][a-z0-9-]*(\.[A-Za-z][A-Za-z0-9_-]*)+$/;
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
const MAX_STRING_LENGTH = 2000;
const MAX_JSON_BYTES = 64 * 1024;
const TYPES = new Set(['string', 'number', 'boolean', 'enum', 'color', 'json']);

/** Why `value` is not acceptable for `definition`, or null when it is. */
export function parameterValueProblem(definition: ParameterDefinition, value: unknown): string | null {
  switch (definition.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      return value.length > MAX_STRING_LENGTH ? `must be at most ${MAX_STRING_LENGTH} characters` : null;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (definition.min !== undefined && value < definition.min) return `must be at least ${definition.min}`;
      if (definition.max !== undefined && value > definition.max) return `must be at most ${definition.max}`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'enum': {
      const allowed = (definition.options ?? []).map((o) => o.value);
      return typeof value === 'string' && allowed.includes(value) ? null : `must be one of ${allowed.join(', ')}`;
    }
    case 'color':
      return typeof value === 'string' && COLOR_PATTERN.test(value) ? null : 'must be a colour written #rrggbb';
    case 'json': {
      const json = JSON.stringify(value);
      if (json === undefined || value === null) return 'must be a JSON value';
      return Buffer.byteLength(json, 'utf8') > MAX_JSON_BYTES ? `must be at most ${MAX_JSON_BYTES / 1024} KB as JSON` : null;
    }
  }
}

/** Throws when a declaration is malformed, so a broken manifest fails at start-up rather than in the admin form. */
export function checkParameterDefinition(definition: ParameterDefinition): void {
  const fail = (why: string): never => {
    throw new Error(`Parameter "${definition.key}": ${why}`);
  };
  if (typeof definition.key !== 'string' || !PARAMETER_KEY_PATTERN.test(definition.key)) fail(`key must match ${PARAMETER_KEY_PATTERN.source}`);
  if (!definition.title?.['zh-CN'] || !definition.title.en) fail('title needs zh-CN and en');
  if (!TYPES.has(definition.type)) fail(`unknown type "${String(definition.type)}"`);
  if (!Array.isArray(definition.scopes) || definition.scopes.length === 0) fail('scopes must list at least one scope');
  if (definition.scopes.some((s) => !PARAMETER_SCOPES.includes(s)) || new Set(definition.scopes).size !== definition.scopes.length) {
    fail(`scopes must be distinct values of ${PARAMETER_SCOPES.join(', ')}`);
  }
  if (definition.type === 'enum') {
    const values = (definition.options ?? []).map((o) => o.value);
    if (values.length === 0 || new Set(values).size !== values.length) fail('an enum needs distinct options');
  } else if (definition.options !== undefined) {
    fail('options are only for enum parameters');
  }
  if ((definition.min !== undefined || definition.max !== undefined) && definition.type !== 'number') fail('min/max are only for number parameters');
  if (definition.min !== undefined && definition.max !== undefined && definition.min > definition.max) fail('min exceeds max');
  const problem = parameterValueProblem(definition, definition.default);
  if (problem) fail(`default ${problem}`);
}
