import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';
import { choose, openFromMenu as openMenuEntry, snap, until } from './steps.ts';

interface CodeSystemLike {
  version?: string;
  count?: number;
  concept?: { code: string; display?: string }[];
}
interface UnmappedLike {
  counts: { total: number; mapped: number; unmatched: number; unmapped: number };
}

const DICTIONARY = 'https://medunion.org/fhir/CodeSystem/dictionary/lead-hospital/departments';

const openFromMenu = (page: Page, entry: string, path: string) => openMenuEntry(page, '术语与字典', entry, path);

/** The dialog's 导入 (OK) button, found by its place rather than its text, which carries a spinner while busy. */
const importButton = (page: Page) => page.locator('.ant-modal:visible .ant-modal-footer .ant-btn-primary');

const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

describe.skipIf(!browserRunnable)('terminology pages in chromium', () => {
  let h: BrowserHarness;
  let page: Page;
  let adminToken: string;
  const get = async <T,>(path: string): Promise<T> => (await (await h.tp.request('GET', path, { token: adminToken })).json()) as T;

  beforeAll(async () => {
    h = await startBrowserHarness();
    adminToken = await h.tp.login('admin');
    page = await h.freshPage();
    await h.signIn(page);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('browses the 诊疗科目 tree, looks a concept up and filters by pinyin initials', async () => {
    await openFromMenu(page, '术语浏览', '/terminology/code-systems');
    await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '医疗机构诊疗科目名录' }).click();
    const tree = page.getByTestId('concept-tree');
    await until(() => tree.textContent()).toContain('03  内科');
    await tree.getByText('03  内科').click();
    // $lookup: the children of 内科 are its 专业.
    await until(() => page.getByTestId('concept-detail').textContent()).toContain('03.04');
    await page.getByRole('searchbox', { name: '按编码、拼音首字母或名称过滤' }).fill('xxgnk');
    const list = page.getByTestId('concept-list');
    await until(() => list.textContent()).toContain('心血管内科专业');
    expect(await list.textContent()).not.toContain('呼吸内科专业');
    await snap(h, page, 'terminology-code-systems', page.getByTestId('concept-browser'));
  });

  it('refuses a CSV with a bad row (row report, nothing stored), imports a good one and saves an edit as a new version', async () => {
    await openFromMenu(page, '本机构字典', '/terminology/dictionaries');
    await until(() => page.getByTestId('institution-picker').textContent()).toContain('青山县人民医院');
    await page.getByRole('button', { name: '导入字典' }).click();
    const modal = page.locator('.ant-modal:visible');
    await choose(page, modal.locator('.ant-select').first(), '科室', 'ks');
    await modal.locator('input[type=file]').setInputFiles(csv('bad.csv', '编码,名称\nNK,内科\nWK,\n'));
    await importButton(page).click();
    const problems = modal.getByTestId('import-problems');
    await until(() => problems.textContent()).toContain('第3行名称为空');
    expect(await problems.locator('tbody tr').first().locator('td').first().textContent()).toBe('3');
    await snap(h, page, 'terminology-import-errors');
    expect((await get<{ total?: number }>(`/fhir/R4/CodeSystem?url=${encodeURIComponent(DICTIONARY)}&_summary=count`)).total).toBe(0);

    await modal.locator('input[type=file]').setInputFiles(csv('good.csv', '编码,名称\nNK,内科\nWK,外科\nXEK,小儿科\nZYK,中医科\nYB,院办\n'));
    await importButton(page).click();
    const table = page.getByTestId('dictionaries');
    await until(() => table.textContent()).toContain('科室字典（青山县人民医院）v1');

    // Add 妇科 and save: version 2 is a new CodeSystem, version 1 stays as it was.
    await table.getByRole('button', { name: '维护概念' }).click();
    const drawer = page.locator('.ant-drawer-content-wrapper:visible');
    // Names are inputs (rename in place).
    await until(() => drawer.getByLabel('改名 ZYK').inputValue()).toBe('中医科');
    await drawer.getByLabel('编码', { exact: true }).fill('FK');
    await drawer.getByLabel('名称', { exact: true }).fill('妇科');
    await drawer.getByRole('button', { name: '新增概念' }).click();
    await drawer.getByRole('button', { name: '保存为新版本 2' }).click();
    await until(() => table.textContent()).toContain('科室字典（青山县人民医院）v2');
    const versions = await get<{ entry: { resource: CodeSystemLike }[] }>(`/fhir/R4/CodeSystem?url=${encodeURIComponent(DICTIONARY)}&_sort=version`);
    expect(versions.entry.map((e) => [e.resource.version, e.resource.count]).sort()).toEqual([
      ['1', 5],
      ['2', 6],
    ]);
  });

  it('maps an item by accepting the top suggestion with Enter, marks one without counterpart, and the unmapped count falls', async () => {
    await openFromMenu(page, '字典映射', '/terminology/mapping');
    await choose(page, page.getByTestId('dictionary-select'), '科室字典（青山县人民医院）v2');
    const progress = page.getByTestId('mapping-progress');
    await until(() => progress.textContent()).toContain('共 6，已映射 0，无对应 0，未映射 6');
    const items = page.getByTestId('mapping-items');
    await items.locator('[data-code="NK"]').click();
    const panel = page.getByTestId('suggestion-panel');
    await until(() => panel.getByTestId('suggestion').first().textContent()).toContain('03内科');
    expect(await panel.textContent()).toContain('名称相似度 1.00');
    await page.keyboard.press('Enter');
    await until(() => progress.textContent()).toContain('已映射 1');
    await until(() => items.locator('[data-code="NK"]').textContent()).toContain('已映射');

    await items.locator('[data-code="YB"]').click();
    await panel.getByRole('button', { name: '标记为无对应' }).click();
    await until(() => progress.textContent()).toContain('无对应 1，未映射 4');
    await snap(h, page, 'terminology-mapping');

    const report = await get<UnmappedLike>(`/api/terminology/mapping/unmapped?dictionary=${encodeURIComponent(DICTIONARY)}`);
    expect(report.counts).toEqual({ total: 6, mapped: 1, unmatched: 1, unmapped: 4 });

    await openFromMenu(page, '未映射报告', '/terminology/unmapped');
    await choose(page, page.getByTestId('dictionary-select'), '科室字典（青山县人民医院）v2');
    const rows = page.getByTestId('unmapped-items').locator('tbody tr.ant-table-row');
    await until(() => rows.count()).toBe(4);
    expect(await page.getByTestId('unmapped-counts').textContent()).toContain('未映射4');
    await until(() => rows.filter({ hasText: 'WK' }).textContent()).toContain('外科');
  });
});
