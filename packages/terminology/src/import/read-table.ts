import { parseCsv, type TableRow } from './csv.ts';
import { decodeText, detectFormat, type FileFormat, type TextEncoding } from './decode.ts';
import { parseXlsx } from './xlsx.ts';

export interface Table {
  format: FileFormat;
  /** For CSV: the encoding it was read in. */
  encoding?: TextEncoding;
  rows: TableRow[];
}

/** Reads an uploaded file (CSV in UTF-8/GBK/UTF-16, or .xlsx) into rows. */
export async function readTable(bytes: Uint8Array): Promise<Table> {
  const format = detectFormat(bytes);
  if (format === 'xlsx') return { format, rows: await parseXlsx(bytes) };
  const { text, encoding } = decodeText(bytes);
  return { format, encoding, rows: parseCsv(text) };
}
