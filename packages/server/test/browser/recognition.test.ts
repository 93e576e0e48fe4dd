import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createUploader, indexSettled, mapLocalItems, UPLOAD_PASSWORD } from '../../../recognition/test/setup.ts';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';
import { choose, menuItem, modal, snap, tableRow, until } from './steps.ts';

const ID_CARD = '110101195603120037';
const V1 = '/api/recognition/v1';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');

type Decision = { kind: string; itemCode?: string; reasonCode?: string; institution: string };

describe.skipIf(!browserRunnable)('recognition doctor workstation in chromium', () => {
  let h: BrowserHarness;
  let page: Page;
  let doctorToken: string;
  let patientId: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    const t = h.tp;
    const admin = await t.login('admin');
    const year = new Date().getUTCFullYear();
    for (const [org, level] of [['lead-hospital', '二级甲等'], ['thc-hexi', '一级']]) {
      expect((await call(t, 'PUT', `/api/recognition/admin/institutions/${org}`, admin, { level })).status).toBe(200);
    }
    await createUploader(t, 'lead.upload', 'lead-hospital');
    await createUploader(t, 'hexi.upload', 'thc-hexi');
    await t.platform.kernel.auth.createUser({ username: 'hexi.admin', password: UPLOAD_PASSWORD, roles: [{ role: 'institution-admin', institution: 'thc-hexi' }] });
    await mapLocalItems(t, await t.login('lead.admin'), [['XCG', '血常规', 'CBC'], ['WBC', '白细胞', 'WBC']], [['CT001', '胸部CT平扫', 'CT-CHEST']]);
    await mapLocalItems(t, await t.login('hexi.admin', UPLOAD_PASSWORD), [['X01', '血常规检查', 'CBC'], ['X02', '白细胞数', 'WBC']], []);
    expect((await call(t, 'POST', '/api/recognition/admin/years', admin, { year })).status).toBe(201);
    await call(t, 'PUT', `/api/recognition/admin/years/${year}/items`, admin, { items: ['CBC', 'WBC', 'UA', 'CT-CHEST'].map((code) => ({ code })) });
    const entries = [...['CBC', 'WBC', 'CT-CHEST'].map((item) => ({ item, institution: 'lead-hospital', allowed: true })), ...['CBC', 'WBC'].map((item) => ({ item, institution: 'thc-hexi', allowed: true }))];
    expect((await call(t, 'PUT', `/api/recognition/admin/years/${year}/qualifications`, admin, { entries })).status).toBe(200);
    const token = async (username: string) => (await call<{ access_token: string }>(t, 'POST', `${V1}/token`, undefined, { username, password: UPLOAD_PASSWORD })).body.access_token;
    const [lead, hexi] = [await token('lead.upload'), await token('hexi.upload')];
    const upload = async (tok: string, path: string, body: unknown) => {
      const res = await call(t, 'POST', `${V1}/${path}`, tok, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    // Two hospitals upload the same person's results.
    await upload(lead, 'patients', { mrn: 'L0001', name: '张三丰', gender: '1', birthDate: '1956-03-12', idCard: ID_CARD });
    await upload(hexi, 'patients', { mrn: 'H-77', name: '张三丰', gender: '1', birthDate: '1956-03-12', idCard: ID_CARD });
    const lab = { specimenType: '01', itemCode: 'XCG', itemName: '血常规', collectedAt: hoursAgo(30), reportedAt: hoursAgo(28) };
    await upload(lead, 'lab-reports', { ...lab, reportNo: 'JY001', patientMrn: 'L0001', results: [{ itemCode: 'WBC', itemName: '白细胞计数', value: '11.2', unit: '×10^9/L', referenceLow: 3.5, referenceHigh: 9.5, flag: 'H' }] });
    await upload(hexi, 'lab-reports', { ...lab, itemCode: 'X01', itemName: '血常规检查', reportNo: 'HX-1', patientMrn: 'H-77', collectedAt: hoursAgo(10), reportedAt: hoursAgo(9), results: [{ itemCode: 'X02', itemName: '白细胞数', value: '6.1', unit: '×10^9/L' }] });
    await upload(lead, 'exam-reports', { reportNo: 'FS001', patientMrn: 'L0001', itemCode: 'CT001', itemName: '胸部CT平扫', modality: 'CT', bodyPart: '胸部', examAt: hoursAgo(50), reportedAt: hoursAgo(48), conclusion: '胸部CT平扫未见明显异常。' });

    // The third hospital (东岭卫生院) registers the patient: its doctor now has them in care.
    doctorToken = await t.login('dongling.doctor');
    const registered = await call<{ id: string }>(t, 'POST', '/fhir/R4/Patient', doctorToken, {
      resourceType: 'Patient',
      identifier: [{ system: 'https://medunion.org/fhir/sid/mrn/thc-dongling', value: 'D-1' }, { system: 'urn:oid:2.16.156.10011.1.3', value: ID_CARD }],
      name: [{ text: '张三丰', family: '张', given: ['三丰'] }],
      gender: 'male',
      birthDate: '1956-03-12',
    });
    expect(registered.status).toBe(201);
    patientId = registered.body.id;
    await indexSettled(t);
    page = await h.freshPage();
    await h.signIn(page, 'dongling.doctor');
  }, 240_000);
  afterAll(async () => {
    await h?.close();
  });

  it('shows the green icon with the count, forces a decision on a duplicate order and records it', async () => {
    // The top bar names the doctor's institution (the session carries only its id).
    await until(() => page.locator('.ant-layout-header').textContent()).toContain('青山县东岭镇卫生院');
    const entry = menuItem(page, '互认查询');
    if (!(await entry.isVisible())) await menuItem(page, '检查检验结果互认').click();
    await entry.click();
    await page.waitForURL('**/recognition/doctor');
    await page.goto(`${h.tp.url}/recognition/doctor?patient=${patientId}`);

    const icon = page.getByTestId('recognition-icon');
    await until(() => icon.getAttribute('data-state')).toBe('green');
    await expect.poll(() => icon.textContent()).toContain('可互认 5'); // lead CBC, WBC, CT-CHEST; hexi CBC, WBC
    await icon.click();
    const list = modal(page);
    await until(() => tableRow(list, '胸部CT平扫').count()).toBe(1);
    await list.locator('.ant-modal-close').click();

    // Order 血常规 and 胸部CT平扫 (both recognisable) and 尿常规 (new).
    const picker = page.locator('.ant-select').filter({ has: page.locator('#recognition-order-items') });
    await choose(page, picker, '血常规', 'xcg');
    await choose(page, picker, '尿常规', 'ncg');
    await page.keyboard.press('Escape');
    await page.locator('.ant-segmented-item').filter({ hasText: '检查' }).click();
    await choose(page, page.locator('.ant-select').filter({ has: page.locator('#recognition-order-items') }), '胸部CT平扫', 'xbct');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '保存医嘱' }).click();

    const dialog = page.locator('.recognition-forced-dialog .ant-modal');
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: /确\s*定/ });
    expect(await dialog.locator('.ant-modal-close').count()).toBe(0);
    expect(await confirm.isDisabled()).toBe(true);
    // Neither Esc nor a click on the mask dismisses it.
    await page.keyboard.press('Escape');
    await page.mouse.click(5, 5);
    expect(await dialog.isVisible()).toBe(true);
    expect(await tableRow(dialog, '尿常规').count()).toBe(0); // not a duplicate
    await snap(h, page, 'recognition-forced-dialog');

    await dialog.getByTestId('decision-CBC').getByText('互认', { exact: true }).click();
    const ct = dialog.getByTestId('decision-CT-CHEST');
    await ct.getByText('不互认', { exact: true }).click();
    expect(await confirm.isDisabled()).toBe(true); // a refusal needs its reason
    await choose(page, ct.locator('.ant-select'), '病情变化');
    await until(() => confirm.isDisabled()).toBe(false);
    await confirm.click();
    await until(() => dialog.isVisible()).toBe(false);

    const decisions = await call<{ decisions: Decision[] }>(h.tp, 'GET', `${V1}/decisions?mrn=D-1`, doctorToken);
    expect(decisions.body.decisions.map((d) => [d.kind, d.itemCode, d.reasonCode ?? null, d.institution]).sort()).toEqual([
      ['recognize', 'CBC', null, 'thc-dongling'],
      ['refuse', 'CT-CHEST', 'condition-changed', 'thc-dongling'],
    ]);
    await until(() => page.locator('.ant-card').filter({ hasText: '本机构互认记录' }).locator('.ant-table-row').count()).toBe(2);
  });
});
