import type { Bundle, Organization } from '@medplum/fhirtypes';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PATIENTS } from '../../src/bootstrap/demo-region.ts';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';

// 张三丰, the first demo patient: found by pinyin initials and by his resident ID card.
const ZHANG = DEMO_PATIENTS[0];
const maskedIdCard = `${ZHANG.idCard.slice(0, 6)}********${ZHANG.idCard.slice(-4)}`;
// Polls wait for the page to catch up with the server (searches, lazy chunks, a reload); generous for slow CI machines.
const WAIT = { timeout: 15_000 };

describe.skipIf(!browserRunnable)('shared widgets in chromium', () => {
  let h: BrowserHarness;
  let page: Page;

  beforeAll(async () => {
    h = await startBrowserHarness();
    page = await h.freshPage();
    await h.signIn(page, 'admin');
  });
  afterAll(async () => {
    await page?.context().close();
    await h?.close();
  });

  const gallery = () => page.getByTestId('widget-gallery');

  /** What the server counts for a user (`_summary=count` through their access policies): the dashboard must show the same. */
  async function serverCount(username: string, type: string): Promise<string> {
    const token = await h.tp.login(username);
    const res = await h.tp.request('GET', `/fhir/R4/${type}?_summary=count`, { token });
    return String(((await res.json()) as Bundle).total);
  }

  it('shows the home dashboard with figures and the sign-in chart from real data', async () => {
    const grid = page.getByTestId('dashboard-grid');
    await grid.waitFor();
    const titles = await grid.locator('.ant-card-head-title').allTextContents();
    expect(titles).toEqual(['我的信息', '数据概况', '今日登录（按小时）', '今日登录失败', '患者性别构成', '最近访问']);
    const figures = grid.locator('[data-widget="stats"] .ant-statistic-content');
    const expected = [await serverCount('admin', 'Patient'), await serverCount('admin', 'Practitioner'), await serverCount('admin', 'Organization')];
    expect(Number(expected[0])).toBeGreaterThanOrEqual(DEMO_PATIENTS.length);
    await expect.poll(() => figures.allTextContents(), WAIT).toEqual(expected);
    // The sign-in just made is in today's audit log, so the chart is drawn (a canvas, not the empty state).
    await grid.locator('[data-widget="signins"] canvas').first().waitFor();
    await grid.locator('[data-widget="patientsByGender"] canvas').first().waitFor();
  });

  it('opens the widget gallery from the menu', async () => {
    await page.getByRole('menuitem', { name: '系统管理' }).click();
    await page.getByRole('menuitem', { name: '组件示例' }).click();
    await page.waitForURL('**/admin/widgets');
    await gallery().waitFor();
  });

  it('finds 血常规 in the dictionary picker by pinyin initials and by full pinyin, and selects it', async () => {
    const picker = page.getByTestId('lab-picker');
    await picker.getByRole('combobox').click();
    await page.keyboard.type('xcg');
    const first = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    await expect.poll(() => first.textContent(), WAIT).toContain('血常规');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('lab-picker-value').textContent(), WAIT).toBe('已选：CBC 血常规');

    await picker.getByRole('combobox').click();
    await page.keyboard.type('xuechang');
    await expect.poll(() => page.locator('.ant-select-dropdown:visible .ant-select-item-option').allTextContents(), WAIT).toEqual([expect.stringContaining('血常规')]);
    await page.keyboard.press('Escape');
  });

  it('finds the demo patient by pinyin and by ID card and shows the banner', async () => {
    const search = page.getByTestId('patient-search');
    const box = search.getByRole('textbox');
    const rows = search.locator('.ant-table-row');
    const banner = page.getByTestId('patient-banner');
    await box.fill('zsf');
    await expect.poll(async () => (await rows.allTextContents()).some((r) => r.includes(ZHANG.name)), WAIT).toBe(true);
    expect(await search.locator('.ant-tag').textContent()).toBe('按拼音查询');
    // Enter takes the highlighted row: the first, then the second after ↓.
    const names = await rows.locator('td:first-child').allTextContents();
    await box.press('Enter');
    await expect.poll(() => banner.locator('strong').first().textContent(), WAIT).toBe(names[0]);
    if (names.length > 1) {
      await box.press('ArrowDown');
      await box.press('Enter');
      await expect.poll(() => rows.nth(1).getAttribute('aria-selected'), WAIT).toBe('true');
      await expect.poll(() => banner.locator('strong').first().textContent(), WAIT).toBe(names[1]);
    }

    // His record at the lead hospital: the row with his medical record number.
    await rows.filter({ hasText: ZHANG.mrn }).click();
    await expect.poll(() => banner.textContent(), WAIT).toContain(ZHANG.mrn);
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain(ZHANG.name);
    expect(text).toContain(maskedIdCard);
    expect(text).not.toContain(ZHANG.idCard);

    await box.fill(ZHANG.idCard);
    await expect.poll(() => search.locator('.ant-tag').textContent(), WAIT).toBe('按身份证号查询');
    await expect.poll(() => rows.filter({ hasText: ZHANG.mrn }).count(), WAIT).toBe(1);
    // Every match of an ID card search is that person, shown with the number masked.
    for (const row of await rows.allTextContents()) {
      expect(row).toContain(ZHANG.name);
      expect(row).toContain(maskedIdCard);
    }
    await box.fill('');
    await box.fill(ZHANG.idCard.slice(0, 17) + (ZHANG.idCard[17] === '0' ? '1' : '0'));
    await expect.poll(() => search.locator('.ant-tag').textContent(), WAIT).toBe('身份证号校验位不正确，已按其他证件号查询');
  });

  it('applies the user\'s form settings, maps a server validation error onto the field, saves, then recalls a remembered value', async () => {
    const form = page.getByTestId('resource-form-Organization');
    const item = (label: string) => form.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: new RegExp(`^${label}$`) }) });
    // 表单设置: rename 名称 and remember 别名 for the next new record.
    await form.getByRole('button', { name: '表单设置' }).click();
    const dialog = page.locator('.ant-modal');
    const row = (label: string) => dialog.locator('.ant-table-row').filter({ has: page.locator('td', { hasText: new RegExp(`^${label}$`) }) });
    await row('名称').locator('input').fill('科室名称');
    await row('别名').getByRole('switch').first().click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await item('科室名称').waitFor();

    const name = `组件示例科室-${Date.now()}`;
    await form.getByLabel('科室名称').fill(name);
    await item('别名').getByRole('button', { name: /添\s*加/ }).click();
    await item('别名').locator('input').first().fill('示例科');
    await item('标识').getByRole('button', { name: /添\s*加/ }).click();
    await item('标识').getByLabel('标识体系').fill('not a uri');
    await item('标识').getByPlaceholder('标识值').fill('ZS-001');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    // The server's OperationOutcome names Organization.identifier[0].system: the message sits under that input.
    await item('标识').locator('.ant-form-item-explain-error', { hasText: 'Invalid uri format' }).waitFor();

    await item('标识').getByLabel('标识体系').fill('https://medunion.org/fhir/sid/demo');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByTestId('form-saved').textContent(), WAIT).toMatch(/^已保存 Organization\//);
    const token = await h.tp.login('admin');
    const res = await h.tp.request('GET', `/fhir/R4/Organization?name:exact=${encodeURIComponent(name)}`, { token });
    const saved = ((await res.json()) as Bundle<Organization>).entry?.map((e) => e.resource!) ?? [];
    expect(saved.map((o) => [o.name, o.alias, o.active, o.identifier])).toEqual([[name, ['示例科'], true, [{ system: 'https://medunion.org/fhir/sid/demo', value: 'ZS-001' }]]]);
    // The gallery opens a fresh form after a save: the remembered alias is filled in, the name is not.
    await expect.poll(() => item('别名').locator('input').first().inputValue(), WAIT).toBe('示例科');
    expect(await form.getByLabel('科室名称').inputValue()).toBe('');
  });

  it('draws barcodes on screen and previews a server-rendered PDF label with a barcode', async () => {
    const code128 = gallery().locator('canvas[data-bcid="code128"]').first();
    await expect.poll(() => code128.evaluate((c: HTMLCanvasElement) => c.width), WAIT).toBeGreaterThan(50);
    await page.getByRole('button', { name: '预览检验条码标签' }).click();
    const frame = page.getByTestId('pdf-frame');
    await frame.waitFor();
    const pdf = await frame.evaluate(async (el: HTMLIFrameElement) => {
      const bytes = new Uint8Array(await (await fetch(el.src)).arrayBuffer());
      return { head: new TextDecoder('latin1').decode(bytes.slice(0, 5)), body: new TextDecoder('latin1').decode(bytes), blob: el.src.startsWith('blob:') };
    });
    expect(pdf.blob).toBe(true);
    expect(pdf.head).toBe('%PDF-');
    // The barcode node became an image XObject; the Chinese title is set in the embedded CJK font.
    expect(pdf.body).toMatch(/\/Subtype\s*\/Image/);
    expect(pdf.body).toMatch(/\/FontFile[23]/);
    await page.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
    await frame.waitFor({ state: 'detached' });
  });

  it('renders the charts on canvases', async () => {
    await expect.poll(() => gallery().getByTestId('chart').locator('canvas').count(), WAIT).toBeGreaterThanOrEqual(4);
    await page.evaluate(() => window.scrollTo(0, 0));
    // Toasts of the save above would cover the page title.
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await h.screenshot(page, 'widget-gallery');
  });

  it('keeps recent pages and the user\'s dashboard layout across a reload, and resets the layout', async () => {
    await page.getByRole('menuitem', { name: '首页' }).click();
    const grid = page.getByTestId('dashboard-grid');
    const titles = () => grid.locator('.ant-card-head-title').allTextContents();
    await expect.poll(() => grid.locator('[data-widget="recentPages"] a').allTextContents(), WAIT).toContain('组件示例');
    // Customise: hide the failed sign-ins, move recent pages before the gender chart, widen it to the full row.
    await page.getByRole('button', { name: '自定义布局' }).click();
    await grid.locator('[data-widget="failedLogins"]').getByRole('button', { name: '隐藏' }).click();
    await grid.locator('[data-widget="recentPages"]').getByRole('button', { name: '前移' }).click();
    await grid.locator('[data-widget="recentPages"]').getByRole('combobox', { name: '宽度' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '4/4' }).click();
    await page.getByRole('button', { name: /完\s*成/ }).click();
    const customised = ['我的信息', '数据概况', '今日登录（按小时）', '最近访问', '患者性别构成'];
    await expect.poll(titles, WAIT).toEqual(customised);

    await page.reload();
    await grid.waitFor();
    await expect.poll(titles, WAIT).toEqual(customised);
    await expect.poll(() => grid.locator('[data-widget="recentPages"] a').allTextContents(), WAIT).toContain('组件示例');
    expect(await grid.locator('[data-widget="recentPages"]').getAttribute('class')).toContain('ant-col-xl-24');

    await page.getByRole('button', { name: '自定义布局' }).click();
    await page.getByRole('button', { name: '恢复默认布局' }).click();
    await page.getByRole('button', { name: /完\s*成/ }).click();
    const defaults = ['我的信息', '数据概况', '今日登录（按小时）', '今日登录失败', '患者性别构成', '最近访问'];
    await expect.poll(titles, WAIT).toEqual(defaults);
    // The reset is saved too; the reloaded page is also a clean state (no button mid-transition) for the screenshot.
    await page.reload();
    await grid.waitFor();
    await expect.poll(titles, WAIT).toEqual(defaults);
    await grid.locator('[data-widget="signins"] canvas').first().waitFor();
    await h.screenshot(page, 'home-dashboard');
  });

  it("gives a doctor a dashboard of their own institution's data, without audit figures", async () => {
    const doctor = await h.freshPage();
    await h.signIn(doctor, 'lead.doctor');
    const grid = doctor.getByTestId('dashboard-grid');
    await grid.waitFor();
    expect(await grid.locator('.ant-card-head-title').allTextContents()).toEqual(['我的信息', '数据概况', '患者性别构成', '最近访问']);
    const visible = await serverCount('lead.doctor', 'Patient');
    // Fewer than the admin sees: other institutions' patients are not counted.
    expect(Number(visible)).toBeLessThan(Number(await serverCount('admin', 'Patient')));
    await expect.poll(() => grid.locator('[data-widget="stats"] .ant-statistic-content').first().textContent(), WAIT).toBe(visible);
    await doctor.context().close();
  });
});
