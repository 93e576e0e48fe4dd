import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabOrderResult, SpecimenTimeline, WardRejection } from '@medunion/lis/contracts';
import { seedDemoCatalogues } from '../../../lis/src/catalogue/demo/seed.ts';
import { seedDemoTemplates } from '../../../lis/src/orders/demo.ts';
import { call, lisContext } from '../../../lis/test/instruments/platform.ts';
import { DEMO_PATIENTS } from '../../src/bootstrap/demo-region.ts';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';
import { choose, drawer, modal, SETTLE, snap, tableRow, until } from './steps.ts';

// 张三丰 (demo-p1) of the lead hospital, found by pinyin initials; his record number picks his row.
const ZHANG = DEMO_PATIENTS[0];

describe.skipIf(!browserRunnable)('LIS order, specimen and catalogue pages in chromium', () => {
  let h: BrowserHarness;
  const pages: Page[] = [];
  /** The two tubes of the first order: 血常规 in the purple EDTA tube, 肝功能 in the yellow SST. */
  let edta: string;
  let sst: string;

  const signedIn = async (username: string) => {
    const page = await h.freshPage();
    pages.push(page);
    await h.signIn(page, username);
    return page;
  };
  /** A scan: the barcode typed into the box that has the focus, then the scanner's Enter. */
  const scan = async (page: Page, placeholder: string, barcode: string) => {
    const box = page.getByPlaceholder(placeholder);
    await box.fill(barcode);
    await box.press('Enter');
  };

  beforeAll(async () => {
    h = await startBrowserHarness({ MEDUNION_MODULES: '-mpi,-recognition' });
    const ctx = lisContext(h.tp);
    await seedDemoCatalogues(ctx);
    await seedDemoTemplates(ctx);
  }, 240_000);
  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await h?.close();
  });

  it('lead.doctor orders 血常规 + 肝功能 by pinyin: two tubes with their caps; a second 血常规 warns of the duplicate', async () => {
    const page = await signedIn('lead.doctor');
    await page.goto(`${h.tp.url}/lis/orders/new`);
    const search = page.getByTestId('patient-search');
    await search.getByRole('textbox').fill('zsf');
    const row = search.locator('.ant-table-row').filter({ hasText: ZHANG.mrn });
    await until(() => row.count()).toBe(1);
    await row.click();
    await page.waitForURL(`**/lis/orders/new?patient=${ZHANG.id}`);
    await until(() => page.getByTestId('patient-banner').textContent()).toContain(ZHANG.name);

    const picker = page.getByTestId('panel-picker').locator('.ant-select');
    await choose(page, picker, '血常规', 'xcg');
    await page.keyboard.press('Escape');
    await choose(page, picker, '肝功能', 'ggn');
    await page.keyboard.press('Escape');
    const summary = page.getByTestId('order-summary');
    await until(() => summary.textContent()).toContain('共 2 个组合，需采集 2 管');
    // The ordering department is the doctor's own (内科), from his PractitionerRole.
    await until(() => page.locator('.ant-form-item').filter({ hasText: '开单科室' }).textContent()).toContain('内科');
    await snap(h, page, 'lis-order');
    await page.getByTestId('submit-order').click();

    const tubes = page.getByTestId('accessioned-tubes');
    await until(() => tubes.getByTestId('tube-card').count()).toBe(2);
    const cards = tubes.getByTestId('tube-card');
    const byColour = async (colour: string) => cards.filter({ has: page.locator(`[data-colour="${colour}"]`) }).getAttribute('data-barcode');
    edta = (await byColour('紫色'))!;
    sst = (await byColour('黄色'))!;
    expect(edta).toMatch(/^\d{12}$/);
    expect(sst).toMatch(/^\d{12}$/);
    expect(await cards.filter({ hasText: '血常规' }).getAttribute('data-barcode')).toBe(edta);
    expect(await cards.filter({ hasText: '肝功能' }).getAttribute('data-barcode')).toBe(sst);
    // Doctors order; labels are printed where tubes are drawn (lis.specimen.collect).
    expect(await tubes.textContent()).toContain('条码由护士站或采血处打印');
    await until(() => tubes.locator('canvas').count()).toBe(2);
    await snap(h, page, 'lis-order-tubes');

    // The same panel again: the server warns, the dialog asks, and only a confirmation writes it.
    await page.getByRole('button', { name: '继续为该患者开单' }).click();
    await choose(page, picker, '血常规', 'xcg');
    await page.keyboard.press('Escape');
    await page.getByTestId('submit-order').click();
    const warning = modal(page);
    await until(() => warning.textContent()).toContain('重复开单提醒');
    expect(await warning.textContent()).toContain('血常规');
    const earlier = (await call<LabOrderResult>(h.tp, 'GET', `/api/lis/orders/${/申请单 (R\d+)/.exec((await warning.textContent()) ?? '')?.[1]}`, await h.tp.login('lead.doctor'))).body;
    expect(earlier.orders.map((o) => o.panel).sort()).toEqual(['CBC', 'LFT']);
    await warning.getByRole('button', { name: '确认重复开单' }).click();
    await until(() => page.getByTestId('tube-card').count()).toBe(1);
    expect(await page.getByTestId('tube-card').textContent()).toContain('血常规');
  });

  it('lead.doctor imports orders from a CSV: a wrong sheet lists its problems by row and imports nothing; the corrected one comes back with barcodes', async () => {
    const page = pages[0]; // the doctor's session of the first step
    await page.goto(`${h.tp.url}/lis/orders/new`);
    await page.getByTestId('open-order-import').click();
    const dialog = modal(page);
    const upload = (text: string) => dialog.locator('input[type=file]').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}`) });
    const header = '申请单号,病历号,姓名,检验组合';
    await upload(`${header}\nIMP-B1,${ZHANG.mrn},${ZHANG.name},尿常规\nIMP-B2,${ZHANG.mrn},张冠李戴,不存在的组合\n`);
    await dialog.getByRole('button', { name: '开始导入' }).click();
    const problems = page.getByTestId('order-import-problems');
    await until(() => problems.textContent()).toContain('第 3 行');
    expect(await problems.textContent()).not.toContain('第 2 行'); // the good row is fine, yet not imported alone
    expect((await call(h.tp, 'GET', '/api/lis/orders/IMP-B1', await h.tp.login('lead.doctor'))).status).toBe(404); // nothing half-imported
    await snap(h, page, 'lis-order-import-problems');

    await upload(`${header}\nIMP-B1,${ZHANG.mrn},${ZHANG.name},尿常规\n`);
    await dialog.getByRole('button', { name: '开始导入' }).click();
    const result = page.getByTestId('order-import-result');
    await until(() => result.textContent()).toContain('IMP-B1');
    expect(await result.textContent()).toContain('新建');
    expect(await result.textContent()).toMatch(/\d{6,}/); // the tube's barcode: accessioned on import
  });

  it('lead.nurse prints the labels (PDF preview) and records the collection by scanning', async () => {
    const page = await signedIn('lead.nurse');
    await page.goto(`${h.tp.url}/lis/collection`);
    const list = page.getByTestId('collection-page');
    // Her ward's tubes waiting to be drawn: both of the first order and the confirmed duplicate.
    await until(() => tableRow(list, edta).count()).toBe(1);
    expect(await tableRow(list, sst).textContent()).toContain(ZHANG.name);
    for (const barcode of [edta, sst]) await tableRow(list, barcode).locator('.ant-checkbox-input').check();
    await page.getByTestId('print-labels').click();
    const preview = modal(page);
    await until(() => preview.getByTestId('pdf-frame').count()).toBe(1);
    expect(await preview.getByTestId('pdf-frame').getAttribute('src')).toMatch(/^blob:/);
    await preview.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
    await preview.waitFor({ state: 'hidden' });

    await scan(page, '扫描试管条码，记录采集', edta);
    await until(() => page.getByTestId('collect-last').textContent()).toContain(`已采集：${edta}`);
    await scan(page, '扫描试管条码，记录采集', sst);
    await until(() => page.getByTestId('collect-last').textContent()).toContain(`已采集：${sst}`);
    await until(() => tableRow(list, edta).count()).toBe(0);
    await page.locator('.ant-segmented-item').filter({ hasText: '已采集' }).click();
    await until(() => tableRow(list, sst).count()).toBe(1);
    await snap(h, page, 'lis-collection');
  });

  it('lead.lab receives one tube by scanning and rejects the other as 溶血; the timeline shows every step', async () => {
    const page = await signedIn('lead.lab');
    await page.goto(`${h.tp.url}/lis/receipt`);
    // The barcode box has the focus: the scanner types straight into it.
    await until(() => page.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toBe('扫描条码即签收');
    await page.keyboard.type(edta);
    await page.keyboard.press('Enter');
    const card = page.getByTestId('scan-card');
    await until(() => card.getAttribute('data-outcome')).toBe('received');
    await until(() => card.textContent()).toContain(ZHANG.name);
    expect(await card.textContent()).toContain('血常规');
    expect(await card.locator('[data-colour="紫色"]').count()).toBe(1);
    await snap(h, page, 'lis-receipt');

    await page.locator('.ant-segmented-item').filter({ hasText: '扫码拒收' }).click();
    await scan(page, '扫描要拒收的标本', sst);
    const dialog = modal(page);
    await dialog.getByText('溶血', { exact: true }).click();
    await dialog.getByLabel('说明').fill('明显溶血，请重新采集');
    await dialog.getByRole('button', { name: '拒收并通知病区' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await until(() => card.getAttribute('data-outcome')).toBe('rejected');
    expect(await card.textContent()).toContain('溶血');

    const receipts = page.getByTestId('receipt-list');
    await until(() => tableRow(receipts, edta).count()).toBe(1);
    await page.getByRole('tab', { name: '已拒收' }).click();
    await until(() => tableRow(receipts, sst).count()).toBe(1);
    expect(await tableRow(receipts, sst).textContent()).toContain('溶血');

    await tableRow(receipts, sst).getByRole('button', { name: '标本时间线' }).click();
    const timeline = drawer(page);
    await until(() => timeline.getByTestId('timeline-status').count()).toBe(3);
    expect(await timeline.getByTestId('timeline-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['registered', 'collected', 'rejected']);
    const text = (await timeline.textContent()) ?? '';
    expect(text).toContain('赵丽'); // collected by the nurse
    expect(text).toContain('孙伟'); // rejected by the technician
    expect(text).toContain('打印条码');
    await page.evaluate(SETTLE);
    await snap(h, page, 'lis-specimen-timeline');

    const ledger = (await call<SpecimenTimeline>(h.tp, 'GET', `/api/lis/specimens/${sst}/timeline`, await h.tp.login('lead.lab'))).body;
    expect(ledger.status).toBe('rejected');
  });

  it('lead.doctor sees the rejected tube with its reason in 病区拒收标本', async () => {
    const page = pages[0];
    await page.goto(`${h.tp.url}/lis/rejections`);
    const list = page.getByTestId('rejections-page');
    const row = tableRow(list, sst);
    await until(() => row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('溶血');
    expect(text).toContain('明显溶血，请重新采集');
    expect(text).toContain(ZHANG.name);
    expect(text).toContain('肝功能');
    await snap(h, page, 'lis-rejections');

    const tasks = (await call<WardRejection[]>(h.tp, 'GET', '/api/lis/specimens/rejections', await h.tp.login('lead.doctor'))).body;
    expect(tasks).toEqual([expect.objectContaining({ barcode: sst, reason: 'hemolysed', taskStatus: 'requested' })]);

    // A new tube for the same 肝功能 order: only the rejected tube is replaced.
    await row.getByRole('button', { name: '重新生成条码' }).click();
    const fresh = modal(page);
    await until(() => fresh.getByTestId('tube-card').count()).toBe(1);
    expect(await fresh.getByTestId('tube-card').textContent()).toContain('肝功能');
    expect(await fresh.getByTestId('tube-card').getAttribute('data-barcode')).not.toBe(sst);
  });

  it('lead.lab pools swabs by scanning (the 11th refused), marks the pool positive and sees its people for recall', async () => {
    const doctor = await h.tp.login('lead.doctor');
    const swabs: string[] = [];
    for (const p of DEMO_PATIENTS.slice(0, 2)) {
      const placed = await call<LabOrderResult>(h.tp, 'POST', '/api/lis/orders', doctor, { patient: { id: p.id }, panels: ['COV-POOL'], accession: true });
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      swabs.push(placed.body.specimens![0].barcode);
    }
    const page = pages[2];
    await page.goto(`${h.tp.url}/lis/pools`);
    const draft = page.getByTestId('pool-draft');
    const placeholder = '逐个扫描单人标本条码（最多 10 个）';
    for (const barcode of swabs) await scan(page, placeholder, barcode);
    await until(() => tableRow(draft, swabs[1]).textContent()).toContain(DEMO_PATIENTS[1].name);
    expect(await tableRow(draft, swabs[0]).textContent()).toContain(ZHANG.name);
    // Eight more fill the tube; the eleventh is refused at the scanner.
    const others = Array.from({ length: 8 }, (_, i) => `POOL-TEST-${i}`);
    for (const barcode of others) await scan(page, placeholder, barcode);
    await until(() => draft.locator('.ant-table-row').count()).toBe(10);
    await scan(page, placeholder, 'POOL-TEST-ELEVEN');
    await until(() => page.locator('.ant-message').textContent()).toContain('混检每管最多 10 人');
    expect(await draft.locator('.ant-table-row').count()).toBe(10);
    expect(await tableRow(draft, 'POOL-TEST-3').textContent()).toContain('不存在');
    for (const barcode of others) await draft.getByRole('button', { name: `移除 ${barcode}` }).click();
    await until(() => draft.locator('.ant-table-row').count()).toBe(2);

    await page.getByTestId('create-pool').click();
    await page.waitForURL(/\/lis\/pools\?pool=\d{12}/);
    const detail = page.getByTestId('pool-detail');
    await until(() => detail.locator('.ant-table-row').count()).toBe(2);
    await page.getByTestId('mark-positive').click();
    const confirm = modal(page);
    await confirm.locator('textarea').fill('Ct 28');
    await confirm.getByRole('button', { name: '标记阳性' }).click();
    await until(() => detail.getByTestId('pool-positive').count()).toBe(1);
    const zhang = tableRow(detail, swabs[0]);
    await until(() => zhang.textContent()).toContain('待召回');
    expect(await zhang.textContent()).toContain(ZHANG.phone);
    await snap(h, page, 'lis-pools');
  });

  it('lead.labhead finds panels by pinyin and sees a bad formula refused on its field; lead.lab reads only', async () => {
    const page = await signedIn('lead.labhead');
    await page.goto(`${h.tp.url}/lis/catalogue?tab=panels`);
    const list = page.getByTestId('catalogue-page');
    await page.getByPlaceholder('代码、名称、缩写或拼音首字母').fill('xcg');
    await page.getByPlaceholder('代码、名称、缩写或拼音首字母').press('Enter');
    await until(() => list.locator('.ant-table-row').first().textContent()).toContain('血常规');

    await page.getByTestId('catalogue-page').getByRole('tab', { name: '检验项目', exact: true }).click();
    await page.getByPlaceholder('代码、名称、缩写或拼音首字母').fill('IBIL');
    await page.getByPlaceholder('代码、名称、缩写或拼音首字母').press('Enter');
    const ibil = tableRow(list, '间接胆红素');
    await until(() => ibil.count()).toBe(1);
    await ibil.getByRole('button', { name: /编\s*辑/ }).click();
    const form = drawer(page);
    await form.getByRole('tab', { name: '计算与审核规则' }).click();
    const formula = form.locator('#formula');
    await until(() => formula.inputValue()).toContain('TBIL');
    await formula.fill('TBIL - NOSUCH');
    await form.getByRole('tab', { name: '基本信息' }).click();
    await form.getByRole('button', { name: /保\s*存/ }).click();
    // The server's check lands on the formula, and its tab opens.
    const formulaItem = form.locator('.ant-form-item').filter({ has: page.locator('#formula') });
    await until(() => formulaItem.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(0);
    expect(await formulaItem.locator('.ant-form-item-explain-error').textContent()).toContain('NOSUCH');
    await snap(h, page, 'lis-catalogue-form');
    await formula.fill('TBIL - DBIL');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await form.waitFor({ state: 'hidden' });

    // The order templates the order page offers, with their panels by name.
    await page.getByTestId('catalogue-page').getByRole('tab', { name: '医嘱模板' }).click();
    await until(() => tableRow(list, '入院常规').textContent()).toContain('血常规');

    const lab = pages[2];
    await lab.goto(`${h.tp.url}/lis/catalogue`);
    await until(() => lab.getByTestId('catalogue-page').textContent()).toContain('只读');
    expect(await lab.getByRole('button', { name: '新增项目' }).count()).toBe(0);
  });
});
