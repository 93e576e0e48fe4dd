import { badRequest } from '@medunion/kernel';
import { both } from './messages.ts';

/** One record of a table file with its row number as a spreadsheet shows it (the header is row 1). */
export interface TableRow {
  row: number;
  cells: string[];
}

/**
 * RFC 4180 CSV: quoted fields with `""` escapes and embedded line breaks, CRLF or LF line ends. A header
 * with tabs and no commas makes the file tab-separated (what Excel's "Unicode text" export writes).
 */
export function parseCsv(text: string): TableRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let record = 1;
  const endCell = () => {
    cells.push(cell);
    cell = '';
  };
  const endRecord = () => {
    endCell();
    rows.push({ row: record++, cells });
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else cell += ch;
  }
  if (quoted) throw badRequest(both(`第${record}行有未闭合的引号`, `Row ${record} has an unclosed quote`), 'file');
  if (cell !== '' || cells.length > 0) endRecord();
  return rows;
}
