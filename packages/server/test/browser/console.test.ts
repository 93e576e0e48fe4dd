import { tmpdir } from 'node:os';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '@medunion/web/serve';
import { openPglite } from '../../../kernel/src/db/index.ts';
import { startTestPlatform, TEST_ADMIN_PASSWORD, type TestPlatform } from '../platform.ts';

// Debian's chromium (installed by .ci/run); playwright's own browser download does not work on these machines.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Committed screenshots change only on purpose: `UPDATE_SCREENSHOTS=1 npm test`; otherwise they go to the temp dir.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url)) : tmpdir();
// Without a browser or a built console there is nothing to drive: skip rather than fail (CI has both).
const runnable = existsSync(CHROMIUM) && existsSync(join(WEB_DIST, 'index.html'));

describe.skipIf(!runnable)('web console in chromium', () => {
  let tp: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    tp = await startTestPlatform({ name: 'pglite', open: () => openPglite() });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await tp?.close();
  });

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
    return context.newPage();
  }

  async function signIn(page: Page, password: string): Promise<void> {
    await page.getByPlaceholder('用户名').fill('admin');
    await page.getByPlaceholder('密码').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
  }

  it('serves the console with SPA fallback and leaves API 404s alone', async () => {
    const deep = await fetch(`${tp.url}/admin/audit`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toContain('text/html');
    const api = await fetch(`${tp.url}/api/no-such-route`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/fhir+json');
  });

  it('shows the server message on a wrong password', async () => {
    const page = await freshPage();
    await page.goto(`${tp.url}/login`);
    await signIn(page, 'wrong-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码错误');
    await page.context().close();
  });

  it('logs in, opens the audit log from the menu, verifies the chain', async () => {
    const page = await freshPage();
    // Visiting a deep link first goes to the login page and comes back after sign-in.
    await page.goto(`${tp.url}/`);
    await page.waitForURL('**/login');
    await signIn(page, TEST_ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: '系统管理' }).click();
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL('**/admin/audit');
    // The login just made is in the log.
    await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('tab').allTextContents()).toEqual(['首页', '审计日志']);

    await page.getByRole('button', { name: '校验审计链' }).click();
    const verdict = page.getByTestId('audit-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/审计链完整，共校验 \d+ 条记录/);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'audit.png') });

    // The language switch relabels the menu, and the English dictionary is in use.
    await page.getByRole('button', { name: '语言' }).click();
    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: 'Audit log' }).count()).toBe(1);
    await page.context().close();
  });

  it('keeps the login page first load under 500 KB of gzipped JS', async () => {
    const page = await freshPage();
    const scripts = new Set<string>();
    page.on('response', (res) => {
      const path = new URL(res.url()).pathname;
      if (path.endsWith('.js')) scripts.add(path);
    });
    await page.goto(`${tp.url}/login`, { waitUntil: 'networkidle' });
    await page.getByPlaceholder('用户名').waitFor();
    // The server sends files as built; gzip them here to measure what a compressing proxy would transfer.
    const gzipped = [...scripts].reduce((sum, path) => sum + gzipSync(readFileSync(join(WEB_DIST, path))).length, 0);
    console.log(`login first load: ${scripts.size} JS files, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(gzipped).toBeLessThan(500 * 1024);
    await page.context().close();
  });
});
