import type { AuditEvent, Bundle, BundleEntry } from '@medplum/fhirtypes';
import ExcelJS from 'exceljs';
import { SYSTEM_PRINCIPAL } from '@medunion/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { idCardCheckDigit } from '../../src/bootstrap/demo-region.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { expectOutcome, json, tag } from './helpers.ts';

const factories = await testDbFactories();
const ID_CARD = 'urn:oid:2.16.156.10011.1.3';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROWS = 2_600;

/** A valid resident ID card per row: born 1990-01-01…03, sequence 000–999. */
function idCardOf(i: number): string {
  const first17 = `11010119900${100 + Math.floor(i / 1000) + 1}${String(i % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckDigit(first17);
}

async function readWorkbook(res: Response): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0];
}

describe.each(factories)('Excel export over HTTP on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  const run = tag();
  const family = `Xls${run}`;

  beforeAll(async () => {
    // The patient index would match these 2,600 patients in the background; export is the subject here, not matching.
    t = await startTestPlatform(factory, { MEDUNION_MODULES: '-mpi' });
    admin = await t.login('admin');
    // Seeded through the store in transactions of 200 (fast); the export itself goes over HTTP.
    for (let start = 0; start < ROWS; start += 200) {
      const entry: BundleEntry[] = Array.from({ length: 200 }, (_, k) => {
        const i = start + k;
        const n = String(i).padStart(4, '0');
        return {
          resource: {
            resourceType: 'Patient',
            identifier: [{ system: ID_CARD, value: idCardOf(i) }],
            name: [{ text: `测试患者${n}`, family, given: [n, `第${i}号`] }],
            multipleBirthInteger: i,
          },
          request: { method: 'POST', url: 'Patient' },
        };
      });
      await t.platform.kernel.store.bundle({ principal: SYSTEM_PRINCIPAL }, { resourceType: 'Bundle', type: 'transaction', entry } as Bundle);
    }
  });
  afterAll(async () => t?.close());

  const exportXlsx = (token: string, body: unknown, type = 'Patient') =>
    t.request('POST', `/api/export/${type}/xlsx`, { token, body, headers: { 'content-type': 'application/json' } });

  it(`exports all ${ROWS} matching resources, paged and streamed, with a title, bold frozen header and CJK text`, async () => {
    const res = await exportXlsx(admin, {
      query: `family=${family}`,
      sheetName: '患者列表',
      title: '青山县 患者导出',
      columns: [
        { header: '姓名', expression: 'name.text', width: 20 },
        { header: '身份证号', expression: `identifier.where(system='${ID_CARD}').value`, width: 22 },
        { header: '名', expression: 'name.given' },
        { header: '序号', expression: 'multipleBirth' },
        { header: '姓名对象', expression: 'name' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="Patient-\d{12}\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toMatch(/^患者列表-\d{12}\.xlsx$/);

    const sheet = await readWorkbook(res);
    expect(sheet.name).toBe('患者列表');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.getCell('A1').value).toBe('青山县 患者导出');
    expect(sheet.getCell('A1').isMerged && sheet.getCell('E1').isMerged).toBe(true);
    const header = sheet.getRow(2);
    expect(header.values).toEqual([undefined, '姓名', '身份证号', '名', '序号', '姓名对象']);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(20);
    expect(sheet.rowCount).toBe(2 + ROWS);

    // Every patient exactly once, each row consistent with itself; several results are joined with "；".
    const seen = new Set<number>();
    sheet.eachRow((row, rowNumber) => {
      if (rowNumber <= 2) return;
      const i = row.getCell(4).value as number;
      const n = String(i).padStart(4, '0');
      expect(row.values).toEqual([undefined, `测试患者${n}`, idCardOf(i), `${n}；第${i}号`, i, `测试患者${n}`]);
      seen.add(i);
    });
    expect(seen.size).toBe(ROWS);
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(ROWS - 1);

    const audit = await json<{ entries: AuditEvent[] }>(await t.request('GET', '/api/audit?action=export&resourceType=Patient&count=10', { token: admin }));
    const entry = audit.entries.find((e) => e.outcomeDesc?.includes('Excel'));
    expect(entry?.outcomeDesc).toBe(`${ROWS} rows exported to Excel`);
  });

  it('without a title the header is the first row; an empty result is a header-only sheet named after the type', async () => {
    const sheet = await readWorkbook(await exportXlsx(admin, { query: `family=Nobody${run}`, columns: [{ header: 'ID', expression: 'id' }] }));
    expect(sheet.name).toBe('Patient');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.rowCount).toBe(1);
    expect(sheet.getCell('A1').value).toBe('ID');
  });

  it('refuses a bad FHIRPath expression, naming the column, before anything is exported', async () => {
    const syntax = await expectOutcome(await exportXlsx(admin, { query: `family=${family}`, columns: [{ header: '姓名', expression: 'name.text' }, { header: '坏列', expression: 'name.given[' }] }), 400);
    expect(syntax.issue?.[0].expression).toEqual(['columns[1].expression']);
    expect(syntax.issue?.[0].details?.text).toContain('坏列');
    const unknownFunction = await expectOutcome(await exportXlsx(admin, { columns: [{ header: 'x', expression: 'name.nosuchfunction()' }] }), 400);
    expect(unknownFunction.issue?.[0].expression).toEqual(['columns[0].expression']);
  });

  it('refuses malformed requests and unknown search parameters with a 400 naming the field', async () => {
    const field = async (body: unknown) => (await expectOutcome(await exportXlsx(admin, body), 400)).issue?.[0].expression?.[0];
    expect(await field({ columns: [] })).toBe('columns');
    expect(await field({ columns: Array.from({ length: 51 }, () => ({ header: 'x', expression: 'id' })) })).toBe('columns');
    expect(await field({ columns: [{ header: 'x' }] })).toBe('columns[0].expression');
    expect(await field({ columns: [{ header: 'x', expression: 'id', width: 0 }] })).toBe('columns[0].width');
    expect(await field({ query: 7, columns: [{ header: 'x', expression: 'id' }] })).toBe('query');
    expect(await field({ query: 'nosuchparam=1', columns: [{ header: 'x', expression: 'id' }] })).toBe('nosuchparam');
    await expectOutcome(await exportXlsx(admin, { columns: [{ header: 'x', expression: 'id' }] }, 'NoSuchType'), [400, 404]);
  });

  it('needs data.export: a nurse gets 403, an anonymous caller 401', async () => {
    const nurse = await t.login('lead.nurse');
    await expectOutcome(await exportXlsx(nurse, { columns: [{ header: 'x', expression: 'id' }] }), 403);
    await expectOutcome(await t.request('POST', '/api/export/Patient/xlsx', { body: { columns: [{ header: 'x', expression: 'id' }] } }), 401);
  });

  it('goes through the store with interface export: a policy hiding VIPs from exports applies, FHIR search is unaffected', async () => {
    const doctor = await t.login('lead.doctor');
    const body = { query: '_id=demo-p1,demo-p2,demo-p5&_sort=_id', columns: [{ header: 'ID', expression: 'id' }, { header: '姓名', expression: 'name.text' }] };
    const before = await readWorkbook(await exportXlsx(doctor, body));
    expect(before.getColumn(1).values.slice(2)).toEqual(['demo-p1', 'demo-p2', 'demo-p5']);

    const policy = { name: '特殊患者不得导出 / no VIP exports', effect: 'deny', access: ['read'], subjects: { roles: ['doctor'] }, interfaces: ['export'], patientCategories: ['VIP'] };
    expect((await t.request('PUT', `/api/admin/policies/no-vip-export-${run}`, { token: admin, body: policy, headers: { 'content-type': 'application/json' } })).status).toBe(200);
    const after = await readWorkbook(await exportXlsx(doctor, body));
    expect(after.getColumn(1).values.slice(2)).toEqual(['demo-p1', 'demo-p2']);
    expect(after.getColumn(2).values.slice(2)).toEqual(['张三丰', '李秀英']);
    const search = await json<Bundle>(await t.request('GET', '/fhir/R4/Patient?_id=demo-p5', { token: doctor }));
    expect(search.entry?.map((e) => e.resource?.id)).toEqual(['demo-p5']);
  });
});
