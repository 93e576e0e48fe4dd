import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import { CATALOGUE } from '../src/catalogue/index.ts';
import { DEFAULT_PRICES } from '../src/stats/default-prices.ts';
import { call, expressions, UPLOAD_PASSWORD } from './setup.ts';
import { chinaDay, recognitionStatsScenario } from './stats-scenario.ts';

const factories = await testDbFactories();

type Summary = { uploads: number; offersShown: number; recognized: number; refused: number; rate: number | null; moneySaved: number; producerRecognized: number; producerRefused: number; institution?: string };
type Row = { key: string | null; label: string; recognized: number; refused: number; rate: number | null; moneySaved: number; uploads?: number; producerRecognized?: number; producerRefused?: number };

const STATS = '/api/recognition/stats';
// A window around now that holds the uploads (reported up to two days ago) and today's decisions, whatever the date.
const PERIOD = `from=${chinaDay(-7)}&to=${chinaDay()}`;

describe.each(factories)('recognition statistics on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  const year = Number(chinaDay().slice(0, 4));

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    admin = await t.login('admin');
    await recognitionStatsScenario(t, admin, year);
  });
  afterAll(async () => t?.close());

  it('prices every catalogue item by default, and a year may set its own (all or nothing, bad entries named)', async () => {
    expect([...CATALOGUE.keys()].filter((code) => DEFAULT_PRICES[code] === undefined)).toEqual([]);
    const before = await call<{ prices: { code: string; price: number; source: string }[] }>(t, 'GET', `/api/recognition/admin/years/${year}/prices`, admin);
    expect(before.body.prices.find((p) => p.code === 'CBC')).toMatchObject({ price: 20, source: 'default' });
    const bad = await call(t, 'PUT', `/api/recognition/admin/years/${year}/prices`, admin, { prices: [{ code: 'CBC', price: 22 }, { code: 'NOPE', price: 1 }, { code: 'WBC', price: 1.234 }, { code: 'UA', price: -1 }] });
    expect([bad.status, expressions(bad.body).sort()]).toEqual([400, ['prices[1].code', 'prices[2].price', 'prices[3].price'].sort()]);
    const unchanged = await call<{ prices: { code: string; source: string }[] }>(t, 'GET', `/api/recognition/admin/years/${year}/prices`, admin);
    expect(unchanged.body.prices.every((p) => p.source === 'default')).toBe(true);
    const saved = await call<{ prices: { code: string; price: number; source: string }[] }>(t, 'PUT', `/api/recognition/admin/years/${year}/prices`, admin, { prices: [{ code: 'CBC', price: 22.5 }, { code: 'CT-CHEST', price: 180 }] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.prices.find((p) => p.code === 'CBC')).toMatchObject({ price: 22.5, source: 'year' });
    const reset = await call<{ prices: { code: string; price: number; source: string }[] }>(t, 'PUT', `/api/recognition/admin/years/${year}/prices`, admin, { prices: [{ code: 'CT-CHEST', price: null }] });
    expect(reset.body.prices.find((p) => p.code === 'CT-CHEST')).toMatchObject({ price: 200, source: 'default' });
    expect((await call(t, 'PUT', `/api/recognition/admin/years/${year}/prices`, await t.login('dongling.doctor'), { prices: [{ code: 'CBC', price: 1 }] })).status).toBe(403);
    // 互认管理员 of one institution may read statistics but not change the region's prices.
    const scopedAdmin = await call(t, 'PUT', `/api/recognition/admin/years/${year}/prices`, await t.login('lead.stats', UPLOAD_PASSWORD), { prices: [{ code: 'CBC', price: 1 }] });
    expect(scopedAdmin.status).toBe(403);
  });

  it('summarises the region: uploads, offers shown, recognised and refused, rate and money saved', async () => {
    const s = await call<Summary>(t, 'GET', `${STATS}/summary?${PERIOD}`, admin);
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body).toMatchObject({ uploads: 3, offersShown: 3, recognized: 1, refused: 1, rate: 0.5, moneySaved: 22.5, producerRecognized: 1, producerRefused: 1 });
    const audit = await t.platform.kernel.audit.search({ action: 'search' });
    expect(audit.entries.some((e) => e.outcomeDesc?.startsWith('recognition stats summary region'))).toBe(true);
  });

  it('breaks decisions down by both sides of an institution, item, department, doctor and refusal reason', async () => {
    const by = async (dimension: string) => {
      const res = await call<{ rows: Row[] }>(t, 'GET', `${STATS}/breakdown?by=${dimension}&${PERIOD}`, admin);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.rows;
    };
    const institutions = await by('institution');
    expect(institutions.find((r) => r.key === 'thc-dongling')).toMatchObject({ recognized: 1, refused: 1, rate: 0.5, moneySaved: 22.5, uploads: 0, producerRecognized: 0, producerRefused: 0 });
    expect(institutions.find((r) => r.key === 'thc-hexi')).toMatchObject({ recognized: 0, refused: 0, uploads: 1, producerRecognized: 1, producerRefused: 0, producerMoneySaved: 22.5 });
    expect(institutions.find((r) => r.key === 'lead-hospital')).toMatchObject({ uploads: 2, producerRecognized: 0, producerRefused: 1 });
    expect((await by('item')).map((r) => [r.key, r.label, r.recognized, r.refused, r.moneySaved])).toEqual([
      ['CBC', '血常规', 1, 0, 22.5],
      ['CT-CHEST', '胸部CT平扫', 0, 1, 0],
    ]);
    expect((await by('department')).map((r) => [r.key, r.recognized, r.refused])).toEqual([['qk', 1, 1]]);
    expect((await by('doctor')).map((r) => [r.label, r.recognized, r.refused])).toEqual([['何芳', 1, 1]]);
    expect((await by('reason')).map((r) => [r.key, r.label, r.refused])).toEqual([['condition-changed', '病情变化', 1]]);
    const bad = await call(t, 'GET', `${STATS}/breakdown?by=colour&${PERIOD}`, admin);
    expect([bad.status, expressions(bad.body)]).toEqual([400, ['by']]);
    const badMonth = await call(t, 'GET', `${STATS}/summary?month=2026-13`, admin);
    expect([badMonth.status, expressions(badMonth.body)]).toEqual([400, ['month']]);
  });

  it('draws the monthly trend of the year and the PBRTQC overview', async () => {
    const trend = await call<{ months: { month: string; recognized: number; refused: number; moneySaved: number }[] }>(t, 'GET', `${STATS}/trend?year=${year}`, admin);
    expect(trend.body.months).toHaveLength(12);
    const thisMonth = trend.body.months.find((m) => m.month === chinaDay().slice(0, 7))!;
    expect([thisMonth.recognized, thisMonth.refused, thisMonth.moneySaved]).toEqual([1, 1, 22.5]);
    const qc = await call<{ openAlarms: number; institutions: { institution: string; openAlarms: number; alarmsRaised: number }[]; items: { item: string; openAlarms: number }[] }>(t, 'GET', `${STATS}/qc?${PERIOD}`, admin);
    expect(qc.status, JSON.stringify(qc.body)).toBe(200);
    expect(qc.body.openAlarms).toBe(1);
    expect(qc.body.institutions.find((i) => i.institution === 'lead-hospital')).toMatchObject({ openAlarms: 1, alarmsRaised: 1 });
    expect(qc.body.items.find((i) => i.item === 'WBC')).toMatchObject({ openAlarms: 1 });
  });

  it('shows an institution user only their own institution, and refuses others and non-holders', async () => {
    const dongling = await t.login('dongling.stats', UPLOAD_PASSWORD);
    const own = await call<Summary>(t, 'GET', `${STATS}/summary?${PERIOD}`, dongling);
    expect(own.body).toMatchObject({ institution: 'thc-dongling', uploads: 0, offersShown: 3, recognized: 1, refused: 1, moneySaved: 22.5 });
    const lead = await call<Summary>(t, 'GET', `${STATS}/summary?${PERIOD}`, await t.login('lead.stats', UPLOAD_PASSWORD));
    expect(lead.body).toMatchObject({ institution: 'lead-hospital', uploads: 2, offersShown: 0, recognized: 0, refused: 0, producerRecognized: 0, producerRefused: 1 });
    const other = await call(t, 'GET', `${STATS}/breakdown?by=doctor&institution=lead-hospital&${PERIOD}`, dongling);
    expect([other.status, expressions(other.body)]).toEqual([403, ['institution']]);
    const qc = await call<{ institutions: { institution: string }[] }>(t, 'GET', `${STATS}/qc?${PERIOD}`, dongling);
    expect(qc.body.institutions.map((i) => i.institution)).toEqual(['thc-dongling']);
    // The region administrator may narrow to one institution.
    expect((await call<Summary>(t, 'GET', `${STATS}/summary?institution=thc-hexi&${PERIOD}`, admin)).body).toMatchObject({ uploads: 1, producerRecognized: 1, recognized: 0 });
    expect((await call(t, 'GET', `${STATS}/summary?${PERIOD}`, await t.login('dongling.doctor'))).status).toBe(403);
  });

  it('exports a breakdown to an Excel workbook that opens with its rows, audited as an export', async () => {
    const res = await t.request('POST', `${STATS}/export`, { token: admin, body: { by: 'institution', from: chinaDay(-7), to: chinaDay() }, headers: { 'content-type': 'application/json' } });
    expect(res.status, res.status === 200 ? '' : await res.text()).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('按机构');
    const rows = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(String(rows[0][0])).toContain('互认统计（按机构）全区域');
    expect(rows[1].slice(0, 4)).toEqual(['机构代码', '机构', '上传报告数', '本机构医生互认次数']);
    const dongling = rows.find((r) => r[0] === 'thc-dongling')!;
    expect(dongling.slice(2, 7)).toEqual([0, 1, 1, 50, 22.5]);
    expect(rows.find((r) => r[0] === 'thc-hexi')!.slice(7, 10)).toEqual([1, 0, 22.5]);
    const audit = await t.platform.kernel.audit.search({ action: 'export' });
    expect(audit.entries.some((e) => e.outcomeDesc?.includes('stats breakdown by institution') && e.outcomeDesc.includes('exported to Excel'))).toBe(true);
    const bad = await call(t, 'POST', `${STATS}/export`, admin, { by: 'nope' });
    expect([bad.status, expressions(bad.body)]).toEqual([400, ['by']]);
  });
});
