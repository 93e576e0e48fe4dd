import type net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hl7Analyzer } from '@medunion/protocols';
import type { Instrument, InstrumentStatus, UnmatchedResultPage } from '@medunion/lis/contracts';
import { seedDemoCatalogues } from '../../../lis/src/catalogue/demo/seed.ts';
import { call, connectTo, freePort, lisContext, observationsOf, seedSpecimen } from '../../../lis/test/instruments/platform.ts';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';
import { choose, drawer, menuItem, modal, SETTLE, snap, tableRow, until } from './steps.ts';

const UNKNOWN_TUBE = '250399999999';
const TUBE = '250301000077';

describe.skipIf(!browserRunnable)('LIS instrument pages in chromium', () => {
  let h: BrowserHarness;
  let page: Page;
  let labhead: string;
  let specimenId: string;
  let takenPort: number;
  let port: number;
  let instrument: Instrument;
  let socket: net.Socket | undefined;

  /** Opens a page under 实验室 › 仪器 from the menu, expanding the groups that are still closed. */
  const open = async (entry: string, path: string) => {
    const item = menuItem(page, entry);
    for (const group of ['实验室', '仪器']) {
      if (await item.isVisible()) break;
      const node = menuItem(page, group);
      // A group already open shows its children; clicking it again would close it.
      if ((await node.getAttribute('aria-expanded')) !== 'true') {
        await node.click();
        await page.evaluate(SETTLE);
      }
    }
    await item.waitFor();
    await page.evaluate(SETTLE);
    await item.click();
    await page.waitForURL(`**${path}`);
  };
  const statusOf = async (id: string) => (await call<InstrumentStatus>(h.tp, 'GET', `/api/lis/instruments/${id}/status`, labhead)).body;

  beforeAll(async () => {
    h = await startBrowserHarness({ MEDUNION_MODULES: '-mpi,-recognition' });
    await seedDemoCatalogues(lisContext(h.tp));
    labhead = await h.tp.login('lead.labhead');
    specimenId = await seedSpecimen(h.tp, { barcode: TUBE, panels: ['CBC'] });
    // An analyzer already listening on a port, so the form's port conflict can be shown.
    takenPort = await freePort();
    const blocker = await call<Instrument>(h.tp, 'POST', '/api/lis/instruments', labhead, { code: 'BS-OLD', name: '旧生化仪', connection: { protocol: 'astm', mode: 'server', port: takenPort }, channels: [] });
    expect(blocker.status, JSON.stringify(blocker.body)).toBe(201);
    page = await h.freshPage();
    await h.signIn(page, 'lead.labhead');
  }, 240_000);
  afterAll(async () => {
    socket?.destroy();
    await h?.close();
  });

  it('creates an HL7 analyzer with a channel map; the port in use is refused on its field; it listens, and a port change applies live', async () => {
    await open('仪器管理', '/lis/instruments');
    await until(() => tableRow(page, 'BS-OLD').count()).toBe(1);
    await page.getByRole('button', { name: /新增仪器/ }).click();
    const form = drawer(page);
    await form.locator('#code').fill('BC-UI');
    await form.locator('#name').fill('迈瑞 BC-5390 血细胞分析仪（二楼）');
    await form.locator('#model').fill('BC-5390');
    await form.locator('#connection_port').fill(String(takenPort));

    await form.getByRole('tab', { name: /通道对照/ }).click();
    await form.getByRole('button', { name: /添加通道/ }).click();
    await form.locator('#channels_0_channel').fill('WBC');
    await choose(page, form.locator('#channels_0_test'), '白细胞计数', 'bxb');
    await form.getByLabel('小数位 1').fill('2');

    await form.getByRole('button', { name: /保\s*存/ }).click();
    // The 409 names connection.port: the drawer goes back to the connection tab and marks the port input.
    const portItem = form.locator('.ant-form-item').filter({ has: page.locator('#connection_port') });
    await until(() => portItem.locator('.ant-form-item-explain-error').textContent()).toContain(`端口 ${takenPort} 已被仪器 BS-OLD 使用`);
    await snap(h, page, 'lis-instrument-form', form.locator('.ant-form-item').filter({ has: page.locator('#connection_protocol') }));

    const first = await freePort();
    await form.locator('#connection_port').fill(String(first));
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await form.waitFor({ state: 'hidden' });
    const row = () => tableRow(page, 'BC-UI');
    await until(() => row().locator('[data-status="listening"]').count()).toBe(1);
    expect(await row().textContent()).toContain(`:${first}`);

    const listed = (await call<{ instruments: Instrument[] }>(h.tp, 'GET', '/api/lis/instruments', labhead)).body.instruments;
    instrument = listed.find((i) => i.code === 'BC-UI')!;
    expect(instrument).toMatchObject({ model: 'BC-5390', connection: { protocol: 'hl7', mode: 'server', port: first, encoding: 'utf-8' }, channels: [{ channel: 'WBC', test: 'WBC', decimals: 2 }] });

    // Reconfigured without a restart: the new port listens as soon as the change is saved.
    port = await freePort();
    await row().getByRole('button', { name: /编\s*辑/ }).click();
    await form.locator('#connection_port').fill(String(port));
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await form.waitFor({ state: 'hidden' });
    await until(async () => (await statusOf(instrument.id)).listening?.port).toBe(port);
    await until(() => row().textContent()).toContain(`:${port}`);
  });

  it('holds the HL7 simulator’s results for an unknown barcode; one is assigned by scanning, its channel mapped, the rest dismissed', async () => {
    socket = await connectTo(port);
    const analyzer = new Hl7Analyzer({ stream: socket, instrumentId: 'BC-5390' });
    const ack = await analyzer.sendResults({
      specimenId: UNKNOWN_TUBE,
      results: [
        { code: 'WBC', value: 7.31, unit: '10*9/L' },
        { code: 'HGB', value: 135, unit: 'g/L' },
        { code: 'PLT', value: 210, unit: '10*9/L', flag: 'H' },
      ],
    });
    expect(ack.code).toBe('AA'); // kept in the unmatched queue, never dropped

    // The analyzer is still connected: the page's status refresh shows it.
    await until(() => tableRow(page, 'BC-UI').locator('[data-status="connected"]').count()).toBe(1);
    await snap(h, page, 'lis-instruments');

    await open('未匹配结果', '/lis/unmatched-results');
    await until(() => tableRow(page, UNKNOWN_TUBE).count()).toBe(3);
    expect(await page.getByTestId('unmatched-page').textContent()).toContain('未知标本');

    // HGB has no channel mapping: pick the test, keep the mapping, scan the tube and press Enter (WBC goes along).
    await tableRow(page, UNKNOWN_TUBE).filter({ hasText: 'HGB' }).click();
    const panel = page.getByTestId('assign-panel');
    await until(() => page.getByTestId('unmatched-detail').textContent()).toContain('HGB');
    await choose(page, panel.locator('#testCode'), '血红蛋白', 'xhdb');
    await panel.getByRole('checkbox', { name: /同时保存通道对照/ }).check();
    await snap(h, page, 'lis-unmatched');
    const scan = panel.locator('#specimen');
    await scan.fill('NO-SUCH-TUBE');
    await scan.press('Enter');
    await until(() => panel.locator('.ant-form-item-explain-error').textContent()).toContain('标本 NO-SUCH-TUBE 不存在');
    await scan.fill(TUBE);
    await scan.press('Enter');
    await until(() => tableRow(page, UNKNOWN_TUBE).count()).toBe(1);

    expect(await observationsOf(h.tp, specimenId)).toEqual([
      { code: 'HGB', value: '135' },
      { code: 'WBC', value: '7.31' },
    ]);
    const mapped = (await call<Instrument>(h.tp, 'GET', `/api/lis/instruments/${instrument.id}`, labhead)).body;
    expect(mapped.channels).toEqual(expect.arrayContaining([{ channel: 'HGB', test: 'HGB' }]));

    // The PLT that is left is now selected; F4 dismisses it with a reason.
    await until(() => page.getByTestId('unmatched-detail').textContent()).toContain('PLT');
    await page.keyboard.press('F4');
    const dialog = modal(page);
    await dialog.getByText('校准测定').click();
    await dialog.getByRole('button', { name: /作\s*废/ }).click();
    await until(() => tableRow(page, UNKNOWN_TUBE).count()).toBe(0);
    const dismissed = (await call<UnmatchedResultPage>(h.tp, 'GET', '/api/lis/unmatched-results?status=dismissed', labhead)).body.results;
    expect(dismissed).toEqual([expect.objectContaining({ channel: 'PLT', status: 'dismissed', note: '校准测定', handledBy: 'lead.labhead' })]);
  });

  it('shows the raw ORU^R01 in 通讯报文 with its control characters and bytes', async () => {
    await open('通讯报文', '/lis/instrument-messages');
    await choose(page, page.locator('#lis-messages-filter_instrument'), 'BC-UI');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const oru = tableRow(page, 'ORU^R01');
    await until(() => oru.count()).toBe(1);
    expect(await oru.textContent()).toContain('未匹配');
    expect(await tableRow(page, 'ACK^R01').count()).toBe(1);

    await oru.click();
    const view = page.getByTestId('traffic-view');
    await until(() => view.getByTestId('traffic-text').textContent()).toContain(`MSH|^~\\&|BC-5390`);
    const controls = await view.locator('.lis-control').allTextContents();
    expect(controls[0]).toBe('<VT>');
    expect(controls).toContain('<CR>');
    expect(controls.at(-2)).toBe('<FS>');
    expect(await view.getByTestId('traffic-text').textContent()).toContain(`|${UNKNOWN_TUBE}|`);
    await snap(h, page, 'lis-instrument-messages');

    await view.getByText('十六进制', { exact: true }).click();
    await until(() => view.getByTestId('traffic-text').textContent()).toMatch(/^00000000 {2}0b 4d 53 48 7c/);
  });
});
