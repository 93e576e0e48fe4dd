import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { loadCatalogue } from '../../catalogue/lookup.ts';
import type { LabOrderImportResult, LabOrderInput, LabPatientType } from '../../contracts/specimens.ts';
import type { PanelDefinition } from '../../ports.ts';
import { duplicateWarning, prepareOrder, underPath, writeOrderIn, type PreparedOrder } from '../create.ts';
import { findPractitioner } from '../parties.ts';
import { columnTitle, mapHeader, type OrderColumn } from './columns.ts';
import { readTable, type TableRow } from './table.ts';
import { issueAt } from '../../http/errors.ts';

const PATIENT_TYPES: Record<string, LabPatientType> = { 门诊: '1', 急诊: '2', 住院: '3', 体检: '4', '1': '1', '2': '2', '3': '3', '4': '4' };
const STAT = new Set(['急', '急诊', '加急', '是', 'stat', 's', 'urgent']);
const ROUTINE = new Set(['', '常规', '否', '普通', 'routine', 'r']);
/** Panels in one cell: separated by commas, 、, semicolons or spaces (half- or full-width). */
const PANEL_SEPARATORS = /[,，、;；\s]+/;

/** Most rows one import takes (a day's batch of a health-check campaign fits easily). */
export const MAX_IMPORT_ROWS = 2000;

const rowPath = (row: number, column?: OrderColumn) => `rows[${row}]${column ? `.${column}` : ''}`;
const rowIssue = (row: number, column: OrderColumn | undefined, zh: string, en: string, code: OperationOutcomeIssue['code'] = 'invalid') =>
  issueAt(rowPath(row, column), `第 ${row} 行${column ? `「${columnTitle(column)}」` : ''}：${zh}`, `Row ${row}${column ? ` (${column})` : ''}: ${en}`, code);

/** A panel named by its code or its exact name, as people type them into a sheet. */
function panelNamed(token: string, panels: Map<string, PanelDefinition>): PanelDefinition | undefined {
  return panels.get(token) ?? panels.get(token.toUpperCase()) ?? [...panels.values()].find((p) => p.name === token);
}

/** One sheet row as an order input, or the problems of its cells. */
function rowToInput(r: TableRow, columns: Map<number, OrderColumn>, panels: Map<string, PanelDefinition>): { input?: LabOrderInput & { name?: string; requesterText?: string }; issues: OperationOutcomeIssue[] } {
  const v: Partial<Record<OrderColumn, string>> = {};
  for (const [i, c] of columns) if (r.cells[i]) v[c] = r.cells[i];
  const issues: OperationOutcomeIssue[] = [];
  if (!v.patientId && !v.mrn && !v.idCard) issues.push(rowIssue(r.row, 'mrn', '缺少患者（患者ID、病历号或身份证号）', 'no patient (patient id, MRN or ID card)', 'required'));
  const codes: string[] = [];
  for (const token of (v.panels ?? '').split(PANEL_SEPARATORS).filter(Boolean)) {
    const panel = panelNamed(token, panels);
    if (panel) codes.push(panel.code);
    else issues.push(rowIssue(r.row, 'panels', `未知或已停用的检验组合“${token}”`, `unknown or retired panel "${token}"`, 'code-invalid'));
  }
  if (!v.panels) issues.push(rowIssue(r.row, 'panels', '缺少检验组合', 'no panel', 'required'));
  const patientType = v.patientType ? PATIENT_TYPES[v.patientType] : undefined;
  if (v.patientType && !patientType) issues.push(rowIssue(r.row, 'patientType', `病人类型“${v.patientType}”应为 门诊、急诊、住院 或 体检`, `patient type "${v.patientType}" must be 门诊, 急诊, 住院 or 体检`));
  const priority = (v.priority ?? '').toLowerCase();
  if (!STAT.has(priority) && !ROUTINE.has(priority)) issues.push(rowIssue(r.row, 'priority', `优先级“${v.priority}”应为 常规 或 急诊`, `priority "${v.priority}" must be 常规 or 急诊`));
  if (v.requisition && !/^[A-Za-z0-9\-_.]{1,32}$/.test(v.requisition)) issues.push(rowIssue(r.row, 'requisition', '申请单号只能含字母、数字和 - _ .（最长 32）', 'requisition: letters, digits and - _ . only (32 at most)'));
  if (issues.length) return { issues };
  return {
    issues,
    input: {
      patient: { ...(v.patientId ? { id: v.patientId } : {}), ...(v.mrn ? { mrn: v.mrn } : {}), ...(v.idCard ? { idCard: v.idCard } : {}) },
      ...(v.requisition ? { requisition: v.requisition } : {}),
      panels: [...new Set(codes)],
      ...(patientType ? { patientType } : {}),
      ...(v.department ? { department: v.department } : {}),
      ...(v.ward ? { ward: v.ward } : {}),
      ...(v.bed ? { bed: v.bed } : {}),
      priority: STAT.has(priority) ? 'stat' : 'routine',
      ...(v.diagnosis ? { diagnosis: v.diagnosis } : {}),
      ...(v.note ? { note: v.note } : {}),
      ...(v.name ? { name: v.name } : {}),
      ...(v.requester ? { requesterText: v.requester } : {}),
    },
  };
}

/**
 * Excel/CSV order import (检验申请批量导入): one requisition per row. The header must be a known template; every
 * row is checked and resolved (patient, name against the patient, panels by code or name, department, doctor)
 * before anything is written, and any problem in any row refuses the whole file with every problem listed by row and
 * column (422; 400 for an unreadable file or header). Duplicates of unreported orders are a 409 warning unless
 * confirmed. Then all requisitions are written in one transaction: nothing is ever half-imported.
 */
export async function importLabOrders(ctx: ModuleContext, request: RequestContext, institution: string, bytes: Uint8Array, opts: { confirmDuplicates?: boolean; accession?: boolean }): Promise<LabOrderImportResult> {
  const { rows } = await readTable(bytes);
  if (!rows.length) throw new FhirError(400, [issueAt('file', '文件中没有内容', 'The file has no rows', 'required')]);
  const { columns, issues: headerIssues } = mapHeader(rows[0].cells);
  if (headerIssues.length) throw new FhirError(400, headerIssues);
  const data = rows.slice(1);
  if (!data.length) throw new FhirError(400, [issueAt('file', '文件只有表头，没有申请数据', 'The file has a header but no rows', 'required')]);
  if (data.length > MAX_IMPORT_ROWS) throw new FhirError(400, [issueAt('file', `一次最多导入 ${MAX_IMPORT_ROWS} 行`, `At most ${MAX_IMPORT_ROWS} rows per import`, 'too-costly')]);

  const { panels } = await loadCatalogue(ctx, institution);
  const issues: OperationOutcomeIssue[] = [];
  const prepared: PreparedOrder[] = [];
  const requisitions = new Map<string, number>();
  for (const r of data) {
    const { input, issues: cellIssues } = rowToInput(r, columns, panels);
    issues.push(...cellIssues);
    if (!input) continue;
    if (input.requisition) {
      const first = requisitions.get(input.requisition);
      if (first !== undefined) {
        issues.push(rowIssue(r.row, 'requisition', `申请单号 ${input.requisition} 与第 ${first} 行重复`, `requisition ${input.requisition} repeats row ${first}`, 'duplicate'));
        continue;
      }
      requisitions.set(input.requisition, r.row);
    }
    try {
      if (input.requesterText) {
        const doctor = await findPractitioner(ctx, request, input.requesterText, true);
        if (!doctor?.id) {
          issues.push(rowIssue(r.row, 'requester', `找不到唯一的医生“${input.requesterText}”`, `no single practitioner "${input.requesterText}"`, 'not-found'));
          continue;
        }
        input.requester = doctor.id;
      }
      const p = await prepareOrder(ctx, request, institution, { ...input, accession: !!opts.accession }, rowPath(r.row));
      const stored = p.facts.patient.name;
      if (input.name && stored && input.name !== stored) {
        issues.push(rowIssue(r.row, 'name', `姓名“${input.name}”与该患者（${stored}）不符`, `name "${input.name}" does not match the patient (${stored})`, 'business-rule'));
        continue;
      }
      prepared.push(p);
    } catch (err) {
      if (!(err instanceof FhirError) || err.status >= 500) throw err;
      issues.push(...underPath(err, '').map((i) => ({ ...i, details: { text: `第 ${r.row} 行：${i.details?.text ?? ''}` } })));
    }
  }
  if (issues.length) throw new FhirError(422, issues);
  if (!opts.confirmDuplicates && prepared.some((p) => p.duplicates.length)) throw duplicateWarning(prepared);
  const written = await ctx.store.inUnit(request, async (unit) => {
    const out = [];
    for (const p of prepared) out.push(await writeOrderIn(ctx, unit, request, p));
    return out;
  });
  return { rows: data.length, requisitions: written };
}
