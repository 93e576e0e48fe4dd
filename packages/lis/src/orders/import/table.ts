import ExcelJS from 'exceljs';
import { fieldError } from '../../http/errors.ts';

/** One row of a spreadsheet or CSV file with its row number as the user sees it (header = row 1). */
export interface TableRow {
  row: number;
  cells: string[];
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/**
 * Text of a CSV file. Windows tools in China save CSV in GBK unless told otherwise, so: a byte-order mark decides;
 * else strict UTF-8; else strict GB18030 (a superset of GBK); anything else is refused rather than read as mojibake.
 */
export function decodeCsvText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' | 'utf-16le' } {
  const strict = (label: string, b: Uint8Array) => new TextDecoder(label, { fatal: true }).decode(b);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: strict('utf-8', bytes.subarray(3)), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: strict('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  for (const [label, encoding] of [
    ['utf-8', 'utf-8'],
    ['gb18030', 'gbk'],
  ] as const) {
    try {
      const text = strict(label, bytes);
      if (!text.includes('\u0000')) return { text, encoding };
    } catch {
      // not this encoding: try the next
    }
  }
  throw fieldError(400, 'file', '文件既不是 UTF-8 也不是 GBK 编码的文本', 'The file is neither UTF-8 nor GBK text', 'invalid');
}

/** RFC 4180 CSV: quoted fields with doubled quotes and line breaks, CRLF or LF rows; blank lines skipped. */
export function parseCsv(text: string): TableRow[] {
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) rows.push({ row: rowStart, cells: cells.map((c) => c.trim()) });
    cells = [];
    cell = '';
    rowStart = line;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
      endRow();
    } else cell += ch;
  }
  if (quoted) throw fieldError(400, 'file', `CSV 第 ${rowStart} 行的引号未闭合`, `Unclosed quote in CSV row ${rowStart}`);
  if (cell !== '' || cells.length) endRow();
  return rows;
}

/** The text of a cell as the user sees it: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text).trim();
  return '';
}

async function parseXlsx(bytes: Uint8Array): Promise<TableRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    throw fieldError(400, 'file', '无法读取该 Excel 文件（.xlsx 已损坏或不是工作簿）', 'The Excel file cannot be read (a damaged .xlsx or not a workbook)');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fieldError(400, 'file', '工作簿中没有工作表', 'The workbook has no worksheet');
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based: index 0 is unused
    const cells = values.slice(1).map((v) => cellText(v));
    if (cells.some((c) => c !== '')) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** Rows of an uploaded table, by content: .xlsx (a ZIP container), else CSV text in UTF-8 or GBK; .xls is refused. */
export async function readTable(bytes: Uint8Array): Promise<{ format: 'xlsx' | 'csv'; rows: TableRow[] }> {
  if (bytes.length === 0) throw fieldError(400, 'file', '文件为空', 'The file is empty', 'required');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { format: 'xlsx', rows: await parseXlsx(bytes) };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) throw fieldError(400, 'file', '不支持 Excel 97-2003（.xls）格式，请另存为 .xlsx 或 CSV', 'Excel 97-2003 (.xls) files are not supported; save as .xlsx or CSV', 'not-supported');
  return { format: 'csv', rows: parseCsv(decodeCsvText(bytes).text) };
}
