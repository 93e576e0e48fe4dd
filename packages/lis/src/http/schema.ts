import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { fieldError, issueAt, throwIssues } from './errors.ts';

/**
 * The JSON Schema subset the LIS requests use. Routes declare them (so they appear in OpenAPI) with
 * `attachValidation`, and `bodyOf`/`queryOf` check them here, reporting every problem at once with the path of the
 * field (`panels[2].code`): Fastify's own validation stops at the first error and names no field in the outcome.
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
  exclusiveMinimum?: number;
  pattern?: string;
  format?: 'date' | 'date-time';
  /** `null` is accepted (and means "clear") only where the schema says so. */
  nullable?: boolean;
  /** Only `false` is checked (unknown fields refused); a schema here documents map values in OpenAPI. */
  additionalProperties?: boolean | Schema;
  description?: string;
  examples?: unknown[];
  default?: unknown;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date that exists (2026-02-30 does not). */
export function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** An instant with its offset, as FHIR writes them. */
export const isDateTime = (value: string): boolean => DATE_TIME.test(value) && isDate(value.slice(0, 10)) && Number.isFinite(Date.parse(value));

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);
const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

/** Every problem of `value` against `schema`, each naming its JSON path. */
export function checkValue(value: unknown, schema: Schema, path = ''): OperationOutcomeIssue[] {
  const at = path || '$';
  const bad = (zh: string, en: string, code: OperationOutcomeIssue['code'] = 'value') => [issueAt(at, zh, en, code)];
  if (value === undefined) return [];
  if (value === null) return schema.nullable ? [] : bad(`${at} 不能为 null`, `${at} must not be null`);
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return bad(`${at} 应为对象`, `${at} must be an object`);
      const obj = value as Record<string, unknown>;
      const issues: OperationOutcomeIssue[] = [];
      for (const key of schema.required ?? []) {
        if (absent(obj[key])) issues.push(issueAt(join(path, key), `缺少必填字段 ${join(path, key)}`, `${join(path, key)} is required`, 'required'));
      }
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        if (absent(obj[key]) && schema.required?.includes(key)) continue; // reported once, as missing
        issues.push(...checkValue(obj[key], sub, join(path, key)));
      }
      if (schema.additionalProperties === false) {
        for (const key of Object.keys(obj)) {
          if (!schema.properties?.[key]) issues.push(issueAt(join(path, key), `未知字段 ${join(path, key)}`, `${join(path, key)} is not a known field`, 'structure'));
        }
      }
      return issues;
    }
    case 'array': {
      if (!Array.isArray(value)) return bad(`${at} 应为数组`, `${at} must be an array`);
      if (schema.minItems !== undefined && value.length < schema.minItems) return bad(`${at} 至少需要 ${schema.minItems} 项`, `${at} needs at least ${schema.minItems} entries`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return bad(`${at} 最多 ${schema.maxItems} 项`, `${at} takes at most ${schema.maxItems} entries`);
      return value.flatMap((v, i) => checkValue(v, schema.items ?? {}, `${path}[${i}]`));
    }
    case 'string':
      return checkString(value, schema, at);
    case 'number':
    case 'integer': {
      const integer = schema.type === 'integer';
      if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) return bad(`${at} 应为${integer ? '整数' : '数字'}`, `${at} must be ${integer ? 'an integer' : 'a number'}`);
      if (schema.minimum !== undefined && value < schema.minimum) return bad(`${at} 不能小于 ${schema.minimum}`, `${at} must be at least ${schema.minimum}`);
      if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return bad(`${at} 必须大于 ${schema.exclusiveMinimum}`, `${at} must be greater than ${schema.exclusiveMinimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) return bad(`${at} 不能大于 ${schema.maximum}`, `${at} must be at most ${schema.maximum}`);
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : bad(`${at} 应为 true 或 false`, `${at} must be true or false`);
    default:
      return [];
  }
}

function checkString(value: unknown, schema: Schema, at: string): OperationOutcomeIssue[] {
  const bad = (zh: string, en: string, code: OperationOutcomeIssue['code'] = 'value') => [issueAt(at, zh, en, code)];
  if (typeof value !== 'string') return bad(`${at} 应为字符串`, `${at} must be a string`);
  // An optional text left empty is "not given" (forms send ''); only a declared minimum length refuses it.
  if (value === '' && !schema.minLength) return [];
  if (schema.minLength !== undefined && value.trim().length < schema.minLength) {
    return value.trim() === '' ? bad(`${at} 不能为空`, `${at} must not be empty`, 'required') : bad(`${at} 至少 ${schema.minLength} 个字符`, `${at} needs at least ${schema.minLength} characters`);
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return bad(`${at} 超过 ${schema.maxLength} 个字符`, `${at} is longer than ${schema.maxLength} characters`);
  if (schema.enum && !schema.enum.includes(value)) return bad(`${at} 取值应为 ${schema.enum.join('、')}`, `${at} must be one of ${schema.enum.join(', ')}`, 'code-invalid');
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return bad(`${at} 格式不正确`, `${at} does not match ${schema.pattern}`);
  if (schema.format === 'date' && !isDate(value)) return bad(`${at} 应为日期 YYYY-MM-DD`, `${at} must be a date YYYY-MM-DD`);
  if (schema.format === 'date-time' && !isDateTime(value)) {
    return bad(`${at} 应为带时区的时间，如 2026-12-07T08:30:00+08:00`, `${at} must be a date-time with offset, e.g. 2026-12-07T08:30:00+08:00`);
  }
  return [];
}

/** Throws a 400 OperationOutcome listing every problem of the value. */
export function assertValue<T>(value: unknown, schema: Schema): T {
  if (value === undefined || value === null) throw fieldError(400, '$', '缺少请求体', 'The request body is missing', 'required');
  throwIssues(400, checkValue(value, schema));
  return value as T;
}

type Validated = { validationError?: Error & { validationContext?: string; validation?: unknown[] } };

/** Path and query parameters Fastify found wrong (routes use `attachValidation`), as a 400 naming the parameter. */
export function rejectParameterErrors(req: Validated): void {
  const err = req.validationError;
  if (!err || err.validationContext === 'body') return;
  const first = (err.validation?.[0] ?? {}) as { instancePath?: string; params?: { missingProperty?: string } };
  const field = first.params?.missingProperty ?? first.instancePath?.replace(/^\//, '').replace(/\//g, '.') ?? '';
  const name = field || err.validationContext || 'query';
  throw fieldError(400, name, `参数 ${name} 不正确：${err.message}`, `Invalid parameter ${name}: ${err.message}`);
}

/** The body of a route declared with `attachValidation`, checked against its schema (a 400 listing every problem). */
export function bodyOf<T>(req: Validated & { body: unknown }, schema: Schema): T {
  rejectParameterErrors(req);
  return assertValue<T>(req.body, schema);
}

/**
 * The query string. With a schema, numbers and booleans are read from their text here (Fastify coerces only when
 * every part of the request validated, and routes taking raw bodies never do) and every problem is a 400.
 */
export function queryOf<T>(req: Validated & { query: unknown }, schema?: Schema): T {
  rejectParameterErrors(req);
  if (!schema) return req.query as T;
  const query: Record<string, unknown> = { ...(req.query as object | undefined) };
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const v = query[key];
    if (typeof v !== 'string') continue;
    if (prop.type === 'boolean' && (v === 'true' || v === 'false')) query[key] = v === 'true';
    if ((prop.type === 'integer' || prop.type === 'number') && /^-?\d+(\.\d+)?$/.test(v)) query[key] = Number(v);
  }
  throwIssues(400, checkValue(query, schema));
  return query as T;
}

/** JSON Schema for a page of results. */
export const pageQuery = {
  _count: { type: 'integer', minimum: 1, maximum: 500, description: '每页条数 / page size (default 50)' },
  _offset: { type: 'integer', minimum: 0, description: '跳过条数 / rows to skip' },
} as const satisfies Record<string, Schema>;
