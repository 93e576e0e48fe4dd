import ExcelJS from 'exceljs';
import type { BreakdownRow, Dimension } from './queries.ts';
import type { Period } from './period.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const DIMENSION_NAMES: Record<Dimension, string> = { institution: '机构', item: '项目', department: '科室', doctor: '医生', reason: '不互认原因' };

interface Column {
  header: string;
  width: number;
  value(row: BreakdownRow): string | number | null;
}

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 10_000) / 100);

function columnsOf(by: Dimension): Column[] {
  const name: Column[] = [
    { header: `${DIMENSION_NAMES[by]}代码`, width: 20, value: (r) => r.key },
    { header: DIMENSION_NAMES[by], width: 24, value: (r) => r.label },
  ];
  if (by === 'reason') return [...name, { header: '不互认次数', width: 12, value: (r) => r.refused }];
  const decided: Column[] = [
    { header: '互认次数', width: 12, value: (r) => r.recognized },
    { header: '不互认次数', width: 12, value: (r) => r.refused },
    { header: '互认率(%)', width: 12, value: (r) => percent(r.rate) },
    { header: '节约费用(元)', width: 14, value: (r) => r.moneySaved },
  ];
  if (by !== 'institution') return [...name, ...decided];
  return [
    ...name,
    { header: '上传报告数', width: 12, value: (r) => r.uploads ?? 0 },
    ...decided.map((c) => ({ ...c, header: `本机构医生${c.header}` })),
    { header: '本机构结果被互认', width: 16, value: (r) => r.producerRecognized ?? 0 },
    { header: '本机构结果被拒绝', width: 16, value: (r) => r.producerRefused ?? 0 },
    { header: '为他院节约费用(元)', width: 18, value: (r) => r.producerMoneySaved ?? 0 },
  ];
}

/**
 * A breakdown as an Excel workbook, laid out like the platform's FHIR Excel export (title row, bold frozen header,
 * one row per group). A breakdown has at most a few thousand rows, so it is built in memory — an error is still a
 * clean 4xx/5xx rather than a broken download.
 */
export async function breakdownWorkbook(by: Dimension, period: Period, scopeLabel: string, rows: BreakdownRow[]): Promise<Buffer> {
  const columns = columnsOf(by);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`按${DIMENSION_NAMES[by]}`, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const title = sheet.addRow([`互认统计（按${DIMENSION_NAMES[by]}）${scopeLabel} ${period.from} 至 ${period.to}`]);
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** ASCII `filename` for old clients, RFC 5987 `filename*` with the Chinese name. */
export function attachmentName(by: Dimension, period: Period): string {
  const ascii = `recognition-${by}-${period.from}-${period.to}.xlsx`;
  const zh = encodeURIComponent(`互认统计-按${DIMENSION_NAMES[by]}-${period.from}-${period.to}.xlsx`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${zh}`;
}
