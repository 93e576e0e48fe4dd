import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instrument, LabOrderResult, ReportSummary, SpecimenResults } from '@medunion/lis/contracts';
import { recordResults } from '../../../lis/src/results/record.ts';
import { call, lisContext } from '../../../lis/test/instruments/platform.ts';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';
import { drawer, modal, SETTLE, snap, tableRow, until } from './steps.ts';

const LAB = 'lead-hospital';
/** The tests the demo blood count of 李秀英 lacks, as the technician types them. */
const MISSING: [string, string][] = [['NEUT#', '9.11'], ['LYMPH#', '1.77'], ['MONO#', '0.59'], ['EO#', '0.12'], ['BASO#', '0.03'], ['RDW-CV', '12.8'], ['RDW-SD', '42.1'], ['MPV', '10.2'], ['PDW', '16.1'], ['PCT', '0.03']];

/** A bell-shaped analyzer histogram of `n` channels around `peak`. */
const bell = (n: number, peak: number, width: number) => Array.from({ length: n }, (_, i) => Math.round(200 * Math.exp(-(((i - peak) / width) ** 2))));

describe.skipIf(!browserRunnable)('LIS bench, review, print centre and clinical results in chromium', () => {
  let h: BrowserHarness;
  let labhead: string;
  let page: Page;
  /** 周建军's blood count from the analyzer, with its WBC/RBC/PLT histograms. */
  let histogramTube: string;

  const api = async <T,>(method: string, path: string, token: string, body?: unknown): Promise<T> => {
    const res = await call<T>(h.tp, method, path, token, body);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  /** Orders a panel for a demo patient, accessioned and received; the new tube's barcode. */
  const orderAndReceive = async (patient: string, panel: string): Promise<string> => {
    const order = await api<LabOrderResult>('POST', '/api/lis/orders', labhead, { patient: { id: patient }, panels: [panel], department: 'nk', requester: 'demo-lead-doctor', patientType: '1', accession: true, confirmDuplicates: true });
    const barcode = order.specimens![0].barcode;
    await api('POST', '/api/lis/specimens/receive', labhead, { barcodes: [barcode] });
    return barcode;
  };
  /** A report of the print centre by patient and panel. */
  const reportOf = async (patientName: string, panel: string, status = 'all'): Promise<ReportSummary> => {
    const page = await api<{ reports: ReportSummary[] }>('GET', `/api/lis/reports?patientName=${encodeURIComponent(patientName)}&status=${status}&count=100`, labhead);
    const found = page.reports.find((r) => r.panels.includes(panel));
    expect(found, `${patientName} ${panel}`).toBeDefined();
    return found!;
  };
  const benchRow = (text: string) => tableRow(page.getByTestId('bench-list'), text);
  const resultRow = (test: string) => page.getByTestId('bench-results').locator(`tr[data-test="${test}"]`);

  beforeAll(async () => {
    // The LIS demo: catalogue, analyzers, 张三丰's released glucose and electrolytes, 李秀英's blood count and
    // 孙丽华's electrolytes (critical potassium) waiting for review.
    h = await startBrowserHarness({ SEED_MODULE_DEMOS: 'true' });
    labhead = await h.tp.login('lead.labhead');

    // A second released glucose for 张三丰, so his trend has two points.
    const glucose = await orderAndReceive('demo-p1', 'FBG');
    await api('POST', `/api/lis/results/specimens/${glucose}`, labhead, { results: [{ testCode: 'GLU', value: '5.42' }] });
    const glucoseReport = (await api<SpecimenResults>('GET', `/api/lis/results/specimens/${glucose}`, labhead)).reports[0];
    await api('POST', `/api/lis/reports/${glucoseReport.reportId}/review`, labhead);

    // 周建军's blood count as the BC-5390 sends it: results with numeric histograms (drawn at the bench).
    histogramTube = await orderAndReceive('demo-p7', 'CBC');
    const analyzer = (await api<{ instruments: Instrument[] }>('GET', '/api/lis/instruments', labhead)).instruments.find((i) => i.code === 'BC5390')!;
    const ctx = lisContext(h.tp);
    const specimen = await api<SpecimenResults>('GET', `/api/lis/results/specimens/${histogramTube}`, labhead);
    const values: [string, string][] = [['WBC', '6.21'], ['NEUT%', '58.4'], ['LYMPH%', '32.2'], ['MONO%', '6.1'], ['EO%', '2.8'], ['BASO%', '0.5'], ['RBC', '4.86'], ['HGB', '148'], ['HCT', '44.1'], ['MCV', '90.7'], ['MCH', '30.5'], ['MCHC', '336'], ['PLT', '212']];
    const histograms: Record<string, number[]> = { WBC: bell(64, 20, 8), RBC: bell(64, 30, 7), PLT: bell(64, 10, 6) };
    await recordResults(ctx, ctx.systemContext, {
      institution: LAB,
      specimenId: specimen.specimenId,
      instrumentId: analyzer.id,
      source: 'instrument',
      results: values.map(([testCode, value]) => ({ testCode, value, ...(histograms[testCode] ? { histograms: [{ name: testCode, values: histograms[testCode] }] } : {}) })),
    });

    page = await h.freshPage();
    await h.signIn(page, 'lead.lab');
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  it('shows a pending specimen in its colours, takes an entry with a new critical value, reviews and locks it', async () => {
    await page.goto(`${h.tp.url}/lis/bench`);
    // 孙丽华's potassium is an open critical value: counted, and her report marked.
    await until(() => benchRow('孙丽华').locator('[data-critical="open"]').count()).toBe(1);
    await benchRow('孙丽华').click();
    await until(() => resultRow('K').locator('[data-abnormality="critical-high"]').count()).toBe(1);

    await benchRow('李秀英').click();
    await until(() => resultRow('WBC').locator('[data-abnormality="high"]').textContent()).toContain('11.62');
    expect(await resultRow('NEUT%').locator('[data-abnormality="high"]').count()).toBe(1);
    expect(await resultRow('HGB').locator('[data-abnormality]').getAttribute('data-abnormality')).toBe('normal');
    await snap(h, page, 'lis-bench');

    // The demo blood count lacks ten tests (漏项): the report is incomplete and cannot be reviewed yet.
    expect(await page.getByTestId('specimen-reports').locator('[data-state="incomplete"]').count()).toBe(1);
    expect(await page.getByTestId('review').isDisabled()).toBe(true);

    // F2 enters (the first input takes the focus), F8 saves. A platelet count of 25 is critical (limit 30).
    await page.keyboard.press('F2');
    await until(() => page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-test'))).toBe('WBC');
    for (const [test, value] of MISSING) await resultRow(test).locator('input').fill(value);
    await resultRow('PLT').locator('input').fill('25');
    await page.keyboard.press('F8');
    await until(() => resultRow('PLT').locator('[data-abnormality="critical-low"]').textContent()).toContain('25');
    expect(await resultRow('NEUT#').locator('[data-abnormality="high"]').textContent()).toContain('9.11');
    await until(() => page.getByTestId('specimen-reports').locator('[data-state="pending"]').count()).toBe(1);
    // The critical value it raised is announced on the bench.
    await until(() => page.getByTestId('critical-banner').textContent()).toContain('血小板计数');

    // The revision trail keeps both values.
    await resultRow('PLT').getByRole('button', { name: '修改痕迹' }).click();
    const trail = page.getByTestId('revision-trail');
    // Newest first: the value just typed, then the one entered before (the value is each result's first text).
    const values = () => trail.locator('.mu-result').evaluateAll((els) => els.map((e) => e.firstChild?.textContent ?? ''));
    await until(values).toContain('243');
    expect((await values())[0]).toBe('25');
    await page.keyboard.press('Escape');
    await trail.waitFor({ state: 'hidden' });

    // Alt+V reviews; the results are locked, and a technician cannot withdraw the review.
    await page.evaluate(SETTLE);
    await page.keyboard.press('Alt+V');
    await until(() => page.getByTestId('specimen-reports').locator('[data-state="released"]').count()).toBe(1);
    expect(await page.getByTestId('start-entry').isDisabled()).toBe(true);
    expect(await resultRow('WBC').locator('.anticon-lock').count()).toBe(1);
    await page.keyboard.press('F2');
    expect(await page.getByTestId('bench-results').locator('input').count()).toBe(0);
    expect(await page.getByTestId('unreview').count()).toBe(0);
  });

  it('shows the analyzer’s histograms with the results; F1 lists the bench’s shortcuts', async () => {
    await page.getByPlaceholder('扫描条码或输入样本号，回车').fill(histogramTube);
    await page.keyboard.press('Enter');
    const histograms = page.getByTestId('result-images').getByTestId('histogram');
    await until(() => histograms.count()).toBe(3);
    await until(() => histograms.locator('canvas').count()).toBe(3);
    await snap(h, page, 'lis-bench-histograms', page.getByTestId('result-images'));

    await page.keyboard.press('F1');
    const help = page.getByTestId('shortcuts-lis-bench');
    await until(() => help.textContent()).toContain('审核当前报告');
    expect(await help.textContent()).toContain('预览报告');
    await page.keyboard.press('Escape');
  });

  it('prints two reports in one batch from the print centre; their counts go up', async () => {
    await page.goto(`${h.tp.url}/lis/print`);
    const table = page.getByTestId('print-table');
    await until(() => tableRow(table, '张三丰').count()).toBeGreaterThanOrEqual(3);
    const rows = tableRow(table, '张三丰');
    await rows.nth(0).locator('input[type="checkbox"]').check();
    await rows.nth(1).locator('input[type="checkbox"]').check();
    await page.getByTestId('batch-print').click();
    const preview = modal(page);
    await until(() => preview.getByTestId('pdf-frame').count()).toBe(1);
    expect(await preview.textContent()).toContain('批量打印 2 份报告');
    await snap(h, page, 'lis-print');
    await preview.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
    await until(() => tableRow(table, '张三丰').locator('[data-printed="1"]').count()).toBe(2);
    const printed = (await api<{ reports: ReportSummary[] }>('GET', `/api/lis/reports?patientName=${encodeURIComponent('张三丰')}&printed=true`, labhead)).reports;
    expect(printed.map((r) => r.printedCount)).toEqual([1, 1]);

    // The preview of a printed report: its printing, the next one a 补打, the public verification page.
    await tableRow(table, '张三丰').locator('[data-printed="1"]').first().locator('xpath=ancestor::tr').getByRole('button', { name: /查\s*看/ }).click();
    const drawer = page.getByTestId('report-preview');
    await until(() => drawer.getByRole('button', { name: /补\s*打/ }).count()).toBe(1);
    expect(await drawer.getByTestId('verify-link').getAttribute('href')).toMatch(/^\/api\/lis\/reports\/verify\/[0-9A-Z-]+\/page$/);
  });

  it('lets the supervisor withdraw a review and recall a report, each with a reason', async () => {
    const head = await h.freshPage();
    await h.signIn(head, 'lead.labhead');
    page = head;
    await page.goto(`${h.tp.url}/lis/bench`);
    await page.getByText('已审核', { exact: true }).first().click();
    await until(() => benchRow('李秀英').count()).toBe(1);
    await benchRow('李秀英').click();
    await page.getByTestId('unreview').click();
    let dialog = modal(page);
    await page.evaluate(SETTLE);
    await dialog.locator('textarea').fill('血小板需复查涂片');
    await dialog.getByRole('button', { name: '取消审核' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await until(() => page.getByTestId('specimen-reports').locator('[data-state="pending"]').count()).toBe(1);
    expect(await page.getByTestId('start-entry').isDisabled()).toBe(false);
    expect((await reportOf('李秀英', 'CBC')).status).toBe('preliminary');

    // 张三丰's electrolytes: recalled, a reissue waits for correction.
    const electrolytes = await reportOf('张三丰', 'ELEC', 'released');
    await page.getByPlaceholder('扫描条码或输入样本号，回车').fill(electrolytes.barcode);
    await page.keyboard.press('Enter');
    await until(() => page.getByTestId('recall').count()).toBe(1);
    await page.getByTestId('recall').click();
    dialog = modal(page);
    await page.evaluate(SETTLE);
    await dialog.locator('textarea').fill('标本与患者信息不符');
    await dialog.getByRole('button', { name: /召\s*回/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await until(() => page.getByTestId('specimen-reports').locator('[data-state="recalled"]').count()).toBe(1);
    expect(await page.getByTestId('specimen-reports').locator('[data-state="pending"]').count()).toBe(1);
    const recalled = await api<{ reports: ReportSummary[] }>('GET', `/api/lis/reports?number=${electrolytes.reportNo}&status=recalled`, labhead);
    expect(recalled.reports).toHaveLength(1);
    await snap(h, page, 'lis-bench-recall');
  });

  it('acknowledges a critical value with the read-back, and saves a new version of the report template', async () => {
    await page.goto(`${h.tp.url}/lis/critical`);
    const table = page.getByTestId('critical-table');
    await until(() => tableRow(table, '血小板计数').count()).toBe(1);
    expect(await tableRow(table, '孙丽华').textContent()).toContain('6.52');
    await tableRow(table, '血小板计数').getByRole('button', { name: '确认接收' }).click();
    const dialog = modal(page);
    await page.evaluate(SETTLE);
    await dialog.locator('textarea').fill('已复述确认，已通知外科值班医生');
    await dialog.getByRole('button', { name: '确认接收' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await until(() => tableRow(table, '血小板计数').count()).toBe(0);
    await page.getByText('已确认', { exact: true }).first().click();
    await until(() => tableRow(table, '血小板计数').textContent()).toContain('已复述确认');
    expect(await tableRow(table, '血小板计数').textContent()).toContain('钱立新');
    await snap(h, page, 'lis-critical');

    await page.goto(`${h.tp.url}/lis/report-settings`);
    const templates = page.getByTestId('report-templates');
    await until(() => tableRow(templates, '全部专业组').textContent()).toContain('系统默认');
    await tableRow(templates, '全部专业组').getByRole('button', { name: /编\s*辑/ }).click();
    await page.evaluate(SETTLE);
    await drawer(page).locator('label.ant-radio-button-wrapper', { hasText: 'A5' }).click();
    await page.getByTestId('template-save').click();
    await until(() => tableRow(templates, '全部专业组').textContent()).toContain('v1');
    expect(await tableRow(templates, '全部专业组').textContent()).toContain('A5');
    // The next report preview prints on it: the server reads the template at once.
    const saved = await api<{ section: string; version: number; options: { pageSize: string; doubleColumnAbove: number } }[]>('GET', '/api/lis/reports/templates', labhead);
    expect(saved).toEqual([expect.objectContaining({ section: '', version: 1, options: expect.objectContaining({ pageSize: 'A5', doubleColumnAbove: 10 }) })]);
  });

  it('shows a doctor the patient’s released results with the trend of a test, also embedded', async () => {
    const doctor = await h.freshPage();
    await h.signIn(doctor, 'lead.doctor');
    page = doctor;
    await page.goto(`${h.tp.url}/lis/results?patient=demo-p1`);
    await until(() => tableRow(page.getByTestId('clinical-reports'), '').count()).toBeGreaterThanOrEqual(2);
    await page.getByRole('tab', { name: /结果走势/ }).click();
    await tableRow(page.getByTestId('clinical-tests'), '空腹血糖').click();
    const chart = page.locator('[data-testid="trend-chart"][data-test="GLU"]');
    await until(() => chart.locator('canvas').count()).toBe(1);
    expect(await tableRow(page.getByTestId('clinical-tests'), '空腹血糖').textContent()).toContain('2');
    await snap(h, page, 'lis-results-trend');

    await page.goto(`${h.tp.url}/embed/lis-results?patient=demo-p1`);
    await until(() => page.getByTestId('lis-results-embed').getByTestId('patient-banner').textContent()).toContain('张三丰');
    expect(await page.getByRole('menu').count()).toBe(0);
  });
});
