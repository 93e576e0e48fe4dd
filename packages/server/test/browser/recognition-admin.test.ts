import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createUploader, mapLocalItems, UPLOAD_PASSWORD } from '../../../recognition/test/setup.ts';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';
import { menuItem, modal, SETTLE, snap, tableRow, until } from './steps.ts';

const THIS_YEAR = new Date().getFullYear();
const LAST_YEAR = THIS_YEAR - 1;
const SHIFTED = 'Mindray BC-6800';

describe.skipIf(!browserRunnable)('recognition administration pages in chromium', () => {
  let h: BrowserHarness;
  let page: Page;
  let admin: string;

  /** Opens a page under 互认管理 (nested under the module's own group once the module has more menu entries). */
  const open = async (entry: string, path: string) => {
    const item = menuItem(page, entry);
    for (const group of ['检查检验结果互认', '互认管理']) {
      if (await item.isVisible()) break;
      if (await menuItem(page, group).isVisible()) {
        await menuItem(page, group).click();
        await page.evaluate(SETTLE); // the submenu slides open before its entries can be seen or clicked
      }
    }
    await item.waitFor();
    await page.evaluate(SETTLE);
    await item.click();
    await page.waitForURL(`**${path}`);
  };

  beforeAll(async () => {
    h = await startBrowserHarness({ MEDUNION_MODULES: '-mpi' });
    const t = h.tp;
    admin = await t.login('admin');
    for (const [org, level] of [['lead-hospital', '二级甲等'], ['thc-hexi', '一级']]) {
      expect((await call(t, 'PUT', `/api/recognition/admin/institutions/${org}`, admin, { level })).status).toBe(200);
    }
    // Last year's items, to copy in the browser.
    expect((await call(t, 'POST', '/api/recognition/admin/years', admin, { year: LAST_YEAR })).status).toBe(201);
    expect((await call(t, 'PUT', `/api/recognition/admin/years/${LAST_YEAR}/items`, admin, { items: [{ code: 'CBC' }, { code: 'HGB' }, { code: 'CT-CHEST' }] })).status).toBe(200);

    // An API-driven PBRTQC run: a steady stream on both analysers, then a +15 % bias on one.
    await createUploader(t, 'lead.upload', 'lead-hospital');
    await mapLocalItems(t, await t.login('lead.admin'), [['XCG', '血常规', 'CBC'], ['HGB', '血红蛋白', 'HGB']], []);
    expect((await call(t, 'PUT', '/api/recognition/qc/settings/HGB', admin, { targetMean: 140, sd: 8, blockSize: 5, lambda: 0.3 })).status).toBe(200);
    const upload = (await call<{ access_token: string }>(t, 'POST', '/api/recognition/v1/token', undefined, { username: 'lead.upload', password: UPLOAD_PASSWORD })).body.access_token;
    expect((await call(t, 'POST', '/api/recognition/v1/patients', upload, { mrn: 'QC-1', name: '质控甲', gender: '2', birthDate: '1970-05-01' })).status).toBe(200);
    const normal = [134, 143, 138, 145, 140, 136, 142, 144, 137, 141];
    const runs = [...normal.map((v) => [v, SHIFTED] as const), ...normal.map((v) => [v + 1, 'Sysmex XN-1000'] as const), ...normal.slice(0, 6).map((v) => [Math.round(v * 1.15), SHIFTED] as const)];
    for (const [i, [value, instrument]] of runs.entries()) {
      const at = new Date(Date.now() - 20 * 3600_000).toISOString();
      const res = await call(t, 'POST', '/api/recognition/v1/lab-reports', upload, {
        reportNo: `QC${i}`,
        patientMrn: 'QC-1',
        itemCode: 'XCG',
        itemName: '血常规',
        specimenType: '01',
        collectedAt: at,
        reportedAt: at,
        instrument,
        results: [{ itemCode: 'HGB', itemName: '血红蛋白', value: String(value), unit: 'g/L' }],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    page = await h.freshPage();
    await h.signIn(page);
  }, 240_000);
  afterAll(async () => {
    await h?.close();
  });

  it('creates this year by copying last year’s items and edits an item’s validity window', async () => {
    await open('互认年度与项目', '/recognition/admin/years');
    await until(() => tableRow(page, 'CT-CHEST').count()).toBe(1);
    await page.getByRole('button', { name: '新增年度' }).click();
    const dialog = modal(page);
    await until(() => dialog.locator('input#year').inputValue()).toBe(String(THIS_YEAR));
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await until(async () => (await call<{ items: { code: string }[] }>(h.tp, 'GET', `/api/recognition/admin/years/${THIS_YEAR}/items`, admin)).body.items?.length).toBe(3);

    await until(() => tableRow(page, 'HGB').count()).toBe(1);
    await tableRow(page, 'HGB').getByRole('button', { name: '编辑' }).click();
    const edit = modal(page);
    await edit.locator('input#validityDays').fill('5');
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await until(() => tableRow(page, 'HGB').textContent()).toContain('5');
    const items = (await call<{ items: { code: string; validityDays: number }[] }>(h.tp, 'GET', `/api/recognition/admin/years/${THIS_YEAR}/items`, admin)).body.items;
    expect(items.find((i) => i.code === 'HGB')?.validityDays).toBe(5);
  });

  it('grants a qualification in the item × institution matrix', async () => {
    await open('互认资格', '/recognition/admin/qualifications');
    const box = page.getByRole('checkbox', { name: 'HGB 青山县人民医院' });
    await box.waitFor();
    await box.click(); // saved at once; the box follows the stored qualification
    await until(async () => (await call<{ qualifications: { item: string; institution: string; allowed: boolean }[] }>(h.tp, 'GET', `/api/recognition/admin/years/${THIS_YEAR}/qualifications`, admin)).body.qualifications).toEqual([
      expect.objectContaining({ item: 'HGB', institution: 'lead-hospital', allowed: true }),
    ]);
    await until(() => box.isChecked()).toBe(true);
  });

  it('lists the QC alarm of the shifted analyser with its control chart and the instrument comparison', async () => {
    await open('检验质量（PBRTQC）', '/recognition/admin/qc');
    const alarms = page.getByTestId('qc-alarms');
    await until(() => alarms.textContent()).toContain(SHIFTED);
    expect(await alarms.textContent()).toContain('高于上限');
    await until(() => page.getByTestId('qc-series-chart').locator('canvas').count()).toBeGreaterThan(0);
    await until(() => page.getByTestId('qc-comparison-chart').locator('canvas').count()).toBeGreaterThan(0);
    await until(() => page.getByTestId('qc-bias').count()).toBe(2);
    await snap(h, page, 'recognition-qc');

    await tableRow(alarms, SHIFTED).getByText('解除报警').click();
    const dialog = modal(page);
    await dialog.locator('textarea').fill('重新定标后质控在控');
    await dialog.getByRole('button', { name: '解除报警' }).click();
    await until(() => alarms.textContent()).not.toContain(SHIFTED);
    const stillOpen = (await call<{ alarms: unknown[] }>(h.tp, 'GET', '/api/recognition/qc/alarms?institution=lead-hospital&open=true', admin)).body.alarms;
    expect(stillOpen).toEqual([]);
  });
});
