import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError } from '@medunion/kernel';

/**
 * The JSON Schema subset the area's request bodies use. The same object documents the body in OpenAPI and checks it
 * here, because Fastify's validation stops at the first problem and does not name the field in its outcome.
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
  nullable?: boolean;
  additionalProperties?: boolean;
  description?: string;
  examples?: unknown[];
  default?: unknown;
}

/** A FhirError with one issue that names its field, the text in both languages. */
export function fieldError(status: number, field: string, zh: string, en: string, code: OperationOutcomeIssue['code'] = 'invalid'): FhirError {
  return new FhirError(status, [{ severity: 'error', code, details: { text: `${zh} / ${en}` }, expression: [field] }]);
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
export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && isDate(value.slice(0, 10)) && Number.isFinite(Date.parse(value));
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function problem(path: string, zh: string, en: string, code: OperationOutcomeIssue['code'] = 'value'): OperationOutcomeIssue {
  return { severity: 'error', code, details: { text: `${zh} / ${en}` }, expression: [path || '$'] };
}

/** Every problem of `value` against `schema`, each naming its JSON path (`levels[1].sampleIds[0]`). */
export function checkValue(value: unknown, schema: Schema, path = ''): OperationOutcomeIssue[] {
  const at = path || '$';
  if (value === undefined) return [];
  if (value === null) return schema.nullable ? [] : [problem(at, `${at} 不能为 null`, `${at} must not be null`)];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [problem(at, `${at} 应为对象`, `${at} must be an object`)];
      const obj = value as Record<string, unknown>;
      const issues: OperationOutcomeIssue[] = [];
      for (const key of schema.required ?? []) {
        if (obj[key] === undefined || obj[key] === null || obj[key] === '') issues.push(problem(join(path, key), `缺少必填字段 ${join(path, key)}`, `${join(path, key)} is required`, 'required'));
      }
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        if (obj[key] === '' && schema.required?.includes(key)) continue; // reported once, as missing
        issues.push(...checkValue(obj[key], sub, join(path, key)));
      }
      if (schema.additionalProperties === false) {
        for (const key of Object.keys(obj)) {
          if (!schema.properties?.[key]) issues.push(problem(join(path, key), `未知字段 ${join(path, key)}`, `${join(path, key)} is not a known field`, 'structure'));
        }
      }
      return issues;
    }
    case 'array': {
      if (!Array.isArray(value)) return [problem(at, `${at} 应为数组`, `${at} must be an array`)];
      if (schema.minItems !== undefined && value.length < schema.minItems) return [problem(at, `${at} 至少需要 ${schema.minItems} 项`, `${at} needs at least ${schema.minItems} entries`)];
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return [problem(at, `${at} 最多 ${schema.maxItems} 项`, `${at} takes at most ${schema.maxItems} entries`)];
      return value.flatMap((v, i) => checkValue(v, schema.items ?? {}, `${path}[${i}]`));
    }
    case 'string': {
      if (typeof value !== 'string') return [problem(at, `${at} 应为字符串`, `${at} must be a string`)];
      if (schema.minLength !== undefined && value.trim().length < schema.minLength) return [problem(at, `${at} 不能为空`, `${at} must not be empty`, 'required')];
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return [problem(at, `${at} 超过 ${schema.maxLength} 个字符`, `${at} is longer than ${schema.maxLength} characters`)];
      if (schema.enum && !schema.enum.includes(value)) return [problem(at, `${at} 取值应为 ${schema.enum.join('、')}`, `${at} must be one of ${schema.enum.join(', ')}`, 'code-invalid')];
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) return [problem(at, `${at} 格式不正确`, `${at} does not match ${schema.pattern}`)];
      if (schema.format === 'date' && !isDate(value)) return [problem(at, `${at} 应为日期 YYYY-MM-DD`, `${at} must be a date YYYY-MM-DD`)];
      if (schema.format === 'date-time' && !isDateTime(value)) {
        return [problem(at, `${at} 应为带时区的时间，如 2026-12-01T08:30:00+08:00`, `${at} must be a date-time with offset, e.g. 2026-12-01T08:30:00+08:00`)];
      }
      return [];
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (schema.type === 'integer' && !Number.isInteger(value))) return [problem(at, `${at} 应为${schema.type === 'integer' ? '整数' : '数字'}`, `${at} must be ${schema.type === 'integer' ? 'an integer' : 'a number'}`)];
      if (schema.minimum !== undefined && value < schema.minimum) return [problem(at, `${at} 不能小于 ${schema.minimum}`, `${at} must be at least ${schema.minimum}`)];
      if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return [problem(at, `${at} 必须大于 ${schema.exclusiveMinimum}`, `${at} must be greater than ${schema.exclusiveMinimum}`)];
      if (schema.maximum !== undefined && value > schema.maximum) return [problem(at, `${at} 不能大于 ${schema.maximum}`, `${at} must be at most ${schema.maximum}`)];
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [problem(at, `${at} 应为 true 或 false`, `${at} must be true or false`)];
    default:
      return [];
  }
}

/**
 * The body of a route declared with `attachValidation`: checked against its schema with every bad field named
 * (400 listing them all); a bad path or query parameter found by Fastify is a 400 naming that parameter.
 */
export function bodyOf<T>(req: { body: unknown; validationError?: Error & { validationContext?: string; validation?: unknown[] } }, schema: Schema): T {
  rejectParameterErrors(req);
  if (req.body === undefined || req.body === null) throw fieldError(400, '$', '缺少请求体', 'The request body is missing', 'required');
  const issues = checkValue(req.body, schema);
  if (issues.length) throw new FhirError(400, issues);
  return req.body as T;
}

/** Query and path parameters Fastify found wrong (routes use `attachValidation`), as a 400 naming the parameter. */
export function rejectParameterErrors(req: { validationError?: Error & { validationContext?: string; validation?: unknown[] } }): void {
  const err = req.validationError;
  if (!err || err.validationContext === 'body') return;
  const first = (err.validation?.[0] ?? {}) as { instancePath?: string; params?: { missingProperty?: string } };
  const field = first.params?.missingProperty ?? first.instancePath?.replace(/^\//, '').replace(/\//g, '.') ?? '';
  const name = field || err.validationContext || 'query';
  throw fieldError(400, name, `参数 ${name} 不正确：${err.message}`, `Invalid parameter ${name}: ${err.message}`);
}

/** The query string of a route declared with `attachValidation`, after Fastify's coercion. */
export function queryOf<T>(req: { query: unknown; validationError?: Error & { validationContext?: string; validation?: unknown[] } }): T {
  rejectParameterErrors(req);
  return req.query as T;
}
