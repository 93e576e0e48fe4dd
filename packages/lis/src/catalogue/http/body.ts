import type { FastifyRequest } from 'fastify';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError } from '@medunion/kernel';

/**
 * The subset of JSON Schema the LIS request schemas use. Routes declare them (so they appear in OpenAPI) with
 * `attachValidation`, and `bodyOf`/`queryOf` check them here, reporting every problem at once with the path of the
 * field (`panels[2]`): Fastify's own validation stops at the first error and names no field in the outcome.
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
  description?: string;
  examples?: unknown[];
  additionalProperties?: boolean | Schema;
  default?: unknown;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** One error issue naming its field, in both languages. */
export function issue(path: string, zh: string, en: string, code: OperationOutcomeIssue['code'] = 'invalid'): OperationOutcomeIssue {
  return { severity: 'error', code, details: { text: `${zh} / ${en}` }, expression: [path] };
}

/** A FhirError with one issue naming its field, in both languages. */
export function fieldError(status: number, field: string, zh: string, en: string, code: OperationOutcomeIssue['code'] = 'invalid'): FhirError {
  return new FhirError(status, [issue(field, zh, en, code)]);
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);
const validDate = (value: string): boolean =>
  !Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)) && new Date(Date.parse(value.slice(0, 10))).toISOString().slice(0, 10) === value.slice(0, 10);

/** Every problem of `value` against `schema`, each naming its JSON path. */
export function checkValue(value: unknown, schema: Schema, path = ''): OperationOutcomeIssue[] {
  const at = path || '$';
  if (value === undefined || value === null) return [];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [issue(at, `${at} 应为对象`, `${at} must be an object`)];
      const obj = value as Record<string, unknown>;
      const issues: OperationOutcomeIssue[] = [];
      for (const key of schema.required ?? []) {
        const v = obj[key];
        if (v === undefined || v === null || v === '') issues.push(issue(join(path, key), `缺少必填字段 ${join(path, key)}`, `${join(path, key)} is required`, 'required'));
      }
      for (const [key, sub] of Object.entries(schema.properties ?? {})) issues.push(...checkValue(obj[key], sub, join(path, key)));
      if (schema.additionalProperties === false) {
        for (const key of Object.keys(obj)) {
          if (!schema.properties?.[key]) issues.push(issue(join(path, key), `未知字段 ${join(path, key)}`, `${join(path, key)} is not a known field`));
        }
      }
      return issues;
    }
    case 'array': {
      if (!Array.isArray(value)) return [issue(at, `${at} 应为数组`, `${at} must be an array`)];
      if (schema.minItems !== undefined && value.length < schema.minItems) return [issue(at, `${at} 至少需要 ${schema.minItems} 项`, `${at} needs at least ${schema.minItems} entries`)];
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return [issue(at, `${at} 最多 ${schema.maxItems} 项`, `${at} takes at most ${schema.maxItems} entries`)];
      return value.flatMap((v, i) => checkValue(v, schema.items ?? {}, `${path}[${i}]`));
    }
    case 'string': {
      if (typeof value !== 'string') return [issue(at, `${at} 应为字符串`, `${at} must be a string`)];
      if (value === '') return [];
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return [issue(at, `${at} 超过 ${schema.maxLength} 个字符`, `${at} is longer than ${schema.maxLength} characters`)];
      if (schema.enum && !schema.enum.includes(value)) return [issue(at, `${at} 取值应为 ${schema.enum.join('、')}`, `${at} must be one of ${schema.enum.join(', ')}`)];
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return [issue(at, `${at} 格式不正确`, `${at} does not match ${schema.pattern}`)];
      if (schema.format === 'date' && !(DATE.test(value) && validDate(value))) return [issue(at, `${at} 应为日期 YYYY-MM-DD`, `${at} must be a date YYYY-MM-DD`)];
      if (schema.format === 'date-time' && !(DATE_TIME.test(value) && validDate(value))) {
        return [issue(at, `${at} 应为带时区的时间，如 2026-03-01T08:30:00+08:00`, `${at} must be a date-time with offset, e.g. 2026-03-01T08:30:00+08:00`)];
      }
      return [];
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (schema.type === 'integer' && !Number.isInteger(value))) return [issue(at, `${at} 应为数字`, `${at} must be a ${schema.type}`)];
      if (schema.minimum !== undefined && value < schema.minimum) return [issue(at, `${at} 不能小于 ${schema.minimum}`, `${at} must be at least ${schema.minimum}`)];
      if (schema.maximum !== undefined && value > schema.maximum) return [issue(at, `${at} 不能大于 ${schema.maximum}`, `${at} must be at most ${schema.maximum}`)];
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [issue(at, `${at} 应为 true 或 false`, `${at} must be true or false`)];
    default:
      return [];
  }
}

/** Throws a 400 OperationOutcome listing every problem of the value. */
export function assertValue<T>(value: unknown, schema: Schema): T {
  if (value === undefined || value === null) throw new FhirError(400, [issue('$', '缺少请求体', 'The request body is missing', 'required')]);
  const issues = checkValue(value, schema);
  if (issues.length) throw new FhirError(400, issues);
  return value as T;
}

type Validated = { body: unknown; query: unknown; validationError?: Error & { validationContext?: string } };

/** The body of a route declared with `attachValidation`, checked here (path and query problems stay a 400). */
export function bodyOf<T>(req: FastifyRequest | Validated, schema: Schema): T {
  const err = (req as Validated).validationError;
  if (err && err.validationContext !== 'body') throw new FhirError(400, [issue(err.validationContext ?? '$', `请求参数不正确：${err.message}`, `Invalid request: ${err.message}`)]);
  return assertValue<T>(req.body, schema);
}

/**
 * The query string checked against its schema, numbers and booleans read from their text here (Fastify coerces
 * only when every part of the request validated, and routes taking raw bodies never do).
 */
export function queryOf<T>(req: FastifyRequest, schema: Schema): T {
  const query: Record<string, unknown> = { ...(req.query as object) };
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const v = query[key];
    if (typeof v !== 'string') continue;
    if (prop.type === 'boolean' && (v === 'true' || v === 'false')) query[key] = v === 'true';
    if ((prop.type === 'integer' || prop.type === 'number') && /^-?\d+(\.\d+)?$/.test(v)) query[key] = Number(v);
  }
  const issues = checkValue(query, schema);
  if (issues.length) throw new FhirError(400, issues);
  return query as T;
}

/** JSON Schema for a page of results. */
export const pageQuery = {
  _count: { type: 'integer', minimum: 1, maximum: 500, description: '每页条数 / page size (default 50)' },
  _offset: { type: 'integer', minimum: 0, description: '跳过条数 / rows to skip' },
} as const satisfies Record<string, Schema>;
