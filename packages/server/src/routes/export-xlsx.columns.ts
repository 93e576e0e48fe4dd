import { evalFhirPathTyped, parseFhirPath, toTypedValue, type TypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { badRequest } from '@medunion/kernel';

/** Several FHIRPath results in one cell are joined with a full-width semicolon, as Chinese lists are. */
export const MULTI_VALUE_SEPARATOR = '；';

export interface XlsxColumnRequest {
  header: string;
  expression: string;
  width?: number;
}

export interface XlsxExportRequest {
  query: string;
  columns: XlsxColumnRequest[];
  sheetName?: string;
  title?: string;
}

export interface CompiledColumn {
  header: string;
  width?: number;
  /** The cell value for one resource: a number or boolean for a single such result, otherwise text. */
  value(resource: Resource): string | number | boolean | null;
}

const MAX_COLUMNS = 50;
const MAX_TEXT = 200;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalText(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`, field);
  if (value.length > MAX_TEXT) throw badRequest(`${field} must be at most ${MAX_TEXT} characters`, field);
  return value;
}

/** Checks the request body field by field, naming the offending field in the 400. */
export function parseXlsxRequest(body: unknown): XlsxExportRequest {
  if (!isObject(body)) throw badRequest('The body must be a JSON object with columns');
  const query = body.query ?? '';
  if (typeof query !== 'string') throw badRequest('query must be a FHIR search query string without "?"', 'query');
  if (query.startsWith('?')) throw badRequest('query must not start with "?"', 'query');
  if (!Array.isArray(body.columns) || body.columns.length < 1 || body.columns.length > MAX_COLUMNS) {
    throw badRequest(`columns must be an array of 1 to ${MAX_COLUMNS} columns`, 'columns');
  }
  const columns = body.columns.map((column: unknown, i: number): XlsxColumnRequest => {
    const at = `columns[${i}]`;
    if (!isObject(column)) throw badRequest(`${at} must be an object with header and expression`, at);
    if (typeof column.header !== 'string' || column.header.length > MAX_TEXT) throw badRequest(`${at}.header must be a string of at most ${MAX_TEXT} characters`, `${at}.header`);
    if (typeof column.expression !== 'string' || !column.expression.trim()) throw badRequest(`${at}.expression must be a non-empty FHIRPath expression`, `${at}.expression`);
    if (column.width !== undefined && (typeof column.width !== 'number' || !(column.width >= 1 && column.width <= 255))) {
      throw badRequest(`${at}.width must be a number of characters from 1 to 255`, `${at}.width`);
    }
    return { header: column.header, expression: column.expression, ...(column.width !== undefined ? { width: column.width } : {}) };
  });
  return { query, columns, sheetName: optionalText(body, 'sheetName'), title: optionalText(body, 'title') };
}

/**
 * Parses each column's FHIRPath once and tries it on an empty resource of the type, so syntax errors and
 * unknown functions are a 400 naming the column before anything is exported.
 */
export function compileColumns(resourceType: string, columns: XlsxColumnRequest[]): CompiledColumn[] {
  return columns.map((column, i) => {
    const field = `columns[${i}].expression`;
    const fail = (err: unknown) => badRequest(`Column ${i + 1} "${column.header}": invalid FHIRPath "${column.expression}" (${(err as Error).message})`, field);
    let atom: ReturnType<typeof parseFhirPath>;
    try {
      atom = parseFhirPath(column.expression);
      evalFhirPathTyped(atom, [toTypedValue({ resourceType })]);
    } catch (err) {
      throw fail(err);
    }
    return {
      header: column.header,
      width: column.width,
      value: (resource) => {
        let results: TypedValue[];
        try {
          results = evalFhirPathTyped(atom, [toTypedValue(resource)]);
        } catch (err) {
          throw fail(err);
        }
        return cellValue(results);
      },
    };
  });
}

function cellValue(results: TypedValue[]): string | number | boolean | null {
  if (results.length === 0) return null;
  if (results.length === 1 && (typeof results[0].value === 'number' || typeof results[0].value === 'boolean')) return results[0].value;
  const texts = results.map(displayText).filter((text) => text !== '');
  return texts.length ? texts.join(MULTI_VALUE_SEPARATOR) : null;
}

const HAN = /\p{Script=Han}/u;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Readable text of one FHIRPath result; data types as people read them, Chinese names without spaces. */
export function displayText({ type, value }: TypedValue): string {
  if (value === null || value === undefined) return '';
  if (!isObject(value)) return String(value);
  switch (type) {
    case 'HumanName': {
      if (str(value.text)) return str(value.text);
      const parts = [str(value.family), ...(Array.isArray(value.given) ? value.given.map(str) : [])].filter(Boolean);
      return parts.join(parts.some((p) => HAN.test(p)) ? '' : ' ');
    }
    case 'CodeableConcept': {
      const codings = Array.isArray(value.coding) ? (value.coding as Record<string, unknown>[]) : [];
      return str(value.text) || codings.map((c) => str(c.display) || str(c.code)).find(Boolean) || '';
    }
    case 'Coding':
      return str(value.display) || str(value.code);
    case 'Reference':
      return str(value.display) || str(value.reference);
    case 'Quantity':
    case 'Age':
    case 'Duration':
    case 'Money':
      return [value.comparator, value.value, value.unit ?? value.code ?? value.currency].filter((p) => p !== undefined && p !== '').join(' ').replace(/^([<>]=?) /, '$1');
    case 'Identifier':
    case 'ContactPoint':
      return str(value.value);
    case 'Period':
      return [str(value.start), str(value.end)].filter(Boolean).join(' ~ ');
    case 'Address': {
      if (str(value.text)) return str(value.text);
      const lines = Array.isArray(value.line) ? value.line.map(str) : [];
      return [value.state, value.city, value.district, ...lines].map(str).filter(Boolean).join('');
    }
    case 'Attachment':
      return str(value.title) || str(value.url);
    default:
      return JSON.stringify(value);
  }
}
