import type { CodeSystemConcept, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError } from '@medunion/kernel';
import { IMPORT_COLUMN_EXTENSION, IMPORT_ERROR_SYSTEM, IMPORT_ROW_EXTENSION, MEDUNION } from '../urls.ts';
import type { TableRow } from './csv.ts';
import type { Column } from './columns.ts';
import { both } from './messages.ts';

/** One problem of one row: what the import report lists. */
export interface RowIssue {
  row: number;
  column?: Column | 'row';
  /** Stable key for translations: required, duplicate, too-long, invalid-code, unknown-parent, parent-cycle, extra-cells, not-icd10. */
  code: string;
  message: string;
}

/** A row that passed, ready to become a concept. */
export interface ImportedRow {
  row: number;
  code: string;
  name: string;
  parent?: string;
  definition?: string;
  alias?: string;
  mnemonic?: string;
}

export const MAX_ROWS = 100_000;
const MAX_CODE = 100;
const MAX_TEXT = 500;
// FHIR `code`: no leading/trailing or double whitespace; `|` would break the system|code token form.
const CODE = /^[^\s|]+( [^\s|]+)*$/;
export const MNEMONIC_USE = { system: `${MEDUNION}/CodeSystem/designation-use`, code: 'mnemonic', display: '助记码' };

/** Checks every data row; all problems are collected (the report lists them all, nothing is imported). */
export function checkRows(rows: TableRow[], columns: Map<Column, number>, width: number): { rows: ImportedRow[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const out: ImportedRow[] = [];
  const firstRowOf = new Map<string, number>();
  const cell = (r: TableRow, c: Column) => (columns.has(c) ? (r.cells[columns.get(c)!] ?? '').trim() : '');
  for (const r of rows) {
    if (r.cells.every((c) => c.trim() === '')) continue; // blank lines are not data
    const problems: RowIssue[] = [];
    const code = cell(r, 'code');
    const name = cell(r, 'name');
    if (r.cells.slice(width).some((c) => c.trim() !== '')) problems.push({ row: r.row, column: 'row', code: 'extra-cells', message: both(`第${r.row}行的单元格多于表头列数`, `Row ${r.row} has more cells than the header has columns`) });
    if (!code) problems.push({ row: r.row, column: 'code', code: 'required', message: both(`第${r.row}行编码为空`, `Row ${r.row}: the code is empty`) });
    else if (code.length > MAX_CODE) problems.push({ row: r.row, column: 'code', code: 'too-long', message: both(`第${r.row}行编码超过${MAX_CODE}个字符`, `Row ${r.row}: the code is longer than ${MAX_CODE} characters`) });
    else if (!CODE.test(code)) problems.push({ row: r.row, column: 'code', code: 'invalid-code', message: both(`第${r.row}行编码“${code}”含有不允许的空白或“|”`, `Row ${r.row}: code "${code}" contains whitespace runs or "|"`) });
    if (!name) problems.push({ row: r.row, column: 'name', code: 'required', message: both(`第${r.row}行名称为空`, `Row ${r.row}: the name is empty`) });
    else if (name.length > MAX_TEXT) problems.push({ row: r.row, column: 'name', code: 'too-long', message: both(`第${r.row}行名称超过${MAX_TEXT}个字符`, `Row ${r.row}: the name is longer than ${MAX_TEXT} characters`) });
    if (code && firstRowOf.has(code)) {
      problems.push({ row: r.row, column: 'code', code: 'duplicate', message: both(`第${r.row}行编码“${code}”与第${firstRowOf.get(code)}行重复`, `Row ${r.row}: code "${code}" repeats row ${firstRowOf.get(code)}`) });
    } else if (code) firstRowOf.set(code, r.row);
    if (problems.length) {
      issues.push(...problems);
      continue;
    }
    const optional = (c: Column) => cell(r, c) || undefined;
    out.push({ row: r.row, code, name, parent: optional('parent'), definition: optional('definition'), alias: optional('alias'), mnemonic: optional('mnemonic') });
  }
  return { rows: out, issues };
}

/** Parents must be codes of the same file and must not loop. */
export function checkParents(rows: ImportedRow[]): RowIssue[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const issues: RowIssue[] = [];
  for (const r of rows) {
    if (!r.parent) continue;
    if (!byCode.has(r.parent)) {
      issues.push({ row: r.row, column: 'parent', code: 'unknown-parent', message: both(`第${r.row}行上级编码“${r.parent}”不在文件中`, `Row ${r.row}: parent code "${r.parent}" is not in the file`) });
      continue;
    }
    const seen = new Set<string>([r.code]);
    for (let p: ImportedRow | undefined = byCode.get(r.parent); p; p = p.parent ? byCode.get(p.parent) : undefined) {
      if (seen.has(p.code)) {
        issues.push({ row: r.row, column: 'parent', code: 'parent-cycle', message: both(`第${r.row}行的上级关系形成循环`, `Row ${r.row}: its parents form a cycle`) });
        break;
      }
      seen.add(p.code);
    }
  }
  return issues;
}

/** A concept from a row (hierarchy as the `parent` property, alias and mnemonic as designations). */
export function conceptOf(r: ImportedRow, parent = r.parent): CodeSystemConcept {
  return {
    code: r.code,
    display: r.name,
    ...(r.definition ? { definition: r.definition } : {}),
    ...(r.alias || r.mnemonic
      ? {
          designation: [
            ...(r.alias ? [{ value: r.alias }] : []),
            ...(r.mnemonic ? [{ use: MNEMONIC_USE, value: r.mnemonic }] : []),
          ],
        }
      : {}),
    ...(parent ? { property: [{ code: 'parent', valueCode: parent }] } : {}),
  };
}

const MAX_REPORTED = 500;

/** The row-level error report: a 400 OperationOutcome, one issue per problem (row and column as extensions too). */
export function rowErrors(issues: RowIssue[]): FhirError {
  const sorted = [...issues].sort((a, b) => a.row - b.row);
  const rowsWithProblems = new Set(sorted.map((i) => i.row)).size;
  const summary: OperationOutcomeIssue = {
    severity: 'error',
    code: 'invalid',
    details: { text: both(`${rowsWithProblems}行有错误，未导入任何数据`, `${rowsWithProblems} row(s) have problems; nothing was imported`) },
  };
  const listed: OperationOutcomeIssue[] = sorted.slice(0, MAX_REPORTED).map((i) => ({
    severity: 'error',
    code: i.code === 'duplicate' ? 'duplicate' : 'invalid',
    details: { coding: [{ system: IMPORT_ERROR_SYSTEM, code: i.code }], text: i.message },
    expression: [i.column && i.column !== 'row' ? `row[${i.row}].${i.column}` : `row[${i.row}]`],
    extension: [{ url: IMPORT_ROW_EXTENSION, valueInteger: i.row }, ...(i.column ? [{ url: IMPORT_COLUMN_EXTENSION, valueString: i.column }] : [])],
  }));
  if (sorted.length > MAX_REPORTED) {
    listed.push({ severity: 'error', code: 'too-costly', details: { text: both(`另有${sorted.length - MAX_REPORTED}个错误未列出`, `${sorted.length - MAX_REPORTED} more problems are not listed`) } });
  }
  return new FhirError(400, [summary, ...listed]);
}
