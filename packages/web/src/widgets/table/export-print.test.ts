import { describe, expect, it } from 'vitest';
import { filenameFromDisposition } from '../../api/content-disposition.ts';
import { excelWidth, exportColumns, sheetName } from './export-request.ts';
import { tableDocument } from './print-document.ts';

describe('Excel export request', () => {
  it('exports the visible columns that have an expression, widths in characters', () => {
    const cols = exportColumns([
      { key: 'name', title: '姓名', expression: 'name.first()', width: 140 },
      { key: 'actions', title: '操作' },
      { key: 'id', title: 'ID', expression: 'id' },
    ]);
    expect(cols).toEqual([
      { header: '姓名', expression: 'name.first()', width: 20 },
      { header: 'ID', expression: 'id', width: undefined },
    ]);
    expect(excelWidth(10)).toBe(6);
    expect(excelWidth(2000)).toBe(80);
  });

  it('makes sheet names Excel accepts', () => {
    expect(sheetName('科室/病区: 清单[2026]')).toBe('科室 病区  清单 2026');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(sheetName(' / ')).toBe('Sheet1');
  });

  it("reads the server's file name, preferring the RFC 5987 form", () => {
    expect(filenameFromDisposition(`attachment; filename="Patient-202611221030.xlsx"; filename*=UTF-8''%E6%82%A3%E8%80%85-202611221030.xlsx`)).toBe('患者-202611221030.xlsx');
    expect(filenameFromDisposition('attachment; filename="Patient-1.xlsx"')).toBe('Patient-1.xlsx');
    expect(filenameFromDisposition('attachment; filename=plain.xlsx')).toBe('plain.xlsx');
    expect(filenameFromDisposition(`attachment; filename="a.xlsx"; filename*=UTF-8''%E0%A4%A`)).toBe('a.xlsx');
    expect(filenameFromDisposition('attachment')).toBeUndefined();
    expect(filenameFromDisposition(null)).toBeUndefined();
  });
});

describe('table printout', () => {
  it('is a pdfmake document: title, subtitle, a table whose header repeats on every page', () => {
    const doc = tableDocument({ title: '科室清单', headers: ['名称', '编码'], rows: [['内科', 'NK']], subtitle: ['打印时间：2026-11-22 10:30', '打印人：管理员'], pageFooter: '第 {page} 页 / 共 {pages} 页' });
    expect(doc.pageOrientation).toBe('portrait');
    expect(doc.content[0]).toEqual({ text: '科室清单', style: 'title' });
    expect(doc.content[1]).toEqual({ text: '打印时间：2026-11-22 10:30    打印人：管理员', style: 'subtitle' });
    const table = (doc.content[2] as { table: { headerRows: number; body: { text: string }[][] } }).table;
    expect(table.headerRows).toBe(1);
    expect(table.body.map((r) => r.map((c) => c.text))).toEqual([
      ['名称', '编码'],
      ['内科', 'NK'],
    ]);
    // The page number is a template the print server fills in on every page.
    expect(doc.footer).toMatchObject({ text: '第 {page} 页 / 共 {pages} 页', alignment: 'center' });
    // Plain JSON: the server receives it as the request body.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('turns to landscape for wide tables', () => {
    const headers = Array.from({ length: 8 }, (_, i) => `列${i}`);
    expect(tableDocument({ title: 't', headers, rows: [], subtitle: [], pageFooter: '{page}' }).pageOrientation).toBe('landscape');
  });
});
