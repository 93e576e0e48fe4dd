/** pdfmake document definition as JSON (what `POST /api/print/pdf` accepts): only the parts the table printout uses. */
export type TablePrintDocument = {
  pageSize: 'A4';
  pageOrientation: 'portrait' | 'landscape';
  pageMargins: [number, number, number, number];
  info: { title: string };
  /** A template the print server numbers on every page (`{page}`, `{pages}`); functions cannot travel as JSON. */
  footer: { text: string; alignment: 'center'; fontSize: number; color: string; margin: [number, number, number, number] };
  content: unknown[];
  styles: Record<string, Record<string, unknown>>;
  defaultStyle: Record<string, unknown>;
};

export interface PrintInput {
  title: string;
  /** Header of each printed column, in the order shown. */
  headers: string[];
  /** One row per resource: the text of each column. */
  rows: string[][];
  /** Lines under the title: print time, printed by, the range of rows. */
  subtitle: string[];
  /** Footer of every page, with `{page}` and `{pages}` left for the print server: '第 {page} 页 / 共 {pages} 页'. */
  pageFooter: string;
}

/** More than this many columns do not fit on a portrait A4 page at 8 pt. */
const PORTRAIT_MAX_COLUMNS = 6;

/**
 * The printout of one table page: title, who printed it when and which rows, then the rows in a table whose header
 * repeats on every page, and the page number in every page's footer. Column widths follow the content ('auto') until the page is full, then wrap ('*').
 */
export function tableDocument({ title, headers, rows, subtitle, pageFooter }: PrintInput): TablePrintDocument {
  const landscape = headers.length > PORTRAIT_MAX_COLUMNS;
  return {
    pageSize: 'A4',
    pageOrientation: landscape ? 'landscape' : 'portrait',
    pageMargins: [28, 36, 28, 40],
    info: { title },
    // Sits in the 40 pt bottom margin.
    footer: { text: pageFooter, alignment: 'center', fontSize: 8, color: '#595959', margin: [0, 14, 0, 0] },
    content: [
      { text: title, style: 'title' },
      { text: subtitle.join('    '), style: 'subtitle' },
      {
        table: {
          headerRows: 1,
          widths: headers.map(() => (headers.length > 3 ? '*' : 'auto')),
          body: [headers.map((h) => ({ text: h, style: 'th' })), ...rows.map((r) => r.map((cell) => ({ text: cell })))],
        },
        layout: 'lightHorizontalLines',
      },
    ],
    styles: {
      title: { fontSize: 14, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 8, color: '#595959', alignment: 'center', margin: [0, 0, 0, 8] },
      th: { bold: true, fillColor: '#fafafa' },
    },
    defaultStyle: { fontSize: 8 },
  };
}
