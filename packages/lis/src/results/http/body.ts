import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError } from '@medunion/kernel';
import { issueAt } from './errors.ts';

/**
 * The JSON Schema subset the area's requests use. The same object documents a route in OpenAPI and checks the
 * request here: Fastify's own validation stops at the first problem and does not name the field in its outcome.
 */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  required?: readonly string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: readonly unknown[];
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: 'date' | 'date-time';
  additionalProperties?: boolean;
  description?: string;
  examples?: unknown[];
  default?: unknown;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date that exists (2026-02-30 does not). */
export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export const isDateTime = (value: string): boolean => DATE_TIME.test(value) && isDate(value.slice(0, 10)) && Number.isFinite(Date.parse(value));

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Every problem of `value` against `schema`, each naming its path (`results[2].value`). */
export function checkValue(value: unknown, schema: Schema, path = ''): OperationOutcomeIssue[] {
  const at = path || '$';
  if (value === undefined) return [];
  if (value === null) return [issueAt(at, `${at} 不能为 null`, `${at} must not be null`, 'value')];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [issueAt(at, `${at} 应为对象`, `${at} must be an object`, 'value')];
      const obj = value as Record<string, unknown>;
      const issues: OperationOutcomeIssue[] = [];
      for (const key of schema.required ?? []) {
        if (obj[key] === undefined || obj[key] === null || obj[key] === '') issues.push(issueAt(join(path, key), `缺少必填字段 ${join(path, key)}`, `${join(path, key)} is required`, 'required'));
      }
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        if (obj[key] === '' && schema.required?.includes(key)) continue; // reported once, as missing
        issues.push(...checkValue(obj[key], sub, join(path, key)));
      }
      if (schema.additionalProperties === false) {
        for (const key of Object.keys(obj)) if (!schema.properties?.[key]) issues.push(issueAt(join(path, key), `未知字段 ${join(path, key)}`, `${join(path, key)} is not a known field`, 'structure'));
      }
      return issues;
    }
    case 'array': {
      if (!Array.isArray(value)) return [issueAt(at, `${at} 应为数组`, `${at} must be an array`, 'value')];
      if (schema.minItems !== undefined && value.length < schema.minItems) return [issueAt(at, `${at} 至少需要 ${schema.minItems} 项`, `${at} needs at least ${schema.minItems} entries`, 'value')];
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return [issueAt(at, `${at} 最多 ${schema.maxItems} 项`, `${at} takes at most ${schema.maxItems} entries`, 'value')];
      return value.flatMap((v, i) => checkValue(v, schema.items ?? {}, `${path}[${i}]`));
    }
    case 'string': {
      if (typeof value !== 'string') return [issueAt(at, `${at} 应为字符串`, `${at} must be a string`, 'value')];
      if (schema.minLength !== undefined && value.length < schema.minLength) return [issueAt(at, `${at} 至少 ${schema.minLength} 个字符`, `${at} needs at least ${schema.minLength} characters`, 'value')];
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return [issueAt(at, `${at} 超过 ${schema.maxLength} 个字符`, `${at} is longer than ${schema.maxLength} characters`, 'value')];
      if (schema.enum && !schema.enum.includes(value)) return [issueAt(at, `${at} 取值应为 ${schema.enum.join('、')}`, `${at} must be one of ${schema.enum.join(', ')}`, 'value')];
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) return [issueAt(at, `${at} 格式不正确`, `${at} does not match ${schema.pattern}`, 'value')];
      if (schema.format === 'date' && !isDate(value)) return [issueAt(at, `${at} 应为日期 YYYY-MM-DD`, `${at} must be a date YYYY-MM-DD`, 'value')];
      if (schema.format === 'date-time' && !isDateTime(value)) return [issueAt(at, `${at} 应为带时区的时间，如 2026-12-07T08:30:00+08:00`, `${at} must be a date-time with offset, e.g. 2026-12-07T08:30:00+08:00`, 'value')];
      return [];
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (schema.type === 'integer' && !Number.isInteger(value))) return [issueAt(at, `${at} 应为数字`, `${at} must be a ${schema.type}`, 'value')];
      if (schema.minimum !== undefined && value < schema.minimum) return [issueAt(at, `${at} 不能小于 ${schema.minimum}`, `${at} must be at least ${schema.minimum}`, 'value')];
      if (schema.maximum !== undefined && value > schema.maximum) return [issueAt(at, `${at} 不能大于 ${schema.maximum}`, `${at} must be at most ${schema.maximum}`, 'value')];
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [issueAt(at, `${at} 应为 true 或 false`, `${at} must be true or false`, 'value')];
    default:
      return [];
  }
}

/** The request body checked against its schema; a 400 listing every problem otherwise. */
export function bodyOf<T>(req: { body: unknown }, schema: Schema): T {
  if (req.body === undefined || req.body === null) throw new FhirError(400, [issueAt('$', '缺少请求体', 'The request body is missing', 'required')]);
  const issues = checkValue(req.body, schema);
  if (issues.length) throw new FhirError(400, issues);
  return req.body as T;
}

/** Query parameters checked the same way (strings as sent; numbers parsed by the caller). */
export function queryOf<T>(req: { query: unknown }, schema: Schema): T {
  const issues = checkValue(req.query ?? {}, schema);
  if (issues.length) throw new FhirError(400, issues);
  return (req.query ?? {}) as T;
}
