import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, drawer, formInput, openFromMenu, SETTLE, snap, tableRow, until } from './steps.ts';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';

interface SearchBundle<T> {
  total?: number;
  entry?: { resource: T }[];
}
interface Reference {
  reference?: string;
}
interface PractitionerRoleLike {
  practitioner?: Reference;
  organization?: Reference;
  code?: { coding?: { code?: string }[] }[];
  extension?: { url: string; valueReference?: Reference }[];
}
interface LocationLike {
  name: string;
  status?: string;
  managingOrganization?: Reference;
  physicalType?: { coding?: { code?: string }[] };
}
const JSON_HEADERS = { 'content-type': 'application/json' };

/** The administration pages admin.test.ts does not cover: staff, wards, API clients, institution edit, 本院/本机 parameters. */
describe.skipIf(!browserRunnable)('more administration pages in chromium', () => {
  let h: BrowserHarness;
  let page: Page;
  let adminToken: string;

  const get = async <T,>(path: string, token = adminToken, headers?: Record<string, string>): Promise<{ status: number; body: T }> => {
    const res = await h.tp.request('GET', path, { token, headers });
    return { status: res.status, body: (await res.json()) as T };
  };
  const clientToken = (clientId: string, clientSecret: string) =>
    h.tp.request('POST', '/oauth2/token', { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }, headers: JSON_HEADERS });

  beforeAll(async () => {
    h = await startBrowserHarness();
    adminToken = await h.tp.login('admin');
    page = await h.freshPage();
    await h.signIn(page);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('adds a staff member with a role in a department in one go; they appear in the table', async () => {
    await openFromMenu(page, '机构与人员', '人员管理', '/admin/staff');
    await until(() => page.getByTestId('institution-picker').textContent()).toContain('青山县人民医院');
    await until(() => tableRow(page, '李明').count()).toBe(1);
    await page.getByRole('button', { name: '新增人员' }).click();
    const form = drawer(page);
    await form.getByLabel('姓名').fill('欧阳晓东');
    await form.getByLabel('执业证号').fill('110330000012345');
    await choose(page, form.getByLabel('科室'), '内科');
    await choose(page, form.getByLabel('人员类别'), '医师', 'ys');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await until(() => tableRow(page, '欧阳晓东').count()).toBe(1);
    expect(await tableRow(page, '欧阳晓东').textContent()).toContain('110330000012345');

    // Practitioner and PractitionerRole, linked, with the department and the role the form chose.
    const roles = await get<SearchBundle<PractitionerRoleLike>>('/fhir/R4/PractitionerRole?organization=Organization/lead-hospital&_count=100');
    const practitioners = await get<SearchBundle<{ id: string; name: { text: string; family: string }[] }>>('/fhir/R4/Practitioner?name=欧阳晓东');
    const practitioner = practitioners.body.entry![0].resource;
    expect(practitioner.name[0]).toMatchObject({ text: '欧阳晓东', family: '欧阳' });
    const role = roles.body.entry!.map((e) => e.resource).find((r) => r.practitioner?.reference === `Practitioner/${practitioner.id}`)!;
    expect(role.code![0].coding![0].code).toBe('doctor');
    expect(role.extension!.find((e) => e.url.endsWith('/department'))!.valueReference!.reference).toBe('Organization/lead-hospital-nk');
    await snap(h, page, 'staff');
  });

  it('creates a ward of a department', async () => {
    await openFromMenu(page, '机构与人员', '病区管理', '/admin/wards');
    await until(() => page.getByTestId('institution-picker').textContent()).toContain('青山县人民医院');
    await page.getByRole('button', { name: '新增病区' }).click();
    const form = drawer(page);
    await choose(page, form.getByLabel('所属科室'), '内科');
    await formInput(form, '病区名称').fill('内科一病区');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await until(() => tableRow(page, '内科一病区').count()).toBe(1);
    expect(await tableRow(page, '内科一病区').textContent()).toContain('内科');

    const found = await get<SearchBundle<LocationLike>>('/fhir/R4/Location?name=内科一病区');
    expect(found.body.entry).toHaveLength(1);
    expect(found.body.entry![0].resource).toMatchObject({ status: 'active', managingOrganization: { reference: 'Organization/lead-hospital-nk' }, physicalType: { coding: [{ code: 'wa' }] } });
  });

  it('registers an API client whose secret is shown once and works, then revokes it', async () => {
    await openFromMenu(page, '系统管理', '接口客户端', '/admin/clients');
    await page.getByRole('button', { name: '注册客户端' }).click();
    const dialog = page.getByRole('dialog', { name: '注册客户端' });
    await dialog.getByLabel('名称').fill('区域心电诊断中心');
    await choose(page, dialog.getByLabel('所属机构'), '青山县人民医院');
    await choose(page, dialog.getByLabel('角色'), '接口系统');
    // A multiple select stays open after a pick: leaving it closes the list.
    await dialog.getByLabel('名称').click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await dialog.getByRole('button', { name: /注\s*册/ }).click();

    const shown = page.getByRole('dialog', { name: '客户端“区域心电诊断中心”已注册' });
    const clientId = (await shown.getByTestId('client-id').textContent())!.trim();
    const secret = (await shown.getByTestId('client-secret').textContent())!.trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect((await clientToken(clientId, secret)).status).toBe(200);
    await shown.getByRole('button', { name: '我已保存密钥' }).click();
    await shown.waitFor({ state: 'hidden' });
    // Shown once: neither the table nor the API has it afterwards.
    const row = tableRow(page, clientId);
    await until(() => row.count()).toBe(1);
    expect(await page.locator('body').textContent()).not.toContain(secret);
    const listed = await get<Record<string, unknown>[]>('/api/admin/clients');
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    await row.getByRole('button', { name: '吊销' }).click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await confirm.waitFor();
    await page.evaluate(SETTLE); // the popover is still growing in under load: click its button once it stands still
    await confirm.getByRole('button', { name: /确\s*定|OK/ }).click();
    await until(() => row.textContent()).toContain('已吊销');
    expect((await clientToken(clientId, secret)).status).toBe(401);
  });

  it("edits an institution's name in the tree page", async () => {
    await openFromMenu(page, '机构与人员', '机构管理', '/admin/institutions');
    const tree = page.getByTestId('institution-tree');
    await tree.getByText('青山县东岭镇卫生院').click();
    await until(() => page.getByTestId('institution-detail').textContent()).toContain('青山县东岭镇卫生院');
    await page.getByRole('button', { name: /编\s*辑/ }).click();
    const form = drawer(page);
    await formInput(form, '机构名称').fill('青山县东岭镇中心卫生院');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await until(() => page.getByTestId('institution-detail').textContent()).toContain('青山县东岭镇中心卫生院');
    expect(await tree.textContent()).toContain('青山县东岭镇中心卫生院');
    expect((await get<{ name: string }>('/fhir/R4/Organization/thc-dongling')).body.name).toBe('青山县东岭镇中心卫生院');
  });

  it('sets a parameter for the institution, which this workstation inherits, then overrides it on the workstation', async () => {
    // An institution administrator: 本院参数 is their own hospital's.
    const theirs = await h.freshPage();
    await h.signIn(theirs, 'lead.admin');
    await openFromMenu(theirs, '系统管理', '系统参数', '/admin/parameters');
    await until(() => theirs.getByText('当前机构：青山县人民医院').count()).toBe(1);
    const institutionRow = theirs.getByTestId('param-ui.pageSize');
    await until(() => institutionRow.textContent()).toContain('继承自默认值');
    await institutionRow.locator('input').fill('50');
    await theirs.getByRole('button', { name: /保\s*存/ }).click();
    await until(() => institutionRow.textContent()).toContain('本级设置');
    const leadAdmin = await h.tp.login('lead.admin');
    expect((await get<{ values: Record<string, unknown> }>('/api/admin/parameters?scope=institution&scopeId=lead-hospital', leadAdmin)).body.values['ui.pageSize']).toBe(50);

    // 本机参数 of this browser: the institution's 50, inherited; then 100 set here.
    await theirs.getByRole('tab', { name: '本机参数' }).click();
    const workstation = (await theirs.evaluate(`localStorage.getItem('medunion.workstation')`)) as string;
    await until(() => theirs.getByText(`本机标识：${workstation}`).count()).toBe(1);
    const panel = theirs.getByRole('tabpanel', { name: '本机参数' });
    const workstationRow = panel.getByTestId('param-ui.pageSize');
    await until(() => workstationRow.textContent()).toContain('继承自本院参数');
    expect(await workstationRow.locator('input').inputValue()).toBe('50');
    await workstationRow.locator('input').fill('100');
    await panel.getByRole('button', { name: /保\s*存/ }).click();
    await until(() => workstationRow.textContent()).toContain('本级设置');
    await snap(h, theirs, 'parameters-workstation');

    // What the console reads on this workstation, and on another one of the same hospital.
    const effective = (ws: string) => get<{ values: Record<string, unknown> }>('/api/parameters', leadAdmin, { 'x-medunion-workstation': ws });
    expect((await effective(workstation)).body.values['ui.pageSize']).toBe(100);
    expect((await effective('ws-another0001')).body.values['ui.pageSize']).toBe(50);
    await theirs.context().close();
  });
});
