import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { WEB_DIST } from '@medunion/web/serve';
import { openPglite } from '../../../kernel/src/db/index.ts';
import { DEMO_PASSWORD, startTestPlatform, TEST_ADMIN_PASSWORD, type TestPlatform } from '../platform.ts';

// Debian's chromium (installed by .ci/run); playwright's own browser download does not work on these machines.
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Committed screenshots change only on purpose: `UPDATE_SCREENSHOTS=1 npm test`; otherwise they go to the temp dir.
const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'medunion-screenshots');
/** Without a browser or a built console there is nothing to drive: suites skip rather than fail (CI has both). */
export const browserRunnable = existsSync(CHROMIUM) && existsSync(join(WEB_DIST, 'index.html'));

export interface BrowserHarness {
  tp: TestPlatform;
  browser: Browser;
  /** A new browser context (zh-CN, 1280×720) and page. Close it with `page.context().close()`. */
  freshPage(options?: { locale?: string; acceptDownloads?: boolean }): Promise<Page>;
  /** Opens /login and signs in; resolves once the shell's menu is shown. Demo users use the demo password. */
  signIn(page: Page, username?: string, password?: string): Promise<void>;
  /** Saves a screenshot under docs/screenshots/ (only with UPDATE_SCREENSHOTS=1; else the temp dir). */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** A real platform on PGlite with the demo region and a real chromium, for one browser suite. */
export async function startBrowserHarness(env: Record<string, string> = {}): Promise<BrowserHarness> {
  const tp = await startTestPlatform({ name: 'pglite', open: () => openPglite() }, env);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return {
    tp,
    browser,
    freshPage: async (options = {}) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: options.locale ?? 'zh-CN', acceptDownloads: options.acceptDownloads ?? false });
      return context.newPage();
    },
    signIn: async (page, username = 'admin', password) => {
      await page.goto(`${tp.url}/login`);
      await page.getByPlaceholder('用户名').fill(username);
      await page.getByPlaceholder('密码').fill(password ?? (username === 'admin' ? TEST_ADMIN_PASSWORD : DEMO_PASSWORD));
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByRole('menu').first().waitFor();
    },
    screenshot: async (page, name) => {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
    },
    close: async () => {
      await browser.close();
      await tp.close();
    },
  };
}
