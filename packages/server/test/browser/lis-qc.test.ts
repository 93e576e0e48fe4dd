import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';
import { choose, modal, SETTLE, snap, tableRow, until } from './steps.ts';

/** The month the report covers: today's, in China time (the demo's QC is the last 30 mornings). */
const MONTH = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

describe.skipIf(!browserRunnable)('LIS QC, statistics and TAT pages in chromium', () => {
  let h: BrowserHarness;
  let page: Page;
  let token: string;

  const api = async <T,>(path: string): Promise<T> => {
    const res = await h.tp.request('GET', path, { token });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    // The LIS demo: catalogue, analyzers, and 30 mornings of QC on BS-240 with the glucose 2-2s episode.
    h = await startBrowserHarness({ SEED_MODULE_DEMOS: 'true' });
    token = await h.tp.login('lead.labhead');
    page = await h.freshPage({ acceptDownloads: true });
    await h.signIn(page, 'lead.labhead');
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  it('draws the glucose Levey-Jennings chart with both levels and the rejected point', async () => {
    await page.goto(`${h.tp.url}/lis/qc/chart`);
    await choose(page, page.getByTestId('qc-pick-instrument').locator('.ant-select'), 'BS-240', 'bs');
    // Pinyin initials of 空腹血糖, as every dictionary of the console is searched.
    await choose(page, page.getByTestId('qc-pick-test').locator('.ant-select'), '空腹血糖', 'kfxt');
    await page.waitForURL(/test=GLU/);
    const summary = page.getByTestId('qc-lj-summary');
    await until(() => summary.textContent()).toMatch(/^空腹血糖2 个水平/);
    expect(await summary.textContent()).toMatch(/Lyphochek 生化质控（Bio-Rad） 水平1.*Lyphochek 生化质控（Bio-Rad） 水平2/);
    expect(await page.getByTestId('qc-lj-rejects').textContent()).toMatch(/^失控 [1-9]/);
    await until(() => page.getByTestId('qc-lj-chart').locator('canvas').count()).toBeGreaterThan(0);
    // The rejected run in the data table (warnings and rejects only), with its rule; the episode's event closed by the recalibration.
    await page.getByTestId('qc-results-flagged').click();
    await until(() => tableRow(page.getByTestId('qc-results'), '2-2s').count()).toBeGreaterThan(0);
    expect(await tableRow(page.getByTestId('qc-results'), '2-2s').first().textContent()).toContain('失控');
    const events = page.getByTestId('qc-events');
    await until(() => tableRow(events, '2-2s').textContent()).toContain('已处理');
    expect(await page.getByTestId('qc-statistics').textContent()).toContain('水平2');
  });

  it('enters an out-of-control result and records the corrective action that closes the event', async () => {
    // Level 1 of glucose (target 5.3 ± 0.133) at +4 SD: 1-3s rejects the run and opens an event.
    await page.getByRole('button', { name: '手工录入' }).click();
    const entry = modal(page);
    await entry.getByText('水平1').first().waitFor();
    await entry.locator('input.ant-input-number-input').fill('5.83');
    await entry.getByRole('button', { name: /录\s*入/ }).click();
    const verdict = page.locator('.ant-modal-confirm');
    await until(() => verdict.textContent()).toContain('质控结果已录入：失控');
    expect(await verdict.textContent()).toContain('已开启失控事件');
    await verdict.getByRole('button').click();

    const events = page.getByTestId('qc-events');
    const open = tableRow(events, '未处理');
    await until(() => open.count()).toBe(1);
    expect(await open.textContent()).toContain('1-3s');
    await expect.poll(() => page.getByTestId('qc-status').textContent()).toBe('失控');
    await open.getByRole('button', { name: '纠正措施' }).click();
    const action = modal(page);
    await choose(page, action.locator('.ant-select').first(), '校准');
    await action.locator('textarea').nth(0).fill('定标曲线漂移，水平1 超出 +3SD');
    await action.locator('textarea').nth(1).fill('重新定标后复测两个水平质控');
    await action.getByRole('button', { name: '保存措施' }).click();
    await until(() => open.count()).toBe(0);

    const all = await api<{ events: { rules: string[]; status: string; actions: { causeCategory: string; cause: string; performedByName?: string; closes: boolean }[] }[] }>('/api/lis/qc/events?status=all&testCode=GLU');
    const event = all.events.find((e) => e.rules.includes('1-3s'))!;
    expect(event.status).toBe('closed');
    expect(event.actions).toEqual([expect.objectContaining({ causeCategory: 'calibration', cause: '定标曲线漂移，水平1 超出 +3SD', performedByName: '钱立新', closes: true })]);
    // The event's actions open as a timeline under it.
    const closed = tableRow(events, '1-3s');
    await closed.locator('.ant-table-row-expand-icon').click();
    await until(() => events.textContent()).toContain('重新定标后复测两个水平质控');
    await snap(h, page, 'lis-qc-chart');
  });

  it('downloads the monthly QC report as a PDF preview and as Excel', async () => {
    await page.getByRole('button', { name: '月度质控报告' }).click();
    const dialog = page.getByTestId('qc-monthly-report');
    await dialog.getByRole('button', { name: /预览 PDF/ }).click();
    const frame = page.getByTestId('pdf-frame');
    await frame.waitFor();
    const head = await frame.evaluate(async (el: HTMLIFrameElement) => new TextDecoder('latin1').decode(new Uint8Array(await (await fetch(el.src)).arrayBuffer()).slice(0, 5)));
    expect(head).toBe('%PDF-');
    await page.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
    await frame.waitFor({ state: 'detached' });

    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: /下载 Excel/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`室内质控月报-${MONTH}.xlsx`);
    const dir = mkdtempSync(join(tmpdir(), 'medunion-qc-'));
    try {
      const path = join(dir, 'report.xlsx');
      await file.saveAs(path);
      expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path);
      const text = workbook.worksheets.map((s) => s.getSheetValues().flat().map(String).join(' ')).join(' ');
      expect(text).toContain('空腹血糖');
      expect(text).toContain('1-3s');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await page.keyboard.press('Escape');
  });

  it('lists materials with their lots, the PBRTQC streams, the statistics and TAT', async () => {
    await page.goto(`${h.tp.url}/lis/qc/materials`);
    const materials = page.getByTestId('qc-materials');
    await until(() => materials.textContent()).toContain('26530');
    expect(await materials.textContent()).toContain('BC-5D 血液质控（迈瑞）');
    expect(await materials.textContent()).toContain('QC1');
    await page.getByRole('tab', { name: '靶值', exact: true }).click();
    await until(() => page.getByTestId('qc-targets').textContent()).toContain('固定靶值');
    await snap(h, page, 'lis-qc-materials');

    await page.goto(`${h.tp.url}/lis/qc/pbrtqc`);
    const streams = page.getByTestId('pbrtqc-streams');
    await until(() => streams.textContent()).toContain('空腹血糖');
    expect(await streams.textContent()).toContain('钾');
    // AI-PBRTQC on the selected stream: the demo has few patients' glucose results, so the server explains why it
    // cannot simulate (a history of 50 or more gives the ranking instead).
    const simulation = page.getByTestId('pbrtqc-simulation');
    await simulation.getByRole('button', { name: /运行模拟/ }).click();
    await until(() => simulation.textContent()).toMatch(/模拟至少需要 50 个|推荐：/);
    await snap(h, page, 'lis-pbrtqc');

    await page.goto(`${h.tp.url}/lis/stats`);
    const stats = await api<{ total: { tests: number } }>('/api/lis/stats/workload');
    await until(() => page.getByTestId('kpi-tests').textContent()).toContain(String(stats.total.tests));
    await until(() => page.getByTestId('stats-overview-day').locator('canvas').count()).toBeGreaterThan(0);
    await snap(h, page, 'lis-stats');

    await page.goto(`${h.tp.url}/lis/tat`);
    await until(() => page.getByTestId('tat-overview').textContent()).toContain('签收→报告');
    await until(() => page.getByTestId('tat-groups').locator('.ant-table-row').count()).toBeGreaterThan(0);
    await until(() => page.getByTestId('tat-group-chart').locator('canvas').count()).toBeGreaterThan(0);
    await snap(h, page, 'lis-tat');
  });

  it('shows the wall screen outside the shell: dark, counts by status, today’s TAT, refreshed', async () => {
    await page.goto(`${h.tp.url}/lis/wall`);
    const wall = page.getByTestId('lis-wall');
    await wall.waitFor();
    expect(await page.getByRole('menu').count()).toBe(0);
    expect(await wall.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 20, 38)');
    const counts = page.getByTestId('wall-counts');
    await until(() => counts.textContent()).toContain('已审核');
    const wallData = await api<{ counts: Record<string, number> }>('/api/lis/tat/wall-screen');
    expect(await counts.textContent()).toContain(`${wallData.counts.reviewed ?? 0}已审核`);
    await until(() => page.getByTestId('wall-updated').textContent()).toMatch(/更新于 \d{2}:\d{2}:\d{2}（每 15 秒）/);
    expect(await page.getByTestId('wall-tat').textContent()).toContain('达标率');
    await page.evaluate(SETTLE);
    await h.screenshot(page, 'lis-wall');
  });
});
