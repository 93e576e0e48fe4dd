import ExcelJS from 'exceljs';
import { badRequest } from '@medunion/kernel';
import type { TableRow } from './csv.ts';
import { both } from './messages.ts';

/** The text of a cell as the user sees it: rich text joined, formulas by their result, numbers without exponent noise. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return String(value);
}

/** Rows of the first worksheet of an .xlsx file, with their sheet row numbers. */
export async function parseXlsx(bytes: Uint8Array): Promise<TableRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    throw badRequest(both('无法读取该 Excel 文件（.xlsx 已损坏或不是工作簿）', 'The Excel file cannot be read (a damaged .xlsx or not a workbook)'), 'file');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badRequest(both('工作簿中没有工作表', 'The workbook has no worksheet'), 'file');
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based: index 0 is unused
    rows.push({ row: rowNumber, cells: values.slice(1).map((v) => cellText(v)) });
  });
  return rows;
}
