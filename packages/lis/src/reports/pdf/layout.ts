import type { ReportTemplateOptions } from '../../contracts/results.ts';

/** Printable width in points of each page size (pdfmake's standard sizes), before margins. */
const PAGE_POINTS: Record<ReportTemplateOptions['pageSize'], [number, number]> = { A4: [595.28, 841.89], B5: [498.9, 708.66], A5: [419.53, 595.28] };

export const pageMargins = (options: ReportTemplateOptions): [number, number, number, number] => (options.pageSize === 'A5' ? [22, 20, 22, 20] : [32, 28, 32, 28]);

/** Width available to content on the page as the template lays it out. */
export function contentWidth(options: ReportTemplateOptions): number {
  const [w, h] = PAGE_POINTS[options.pageSize];
  const [left, , right] = pageMargins(options);
  return (options.orientation === 'landscape' ? h : w) - left - right;
}

/**
 * Single or double column (单列/双列): more result rows than the template's threshold print as two tables side by
 * side, so a 24-item blood count stays on one page and a 3-item report is not squeezed into half its width.
 */
export const columnsFor = (rows: number, options: ReportTemplateOptions): 1 | 2 => (rows > options.doubleColumnAbove ? 2 : 1);

/** Splits rows into the columns they print in, the first column taking the extra row. */
export function splitRows<T>(rows: T[], columns: 1 | 2): T[][] {
  if (columns === 1) return [rows];
  const half = Math.ceil(rows.length / 2);
  return [rows.slice(0, half), rows.slice(half)];
}
