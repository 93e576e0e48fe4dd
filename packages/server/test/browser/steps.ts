import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { BrowserHarness } from './harness.ts';

/** Shared steps of the browser suites. */

// An upper bound for the page to catch up (CI machines are shared and slow); assertions do not depend on timing.
export const until = <T,>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

/** A menu entry by its label (its accessible name also carries the icon's label, e.g. "user 用户管理"). */
export const menuItem = (page: Page, label: string) => page.getByRole('menuitem', { name: new RegExp(`(^|\\s)${label}$`) });

/** Opens a page from the left menu: the group is expanded first unless the entry is already visible. */
export async function openFromMenu(page: Page, group: string, entry: string, path: string): Promise<void> {
  const item = menuItem(page, entry);
  if (!(await item.isVisible())) await menuItem(page, group).click();
  // The submenu slides open: click the entry once it stands still (under load a moving target swallows the click).
  await item.waitFor();
  await page.evaluate(SETTLE);
  await item.click();
  await page.waitForURL(`**${path}`);
}

// Finite animations only: spinners and the critical-value flash run forever.
export const SETTLE = `Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => undefined)))`;

/** Picks an option of an antd Select once drawers and the dropdown have finished moving (the open dropdown is the only visible one). */
export async function choose(page: Page, select: Locator, option: string, typed?: string): Promise<void> {
  await page.evaluate(SETTLE);
  await select.click();
  if (typed) await page.keyboard.type(typed);
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await item.waitFor();
  await page.evaluate(SETTLE);
  await item.click();
}

/** A screenshot of the settled page, scrolled to `at` (else the top), drawers done sliding, transient toasts left out. */
export async function snap(h: BrowserHarness, page: Page, name: string, at?: Locator): Promise<void> {
  if (at) await at.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  else await page.evaluate('window.scrollTo(0, 0)');
  await page.evaluate(SETTLE);
  await page.evaluate(`document.head.append(Object.assign(document.createElement('style'), { id: 'snap-no-toasts', textContent: '.ant-message { visibility: hidden; }' }))`);
  await h.screenshot(page, name);
  await page.evaluate(`document.getElementById('snap-no-toasts').remove()`);
}

export const drawer = (page: Page) => page.locator('.ant-drawer-content-wrapper:visible');
/** An input of a generated form by its label text (the form item holding that label). */
export const formInput = (scope: Locator, label: string) => scope.locator('.ant-form-item').filter({ has: scope.page().locator('label', { hasText: new RegExp(`^${label}$`) }) }).locator('input').first();
export const tableRow = (scope: Page | Locator, text: string) => scope.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: text });

export const modal = (page: Page) => page.locator('.ant-modal-wrap:visible .ant-modal');
