import ExcelJS from 'exceljs';
import type { Bundle, OperationOutcome, Parameters, ValueSet } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import type { ImportResult } from '../src/import/import-service.ts';
import { ICD10_CHAPTERS } from '../src/seed/icd10.ts';
import { encodeGbk } from './helpers/gbk.ts';

const factories = await testDbFactories();

const LAB_ITEMS = 'https://medunion.org/fhir/CodeSystem/dictionary/lead-hospital/lab-items';
const ICD10 = 'urn:oid:2.16.156.10011.2.3.3.11';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function multipart(fields: Record<string, string>, file: { name: string; type: string; data: Buffer }): { body: Buffer; contentType: string } {
  const boundary = '----medunion-test-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('字典');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const display = (p: Parameters) => p.parameter?.find((x) => x.name === 'display')?.valueString;
const parents = (p: Parameters) =>
  (p.parameter ?? []).filter((x) => x.name === 'property' && x.part?.[0]?.valueCode === 'parent').map((x) => x.part![1].valueCode);

describe.each(factories)('dictionary import over HTTP on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  let leadAdmin: string;
  let doctor: string;

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    [admin, leadAdmin, doctor] = await Promise.all([t.login('admin'), t.login('lead.admin'), t.login('lead.doctor')]);
  });
  afterAll(async () => t?.close());

  const upload = async (query: Record<string, string>, body: Buffer | string, contentType: string, token = leadAdmin) => {
    const res = await fetch(`${t.url}/api/terminology/import?${new URLSearchParams(query)}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
    return { status: res.status, body: (await res.json()) as ImportResult & OperationOutcome };
  };
  const get = async <T>(path: string, token = doctor) => (await (await t.request('GET', path, { token })).json()) as T;
  const versionsOf = async (url: string) =>
    ((await get<Bundle>(`/fhir/R4/CodeSystem?url=${encodeURIComponent(url)}&_elements=version`, admin)).entry ?? []).map((e) => (e.resource as { version?: string }).version).sort();

  it('imports a UTF-8 CSV as version 1 of the institution dictionary, searchable by pinyin at once', async () => {
    const csv = 'code,name,alias\nCBC,血常规,全血细胞计数\nUA,尿常规,\nLFT,肝功能,\n';
    const { status, body } = await upload({ kind: 'lab-items' }, csv, 'text/csv');
    expect(status).toBe(201);
    expect(body).toMatchObject({ rows: 3, format: 'csv', encoding: 'utf-8', codeSystem: { url: LAB_ITEMS, version: '1', count: 3, institution: 'lead-hospital', kind: 'lab-items', title: '检验项目字典（青山县人民医院）v1' } });
    const expansion = await get<ValueSet>(`/fhir/R4/ValueSet/$expand?url=${encodeURIComponent(`${LAB_ITEMS}?fhir_vs`)}&filter=gg`);
    expect(expansion.expansion!.contains!.map((c) => c.display)).toEqual(['肝功能']);
  });

  it('imports a GBK CSV sent as multipart/form-data as the next version, decoding it right', async () => {
    const gbk = encodeGbk('编码,名称\r\nCBC,血常规\r\nUA,尿常规\r\nGLU,血糖\r\nCRP,C反应蛋白\r\n');
    const form = multipart({ kind: 'lab-items' }, { name: '检验项目.csv', type: 'text/csv', data: gbk });
    const { status, body } = await upload({}, form.body, form.contentType);
    expect(status).toBe(201);
    expect(body).toMatchObject({ encoding: 'gbk', rows: 4, codeSystem: { version: '2' } });
    expect(display(await get<Parameters>(`/fhir/R4/CodeSystem/$lookup?system=${encodeURIComponent(LAB_ITEMS)}&code=CRP`))).toBe('C反应蛋白');
    // The current version answers by default; the first stays readable by its version.
    expect((await (await t.request('GET', `/fhir/R4/CodeSystem/$lookup?system=${encodeURIComponent(LAB_ITEMS)}&code=LFT`, { token: doctor })).status)).toBe(404);
    expect(display(await get<Parameters>(`/fhir/R4/CodeSystem/$lookup?system=${encodeURIComponent(LAB_ITEMS)}&code=LFT&version=1`))).toBe('肝功能');
  });

  it('imports an .xlsx with a hierarchy from its parent column', async () => {
    const xlsx = await workbook([
      ['编码', '名称', '上级编码'],
      ['NK', '内科', null],
      ['NK01', '呼吸内科', 'NK'],
      ['NK02', '消化内科', 'NK'],
      ['WK', '外科', null],
    ]);
    const { status, body } = await upload({ kind: 'departments', title: '县医院科室' }, xlsx, XLSX);
    expect(status).toBe(201);
    expect(body).toMatchObject({ format: 'xlsx', rows: 4, codeSystem: { title: '县医院科室', version: '1' } });
    const url = encodeURIComponent(body.codeSystem.url);
    expect(parents(await get<Parameters>(`/fhir/R4/CodeSystem/$lookup?system=${url}&code=NK02`))).toEqual(['NK']);
    const subsumes = await get<Parameters>(`/fhir/R4/CodeSystem/$subsumes?system=${url}&codeA=NK&codeB=NK01`);
    expect(subsumes.parameter![0].valueCode).toBe('subsumes');
  });

  it('reports every bad row with its row number and column and imports nothing', async () => {
    const csv = 'code,name,parent\nA1,甲,\n,无编码,\nA1,重复,\nB1,,\nC1,丙,ZZ\n';
    const { status, body } = await upload({ kind: 'lab-items' }, csv, 'text/csv');
    expect(status).toBe(400);
    expect(body.issue[0].details?.text).toBe('4行有错误，未导入任何数据 / 4 row(s) have problems; nothing was imported');
    const rows = body.issue.slice(1).map((i) => [i.extension?.find((e) => e.url.endsWith('import-row'))?.valueInteger, i.extension?.find((e) => e.url.endsWith('import-column'))?.valueString, i.details?.coding?.[0].code]);
    expect(rows).toEqual([
      [3, 'code', 'required'],
      [4, 'code', 'duplicate'],
      [5, 'name', 'required'],
      [6, 'parent', 'unknown-parent'],
    ]);
    expect(await versionsOf(LAB_ITEMS)).toEqual(['1', '2']);
  });

  it('refuses wrong columns listing the expected ones, unreadable bytes, and an existing version', async () => {
    const columns = await upload({ kind: 'lab-items' }, '项目,价格\nCBC,20\n', 'text/csv');
    expect(columns.status).toBe(400);
    expect(columns.body.issue[0].expression).toEqual(['header']);
    expect(columns.body.issue[0].details?.text).toContain('required: code (编码), name (名称); optional: parent (上级编码)');
    const binary = await upload({ kind: 'lab-items' }, Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x2c, 0xff, 0xfe, 0xfd, 0x0a]), 'application/octet-stream');
    expect([binary.status, binary.body.issue[0].details?.text]).toEqual([400, '文件既不是 UTF-8 也不是 GBK 编码的文本 / The file is neither UTF-8 nor GBK text']);
    const taken = await upload({ kind: 'lab-items', version: '2' }, 'code,name\nX,某项\n', 'text/csv');
    expect(taken.status).toBe(409);
    expect(await versionsOf(LAB_ITEMS)).toEqual(['1', '2']);
  });

  it('lets only the right people upload to the right place', async () => {
    const csv = 'code,name\nX,某项\n';
    expect((await upload({ kind: 'lab-items' }, csv, 'text/csv', doctor)).status).toBe(403); // no terminology.manage
    expect((await upload({ kind: 'lab-items', institution: 'thc-hexi' }, csv, 'text/csv')).status).toBe(403); // another institution
    expect((await upload({ kind: 'lab-items', institution: 'region' }, csv, 'text/csv')).status).toBe(400); // regional standards are the region's
    expect((await upload({ kind: 'prices' }, csv, 'text/csv')).body.issue[0].expression).toEqual(['kind']);
    expect((await upload({ kind: 'lab-items', institution: 'nowhere' }, csv, 'text/csv', admin)).body.issue[0].details?.text).toBe('Institution nowhere does not exist');
    const regional = await upload({ kind: 'lab-items', institution: 'region' }, 'code,name\nCBC,血常规\n', 'text/csv', admin);
    expect([regional.status, regional.body.codeSystem.url, regional.body.codeSystem.title]).toEqual([201, 'https://medunion.org/fhir/CodeSystem/dictionary/region/lab-items', '检验项目区域标准字典 v1']);
    const audit = await t.platform.kernel.audit.search({ action: 'import', count: 10 });
    expect(audit.total).toBeGreaterThanOrEqual(4);
  });

  it('leaves dictionaries findable by FHIR search on their kind tag, owned by their institution', async () => {
    const tag = encodeURIComponent('https://medunion.org/fhir/CodeSystem/dictionary-kind|lab-items');
    const found = (await get<Bundle>(`/fhir/R4/CodeSystem?_tag=${tag}&_elements=url,version`, admin)).entry!.map((e) => e.resource as { url: string; version: string; meta: { extension?: { url: string; valueReference?: { reference?: string } }[] } });
    expect(found.map((cs) => `${cs.url}|${cs.version}`).sort()).toEqual([`${LAB_ITEMS}|1`, `${LAB_ITEMS}|2`, 'https://medunion.org/fhir/CodeSystem/dictionary/region/lab-items|1']);
    const owner = found.find((cs) => cs.url === LAB_ITEMS)!.meta.extension!.find((e) => e.url.endsWith('/institution'));
    expect(owner?.valueReference?.reference).toBe('Organization/lead-hospital');
  });

  it('imports the ICD-10 national clinical edition under the shipped chapters and blocks', async () => {
    const rows = [
      ['A00', '霍乱'],
      ['A00.000', '古典生物型霍乱'],
      ['A00.100', '埃尔托生物型霍乱'],
      ['A01.000', '伤寒'],
      ['A01.000x001', '伤寒杆菌性败血症'],
      ['J45.900', '哮喘'],
      ['J45.900x001', '咳嗽变异性哮喘'],
      ['I10.x00', '特发性（原发性）高血压'],
    ];
    const csv = `疾病编码,疾病名称\n${rows.map((r) => r.join(',')).join('\n')}\n`;
    expect((await upload({ kind: 'icd10-clinical' }, csv, 'text/csv')).status).toBe(403); // region administrator only
    const bad = await upload({ kind: 'icd10-clinical' }, `${csv}999,不是ICD\n`, 'text/csv', admin);
    expect([bad.status, bad.body.issue[1].details?.coding?.[0].code]).toEqual([400, 'not-icd10']);
    const { status, body } = await upload({ kind: 'icd10-clinical' }, csv, 'text/csv', admin);
    expect(status).toBe(201);
    expect(body.codeSystem).toMatchObject({ url: ICD10, version: '国家临床版2.0', count: 8 + ICD10_CHAPTERS.length + ICD10_CHAPTERS.reduce((n, c) => n + c.blocks.length, 0) });
    const lookup = (code: string) => get<Parameters>(`/fhir/R4/CodeSystem/$lookup?system=${encodeURIComponent(ICD10)}&code=${encodeURIComponent(code)}`);
    // Without a version the complete edition answers (not the shipped fragment).
    expect(parents(await lookup('A00.000'))).toEqual(['A00']);
    expect(parents(await lookup('A01.000x001'))).toEqual(['A01.000']);
    expect(parents(await lookup('A01.000'))).toEqual(['A00-A09']);
    expect(parents(await lookup('J45.900'))).toEqual(['J40-J47']);
    expect(parents(await lookup('I10.x00'))).toEqual(['I10-I15']);
    const outcome = await get<Parameters>(`/fhir/R4/CodeSystem/$subsumes?system=${encodeURIComponent(ICD10)}&codeA=I&codeB=A01.000x001`);
    expect(outcome.parameter![0].valueCode).toBe('subsumes');
    const asthma = await get<ValueSet>(`/fhir/R4/ValueSet/$expand?url=${encodeURIComponent(`${ICD10}?fhir_vs`)}&filter=xc`);
    expect(asthma.expansion!.contains!.map((c) => c.code)).toEqual(['J45.900']);
    expect((await upload({ kind: 'icd10-clinical' }, csv, 'text/csv', admin)).status).toBe(409);
  });
});
