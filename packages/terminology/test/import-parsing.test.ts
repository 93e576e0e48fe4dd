import ExcelJS from 'exceljs';
import { FhirError } from '@medunion/kernel';
import { describe, expect, it } from 'vitest';
import { mapColumns } from '../src/import/columns.ts';
import { parseCsv } from '../src/import/csv.ts';
import { decodeText, detectFormat } from '../src/import/decode.ts';
import { icd10Concepts, icd10Parent } from '../src/import/icd10-clinical.ts';
import { parseMultipart } from '../src/import/multipart.ts';
import { readTable } from '../src/import/read-table.ts';
import { checkParents, checkRows, rowErrors } from '../src/import/rows.ts';
import { encodeGbk } from './helpers/gbk.ts';

/** The error a call throws (so a test can look at its OperationOutcome). */
function thrown(fn: () => unknown): FhirError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FhirError) return err;
    throw err;
  }
  throw new Error('expected a FhirError');
}

describe('CSV', () => {
  it('reads quoted cells, escaped quotes, embedded line breaks and CRLF, numbering rows like a spreadsheet', () => {
    const rows = parseCsv('code,name\r\n01,"内科, 门诊"\r\n02,"说""明"\r\n03,"两\n行"\n');
    expect(rows).toEqual([
      { row: 1, cells: ['code', 'name'] },
      { row: 2, cells: ['01', '内科, 门诊'] },
      { row: 3, cells: ['02', '说"明'] },
      { row: 4, cells: ['03', '两\n行'] },
    ]);
  });

  it('reads tab-separated text when the header has tabs and no commas', () => {
    expect(parseCsv('code\tname\nA\t甲')[1].cells).toEqual(['A', '甲']);
  });

  it('refuses an unclosed quote, naming the row', () => {
    expect(thrown(() => parseCsv('code,name\n01,"内科\n')).message).toContain('Row 2 has an unclosed quote');
  });
});

describe('encodings and formats', () => {
  it('reads UTF-8 (with or without BOM) and GBK, and says which', () => {
    expect(decodeText(Buffer.from('code,name\n01,内科', 'utf8'))).toEqual({ text: 'code,name\n01,内科', encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('编码', 'utf8')])).text).toBe('编码');
    const gbk = encodeGbk('编码,名称\n01,呼吸内科');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow(); // really not UTF-8
    expect(decodeText(gbk)).toEqual({ text: '编码,名称\n01,呼吸内科', encoding: 'gbk' });
  });

  it('refuses bytes that are neither UTF-8 nor GBK, empty files and legacy .xls', () => {
    expect(thrown(() => decodeText(Buffer.from([0x30, 0x2c, 0xff, 0xff, 0xff]))).message).toContain('neither UTF-8 nor GBK');
    expect(thrown(() => detectFormat(Buffer.alloc(0))).message).toContain('empty');
    expect(thrown(() => detectFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).message).toContain('.xls');
  });

  it('reads the first worksheet of an .xlsx with sheet row numbers, numbers and rich text as text', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('科室');
    sheet.addRow(['编码', '名称']);
    sheet.addRow([101, { richText: [{ text: '呼吸' }, { text: '内科' }] }]);
    sheet.addRow([]);
    sheet.addRow(['102', '消化内科']);
    const table = await readTable(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(table.format).toBe('xlsx');
    expect(table.rows).toEqual([
      { row: 1, cells: ['编码', '名称'] },
      { row: 2, cells: ['101', '呼吸内科'] },
      { row: 4, cells: ['102', '消化内科'] },
    ]);
  });
});

describe('multipart/form-data', () => {
  it('separates the file part from the text fields', () => {
    const body = Buffer.from(
      '--b0\r\nContent-Disposition: form-data; name="kind"\r\n\r\nlab-items\r\n' +
        '--b0\r\nContent-Disposition: form-data; name="file"; filename="检验.csv"\r\nContent-Type: text/csv\r\n\r\ncode,name\r\nCBC,血常规\r\n' +
        '--b0--\r\n',
    );
    const form = parseMultipart(body, 'multipart/form-data; boundary=b0');
    expect(form.fields).toEqual({ kind: 'lab-items' });
    expect(form.files).toHaveLength(1);
    expect(form.files[0]).toMatchObject({ field: 'file', filename: '检验.csv', contentType: 'text/csv' });
    expect(form.files[0].data.toString('utf8')).toBe('code,name\r\nCBC,血常规');
  });

  it('refuses a body without its boundary or cut short', () => {
    expect(thrown(() => parseMultipart(Buffer.from('x'), 'multipart/form-data')).message).toContain('boundary');
    expect(thrown(() => parseMultipart(Buffer.from('--b0\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 'multipart/form-data; boundary=b0')).message).toContain('truncated');
  });
});

describe('columns', () => {
  it('maps English and Chinese headers', () => {
    expect([...mapColumns(['编码', ' 名称 ', '上级编码']).entries()]).toEqual([
      ['code', 0],
      ['name', 1],
      ['parent', 2],
    ]);
  });

  it('rejects missing and unknown columns with the expected list', () => {
    const err = thrown(() => mapColumns(['code', 'price']));
    expect(err.status).toBe(400);
    expect(err.issues[0].expression).toEqual(['header']);
    const text = err.issues[0].details!.text!;
    expect(text).toContain('missing column(s) name');
    expect(text).toContain('unrecognised column(s) "price"');
    expect(text).toContain('required: code (编码), name (名称)');
  });
});

describe('row checks', () => {
  const header = new Map([
    ['code', 0],
    ['name', 1],
    ['parent', 2],
  ] as const);

  it('collects every problem of every row: empty, too long, duplicate, bad code, extra cells', () => {
    const { rows, issues } = checkRows(
      [
        { row: 2, cells: ['01', '内科', ''] },
        { row: 3, cells: ['', '无编码', ''] },
        { row: 4, cells: ['01', '重复', ''] },
        { row: 5, cells: ['a|b', '竖线', ''] },
        { row: 6, cells: ['02', 'x'.repeat(501), ''] },
        { row: 7, cells: ['03', '多列', '', '多余'] },
        { row: 8, cells: ['', '', ''] },
      ],
      header as never,
      3,
    );
    expect(rows.map((r) => r.code)).toEqual(['01']);
    expect(issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [3, 'code', 'required'],
      [4, 'code', 'duplicate'],
      [5, 'code', 'invalid-code'],
      [6, 'name', 'too-long'],
      [7, 'row', 'extra-cells'],
    ]);
    expect(issues[1].message).toBe('第4行编码“01”与第2行重复 / Row 4: code "01" repeats row 2');
  });

  it('requires parents to be in the file and not to loop', () => {
    const issues = checkParents([
      { row: 2, code: 'a', name: 'A', parent: 'b' },
      { row: 3, code: 'b', name: 'B', parent: 'a' },
      { row: 4, code: 'c', name: 'C', parent: 'zz' },
    ]);
    expect(issues.map((i) => [i.row, i.code])).toEqual([
      [2, 'parent-cycle'],
      [3, 'parent-cycle'],
      [4, 'unknown-parent'],
    ]);
  });

  it('reports as a 400 OperationOutcome with a summary, then row and column per issue', () => {
    const err = rowErrors([{ row: 9, column: 'name', code: 'required', message: 'm' }]);
    expect(err.status).toBe(400);
    expect(err.issues[0].details!.text).toContain('1 row(s) have problems; nothing was imported');
    expect(err.issues[1]).toMatchObject({
      expression: ['row[9].name'],
      details: { coding: [{ code: 'required' }] },
      extension: [{ valueInteger: 9 }, { valueString: 'name' }],
    });
  });
});

describe('ICD-10 national clinical edition', () => {
  it('files codes under the nearest shorter code of the file, else under their block', () => {
    const known = new Set(['A01', 'A01.0', 'A01.000']);
    expect(icd10Parent('A01.000x002', known)).toBe('A01.000');
    expect(icd10Parent('A01.100', known)).toBe('A01');
    expect(icd10Parent('A01', known)).toBe('A00-A09');
    expect(icd10Parent('K35.800', new Set())).toBe('K35-K38');
    expect(icd10Parent('W54.000', new Set())).toBe('W00-X59');
  });

  it('puts chapters and blocks first and refuses codes that are not ICD-10', () => {
    const { concepts, issues } = icd10Concepts([
      { row: 2, code: 'A00', name: '霍乱' },
      { row: 3, code: 'A00.000', name: '古典生物型霍乱' },
      { row: 4, code: 'A00-A09', name: '肠道传染病（临床版）' },
      { row: 5, code: '1234', name: '不是编码' },
      { row: 6, code: 'U99.000', name: '无此节' },
    ]);
    expect(issues.map((i) => [i.row, i.code])).toEqual([
      [5, 'not-icd10'],
      [6, 'not-icd10'],
    ]);
    expect(concepts[0].code).toBe('I');
    expect(concepts.find((c) => c.code === 'A00-A09')?.display).toBe('肠道传染病（临床版）');
    expect(concepts.find((c) => c.code === 'A00.000')?.property).toEqual([
      { code: 'parent', valueCode: 'A00' },
      { code: 'kind', valueString: 'category' },
    ]);
  });
});
