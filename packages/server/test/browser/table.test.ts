import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Patient } from '@medplum/fhirtypes';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '@medunion/kernel';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';

const SEEDED = 10_000;
const EXPORT_MARKED = 1_200;
const MARK = 'urn:medunion:test:resource-table|export';
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

/**
 * 10,000 Patients written straight through the kernel store as the system, 1,000 per multi-row insert; 1,200 of them
 * carry an identifier the export test filters on. Through the HTTP API (transaction Bundles) seeding dominated the
 * browser suite; the table is what is under test here, not the write path, which the store and HTTP suites cover. The
 * store still validates each Patient and writes rows, search indexes, history and audit entries.
 */
async function seedPatients(h: BrowserHarness): Promise<void> {
  const { store } = h.tp.platform.kernel;
  const ctx = { principal: SYSTEM_PRINCIPAL };
  for (let start = 0; start < SEEDED; start += 1000) {
    const inputs = Array.from({ length: 1000 }, (_, i) => {
      const n = start + i;
      const identifier = [{ system: 'urn:medunion:test:resource-table', value: n < EXPORT_MARKED ? 'export' : `n${n}` }];
      const family = SURNAMES[n % SURNAMES.length];
      const resource: Patient = { resourceType: 'Patient', identifier, name: [{ text: `${family}测试${n}`, family, given: [`测试${n}`] }], gender: n % 2 ? 'male' : 'female', birthDate: '1980-01-01' };
      return { resource, id: randomUUID() };
    });
    await store.inUnit(ctx, (unit) => store.createManyIn(unit, ctx, inputs, (_, err) => err));
  }
}

interface SearchBundle {
  total?: number;
  entry?: { resource: { id: string } }[];
}

describe.skipIf(!browserRunnable)('ResourceTable on 数据浏览 in chromium', () => {
  let h: BrowserHarness;
  let token: string;
  let total: number;

  const api = async <T,>(path: string): Promise<T> => {
    const res = await h.tp.request('GET', path, { token });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const rangeText = (page: Page) => page.locator('.ant-pagination-total-text').textContent();
  const firstId = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row td').first().textContent();
  const headers = (page: Page) => page.locator('.ant-table-thead th').allTextContents();
  // Waiting is bounded, not timed: a loaded CI machine may need seconds for what takes milliseconds on an idle one.
  const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000 });
  const colour = (l: Locator) => l.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color);

  beforeAll(async () => {
    // Without the patient index (mpi), which would match each of the 10,000 new Patients in the background while
    // the table is driven; the table does not depend on it.
    h = await startBrowserHarness({ MEDUNION_MODULES: '-mpi' });
    token = await h.tp.login('admin');
    await seedPatients(h);
    total = (await api<SearchBundle>('/fhir/R4/Patient?_summary=count&_total=accurate')).total!;
    expect(total).toBeGreaterThanOrEqual(SEEDED);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });
  // Each test starts from the page's default arrangement: the table's settings are per user and admin is shared.
  beforeEach(async () => {
    expect((await h.tp.request('DELETE', '/api/me/settings/table.admin.resources', { token })).status).toBe(204);
  });

  it('pages to the end of 10,000 Patients, sorts on the server, and moves pages with the keyboard', async () => {
    const page = await h.freshPage();
    await h.signIn(page);
    await page.goto(`${h.tp.url}/admin/resources?type=Patient`);
    await poll(() => rangeText(page)).toBe(`第 1-20 条，共 ${total} 条`);
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(20);

    // The last page, from the pager.
    const last = Math.ceil(total / 20);
    await page.locator(`.ant-pagination-item-${last}`).click();
    await poll(() => rangeText(page)).toBe(`第 ${(last - 1) * 20 + 1}-${total} 条，共 ${total} 条`);
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(total - (last - 1) * 20);

    // Sorting by id: ascending, then descending — the order the server gives for _sort.
    const ascending = (await api<SearchBundle>('/fhir/R4/Patient?_sort=_id&_count=1')).entry![0].resource.id;
    const descending = (await api<SearchBundle>('/fhir/R4/Patient?_sort=-_id&_count=1')).entry![0].resource.id;
    await page.locator('.ant-table-thead th', { hasText: '资源 ID' }).click();
    await poll(() => firstId(page)).toBe(ascending);
    expect(await rangeText(page)).toBe(`第 1-20 条，共 ${total} 条`);
    await page.locator('.ant-table-thead th', { hasText: '资源 ID' }).click();
    await poll(() => firstId(page)).toBe(descending);
    await page.evaluate('window.scrollTo(0, 0)');
    await h.screenshot(page, 'resource-table');

    // Keyboard: → and PageDown forward, ← back; Alt+R reloads the page from the server.
    // (In-page expressions are strings: this file is type-checked without the DOM library.)
    await page.evaluate('document.activeElement?.blur()');
    await page.keyboard.press('ArrowRight');
    await poll(() => rangeText(page)).toBe(`第 21-40 条，共 ${total} 条`);
    await page.keyboard.press('PageDown');
    await poll(() => rangeText(page)).toBe(`第 41-60 条，共 ${total} 条`);
    await page.keyboard.press('ArrowLeft');
    await poll(() => rangeText(page)).toBe(`第 21-40 条，共 ${total} 条`);
    const reload = page.waitForRequest((r) => r.url().includes('/fhir/R4/Patient?') && r.url().includes('_offset=20'));
    await page.keyboard.press('Alt+R');
    await reload;

    // '/' jumps into the first filter; typed arrows then stay in the field.
    await page.keyboard.press('/');
    await poll(() => page.evaluate(`document.activeElement?.closest('[data-testid="filter-bar"]') !== null`)).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await rangeText(page)).toBe(`第 21-40 条，共 ${total} 条`);

    // F1 works even in a field: the help lists the global shortcuts and this table's.
    await page.keyboard.press('F1');
    const help = page.getByRole('dialog', { name: '快捷键' });
    await help.waitFor();
    expect(await help.getByTestId('shortcuts-global').textContent()).toContain('关闭当前页签');
    expect(await help.getByTestId('shortcuts-table').textContent()).toContain('下一页');
    expect(await help.getByTestId('shortcuts-table').textContent()).toContain('导出 Excel');
    await page.keyboard.press('F1');
    await help.waitFor({ state: 'hidden' });

    // 500 rows per page: the table renders only the rows in view (virtual), the pager counts all 500.
    const pageSizeSaved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/me/settings/table.admin.resources'));
    await page.locator('.ant-pagination-options .ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '500' }).click();
    await pageSizeSaved;
    await poll(() => rangeText(page)).toBe(`第 1-500 条，共 ${total} 条`);
    await poll(() => page.locator('.ant-table-tbody-virtual .ant-table-row').count()).toBeGreaterThan(0);
    expect(await page.locator('.ant-table-row').count()).toBeLessThan(500);
    await page.context().close();
  });

  it('remembers hidden columns and density on the server, across a reload', async () => {
    const page = await h.freshPage();
    await h.signIn(page);
    await page.goto(`${h.tp.url}/admin/resources?type=Patient`);
    await poll(() => headers(page)).toContain('状态');

    await page.getByRole('button', { name: '列设置' }).click();
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/me/settings/table.admin.resources'));
    await page.getByTestId('column-chooser').getByRole('checkbox', { name: '状态' }).uncheck();
    expect((await saved).status()).toBe(204);
    await poll(() => headers(page)).not.toContain('状态');

    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '表格密度' }).click();
    const densitySaved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/me/settings/table.admin.resources'));
    await page.getByRole('menuitemcheckbox', { name: '紧凑' }).or(page.getByRole('menuitem', { name: '紧凑' })).click();
    await densitySaved;
    await poll(() => page.locator('.ant-table').first().getAttribute('class')).toContain('ant-table-small');

    // Stored per user on the server…
    const stored = await api<{ columns: { key: string; visible: boolean }[]; density: string }>('/api/me/settings/table.admin.resources');
    expect(stored.columns.find((c) => c.key === 'status')).toEqual({ key: 'status', visible: false });
    expect(stored.density).toBe('small');

    // …so a reload (and another browser) shows the same table.
    await page.reload();
    await poll(() => rangeText(page)).toContain(`共 ${total} 条`);
    expect(await headers(page)).not.toContain('状态');
    expect(await headers(page)).toContain('资源 ID');
    expect(await page.locator('.ant-table').first().getAttribute('class')).toContain('ant-table-small');
    await page.context().close();
  });

  it('exports the whole query to Excel, which opens with the right rows, and prints the page', async () => {
    const page = await h.freshPage({ acceptDownloads: true });
    await h.signIn(page);
    await page.goto(`${h.tp.url}/admin/resources?type=Patient`);
    await page.getByTestId('resource-conditions').locator('input').fill(`identifier=${MARK}`);
    await page.getByTestId('resource-conditions').locator('input').press('Enter');
    await poll(() => rangeText(page)).toBe(`第 1-20 条，共 ${EXPORT_MARKED} 条`);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出 Excel/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^Patient 数据-\d{12}\.xlsx$/);
    const dir = mkdtempSync(join(tmpdir(), 'medunion-xlsx-'));
    try {
      const path = join(dir, 'export.xlsx');
      await file.saveAs(path);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path);
      const sheet = workbook.worksheets[0];
      // Title row, header row, then every matching Patient (all pages, not just the 20 shown).
      expect(sheet.rowCount).toBe(EXPORT_MARKED + 2);
      expect(sheet.getRow(1).getCell(1).value).toBe('Patient 数据');
      const header = (sheet.getRow(2).values as unknown[]).slice(1);
      expect(header).toEqual(['资源 ID', '摘要', '状态', '更新时间']);
      expect(String(sheet.getRow(3).getCell(2).value)).toMatch(/^[王李张刘陈杨赵黄周吴]测试\d+$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // 打印: the current page as a server-rendered PDF, shown in the preview.
    const pdf = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/print/pdf'));
    await page.getByRole('button', { name: /打\s*印/ }).click();
    const response = await pdf;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    const printed = JSON.parse(response.request().postData()!) as { document: { content: { table?: { body: unknown[][]; headerRows: number } }[]; footer: { text: string } }; filename: string };
    expect(printed.filename).toBe('Patient 数据清单.pdf');
    // Header row (repeated on every printed page) plus the 20 rows on screen; the page number left for the server to fill in.
    const table = printed.document.content.find((c) => c.table)!.table!;
    expect(table.body).toHaveLength(21);
    expect(table.headerRows).toBe(1);
    expect(printed.document.footer.text).toBe('第 {page} 页 / 共 {pages} 页');
    await page.getByRole('dialog', { name: 'Patient 数据清单' }).getByTestId('pdf-frame').waitFor();
    await page.context().close();
  });

  it('switches and closes tabs by keyboard; opens 界面设置 with Alt+S: workstation id, user colours over the institution, reset', async () => {
    // The user chose green for high values earlier (saved on the server); the institution keeps the default purple for critical.
    expect((await h.tp.request('PUT', '/api/me/settings/ui.abnormal', { token, body: { highColor: '#00aa00' }, headers: { 'content-type': 'application/json' } })).status).toBe(204);
    const page = await h.freshPage();
    await h.signIn(page);

    // The shell's shortcuts: Alt+<n> picks a tab, Alt+H goes home, Alt+W closes the current tab.
    await page.goto(`${h.tp.url}/admin/resources?type=Patient`);
    const tabs = () => page.getByRole('tab').allTextContents();
    await poll(tabs).toEqual(['首页', '数据浏览']);
    // Each key waits until the shell shows the tab it led to, as a user would.
    const activeTab = () => page.locator('.ant-tabs-tab-active').textContent();
    await page.keyboard.press('Alt+1');
    await poll(activeTab).toBe('首页');
    await page.keyboard.press('Alt+2');
    await poll(activeTab).toBe('数据浏览');
    expect(new URL(page.url()).pathname).toBe('/admin/resources');
    await page.keyboard.press('Alt+H');
    await poll(activeTab).toBe('首页');
    await page.keyboard.press('Alt+2');
    await poll(activeTab).toBe('数据浏览');
    await page.keyboard.press('Alt+W');
    await poll(tabs).toEqual(['首页']);
    expect(new URL(page.url()).pathname).toBe('/');

    await page.keyboard.press('Alt+S');
    const drawer = page.getByTestId('interface-settings');
    await drawer.waitFor();
    const stored = (await page.evaluate(`localStorage.getItem('medunion.workstation')`)) as string | null;
    expect(stored).toMatch(/^ws-[a-z2-9]{12}$/);
    expect(await page.getByTestId('workstation-id').textContent()).toContain(stored!);

    const high = drawer.locator('[data-abnormality="high"]');
    const critical = drawer.locator('[data-abnormality="critical-high"]');
    await poll(() => colour(high)).toBe('rgb(0, 170, 0)');
    expect(await high.textContent()).toContain('↑');
    expect(await colour(critical)).toBe('rgb(114, 46, 209)');
    expect(await critical.getAttribute('class')).toContain('mu-result--flash');
    expect(await critical.textContent()).toContain('↑↑');

    const reset = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/me/settings/ui.abnormal'));
    await drawer.getByRole('button', { name: '恢复机构默认' }).click();
    expect((await reset).status()).toBe(204);
    await poll(() => colour(high)).toBe('rgb(207, 19, 34)');
    expect(await (await h.tp.request('GET', '/api/me/settings/ui.abnormal', { token })).json()).toEqual({});
    await page.context().close();
  });
});
