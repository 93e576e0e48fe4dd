import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, UPLOAD_PASSWORD } from '../../../recognition/test/setup.ts';
import { chinaDay, recognitionStatsScenario } from '../../../recognition/test/stats-scenario.ts';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';
import { menuItem, SETTLE, snap, until } from './steps.ts';

describe.skipIf(!browserRunnable)('recognition statistics dashboard in chromium', () => {
  let h: BrowserHarness;
  let page: Page;

  /** Opens 互认统计 under 互认管理 (nested under the module's group, which has several entries). */
  const openStats = async () => {
    const item = menuItem(page, '互认统计');
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
    await page.waitForURL('**/recognition/admin/stats');
  };
  const kpi = (id: string) => page.getByTestId(id).locator('.ant-statistic-content').textContent();

  beforeAll(async () => {
    h = await startBrowserHarness();
    const admin = await h.tp.login('admin');
    await recognitionStatsScenario(h.tp, admin, Number(chinaDay().slice(0, 4)));
    page = await h.freshPage({ acceptDownloads: true });
    await h.signIn(page);
  }, 240_000);
  afterAll(async () => {
    await h?.close();
  });

  it('shows this month’s recognitions, refusals, rate and money saved with the charts, and exports Excel', async () => {
    await openStats();
    await until(() => kpi('kpi-recognized')).toBe('1');
    expect(await kpi('kpi-refused')).toBe('1');
    expect(await kpi('kpi-rate')).toBe('50%');
    expect(await kpi('kpi-money')).toBe('20.00元'); // 血常规 at the illustrative default price
    await until(() => page.getByTestId('stats-top-items').textContent()).toContain('血常规');
    await until(() => page.getByTestId('stats-institution-chart').locator('canvas').count()).toBeGreaterThan(0);
    await until(() => page.getByTestId('stats-reason-chart').locator('canvas').count()).toBeGreaterThan(0);
    await until(() => page.getByTestId('stats-qc').textContent()).toContain('未解除报警 1 个');
    await snap(h, page, 'recognition-stats');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '按不互认原因' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^互认统计-按不互认原因-.*\.xlsx$/);
  });

  it('shows an institution’s statistics user only their own institution', async () => {
    const own = await h.freshPage();
    await h.signIn(own, 'dongling.stats', UPLOAD_PASSWORD);
    page = own;
    await openStats();
    await until(() => kpi('kpi-recognized')).toBe('1');
    expect(await own.getByRole('combobox', { name: '机构' }).count()).toBe(0);
    const summary = await call<{ institution: string }>(h.tp, 'GET', '/api/recognition/stats/summary', await h.tp.login('dongling.stats', UPLOAD_PASSWORD));
    expect(summary.body.institution).toBe('thc-dongling');
  });
});
