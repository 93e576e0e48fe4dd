import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { issueAt } from '../../http/errors.ts';

/** The columns an order import understands, with the header names people write (Chinese first). */
export const ORDER_COLUMNS = {
  requisition: ['申请单号', 'requisition'],
  patientId: ['患者ID', '患者id', 'patientId'],
  mrn: ['病历号', '门诊号', '住院号', 'mrn'],
  idCard: ['身份证号', '身份证', 'idCard'],
  name: ['姓名', '患者姓名', 'name'],
  patientType: ['病人类型', '患者类型', 'patientType'],
  department: ['科室', '开单科室', '申请科室', 'department'],
  ward: ['病区', 'ward'],
  bed: ['床号', 'bed'],
  requester: ['开单医生', '申请医生', 'requester'],
  priority: ['优先级', '急诊', 'priority'],
  diagnosis: ['临床诊断', '诊断', 'diagnosis'],
  panels: ['检验组合', '检验项目', 'panels'],
  note: ['备注', 'note'],
} as const;

export type OrderColumn = keyof typeof ORDER_COLUMNS;

/** The Chinese header of a column, for messages. */
export const columnTitle = (c: OrderColumn): string => ORDER_COLUMNS[c][0];

const normal = (h: string) => h.replace(/\s+/g, '').toLowerCase();

/**
 * Maps the header row to columns. Every header must be one we know (a wrong template is caught before any row is
 * read), `检验组合` is required and so is one way to name the patient (患者ID, 病历号 or 身份证号).
 */
export function mapHeader(cells: string[]): { columns: Map<number, OrderColumn>; issues: OperationOutcomeIssue[] } {
  const columns = new Map<number, OrderColumn>();
  const issues: OperationOutcomeIssue[] = [];
  const seen = new Set<OrderColumn>();
  cells.forEach((h, i) => {
    if (!h.trim()) return;
    const match = (Object.keys(ORDER_COLUMNS) as OrderColumn[]).find((c) => ORDER_COLUMNS[c].some((name) => normal(name) === normal(h)));
    if (!match) issues.push(issueAt(`header[${i + 1}]`, `第 ${i + 1} 列“${h}”不是可识别的列名`, `Column ${i + 1} "${h}" is not a known column`));
    else if (seen.has(match)) issues.push(issueAt(`header[${i + 1}]`, `列“${h}”重复`, `Column "${h}" appears twice`));
    else {
      seen.add(match);
      columns.set(i, match);
    }
  });
  if (!seen.has('panels')) issues.push(issueAt('header', '缺少“检验组合”列', 'The 检验组合 (panels) column is missing', 'required'));
  if (!seen.has('patientId') && !seen.has('mrn') && !seen.has('idCard')) issues.push(issueAt('header', '缺少患者列：患者ID、病历号或身份证号', 'A patient column is missing: 患者ID, 病历号 or 身份证号', 'required'));
  return { columns, issues };
}
