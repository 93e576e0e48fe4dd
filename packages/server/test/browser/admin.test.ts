import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, drawer, formInput, menuItem, openFromMenu, snap, tableRow, until } from './steps.ts';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';

interface SearchBundle<T> {
  total?: number;
  entry?: { resource: T }[];
}
interface OrganizationLike {
  id: string;
  name: string;
  type?: { coding?: { system?: string; code?: string }[] }[];
  identifier?: { system?: string; value?: string }[];
  partOf?: { reference?: string };
  meta?: { extension?: { url: string; valueReference?: { reference?: string } }[] };
}

const NEW_USER = 'qa.auditor';
const NEW_PASSWORD = 'Audit2026ok';

describe.skipIf(!browserRunnable)('administration pages in chromium', () => {
  let h: BrowserHarness;
  let page: Page;
  let adminToken: string;

  const get = async <T,>(path: string, token = adminToken): Promise<{ status: number; body: T }> => {
    const res = await h.tp.request('GET', path, { token });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    h = await startBrowserHarness();
    adminToken = await h.tp.login('admin');
    page = await h.freshPage();
    await h.signIn(page);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('shows the region tree, finds a township health centre by pinyin initials and adds one', async () => {
    await openFromMenu(page, '机构与人员', '机构管理', '/admin/institutions');
    const tree = page.getByTestId('institution-tree');
    await until(() => tree.textContent()).toContain('青山县人民医院');
    await page.getByRole('searchbox', { name: '搜索机构' }).fill('hxwsy');
    // Only 河西卫生院 and its ancestors remain (pinyin-pro loads on demand).
    await until(() => tree.textContent()).not.toContain('东岭');
    expect(await tree.textContent()).toContain('青山县河西镇卫生院');
    await tree.getByText('青山县河西镇卫生院').click();
    await until(() => page.getByTestId('institution-detail').textContent()).toContain('QS101');

    // A new township centre under the county hospital, with the id the administrator chooses (a taken one is refused).
    await page.getByRole('searchbox', { name: '搜索机构' }).fill('');
    await tree.getByText('青山县人民医院').click();
    await page.getByRole('button', { name: '新增下级机构' }).click();
    const form = drawer(page);
    await form.getByLabel('机构标识').fill('thc-hexi');
    await until(() => form.textContent()).toContain('该标识已被使用');
    await form.getByLabel('机构标识').fill('thc-nanshan');
    await formInput(form, '机构名称').fill('青山县南山镇卫生院');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await until(() => page.getByTestId('institution-detail').textContent()).toContain('thc-nanshan');
    const created = await get<OrganizationLike>('/fhir/R4/Organization/thc-nanshan');
    expect(created.body).toMatchObject({ name: '青山县南山镇卫生院', partOf: { reference: 'Organization/lead-hospital' } });
    // It owns its own record, as the seeded institutions do.
    expect(created.body.meta!.extension!.find((e) => e.url.endsWith('/institution'))!.valueReference!.reference).toBe('Organization/thc-nanshan');
    await snap(h, page, 'institutions');
  });

  it('creates a department that appears in the table and in FHIR', async () => {
    await openFromMenu(page, '机构与人员', '科室管理', '/admin/departments');
    // A region administrator starts in the first hospital.
    await until(() => page.getByTestId('institution-picker').textContent()).toContain('青山县人民医院');
    await until(() => tableRow(page, '内科').count()).toBe(1);
    await page.getByRole('button', { name: '新增科室' }).click();
    const form = drawer(page);
    await form.getByLabel('科室编码').fill('ek');
    await choose(page, form.getByLabel('科室类别'), '临床科室', 'lcks');
    await formInput(form, '科室名称').fill('儿科');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await until(() => tableRow(page, '儿科').count()).toBe(1);
    expect(await tableRow(page, '儿科').textContent()).toContain('临床科室');

    const found = await get<SearchBundle<OrganizationLike>>('/fhir/R4/Organization?name=儿科&partof=Organization/lead-hospital');
    expect(found.status).toBe(200);
    const dept = found.body.entry![0].resource;
    expect(dept.type!.flatMap((t) => t.coding ?? []).map((c) => c.code)).toEqual(['dept', 'clinical']);
    expect(dept.identifier).toEqual([{ system: 'https://medunion.org/fhir/NamingSystem/organization-code/QS001', value: 'ek' }]);
    expect(dept.meta!.extension!.find((e) => e.url.endsWith('/institution'))!.valueReference!.reference).toBe('Organization/lead-hospital');
    await snap(h, page, 'departments');
  });

  it('creates a user with a role that takes effect for them, and is refused once the role is removed', async () => {
    await openFromMenu(page, '系统管理', '用户管理', '/admin/users');
    await page.getByRole('button', { name: '新建用户' }).click();
    const form = drawer(page);
    await form.getByLabel('用户名').fill(NEW_USER);
    await form.getByLabel('姓名').fill('质控审计员');
    await form.getByLabel('密码', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('确认密码').fill(NEW_PASSWORD);
    await choose(page, form.getByLabel('角色', { exact: true }), '审计员');
    await form.getByRole('button', { name: '分配' }).click();
    await until(() => form.getByTestId('grant-auditor').count()).toBe(1);
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await until(() => tableRow(page, NEW_USER).count()).toBe(1);
    expect(await tableRow(page, NEW_USER).textContent()).toContain('审计员');
    await snap(h, page, 'users');

    // The new user signs in elsewhere: the audit log is in their menu and the API lets them read it.
    const theirs = await h.freshPage();
    await h.signIn(theirs, NEW_USER, NEW_PASSWORD);
    await menuItem(theirs, '系统管理').click();
    await until(() => menuItem(theirs, '审计日志').count()).toBe(1);
    expect(await menuItem(theirs, '用户管理').count()).toBe(0);
    const token = await h.tp.login(NEW_USER, NEW_PASSWORD);
    expect((await get('/api/audit?count=1', token)).status).toBe(200);

    // The administrator removes the role: the same session is refused at once, and the menu entry goes.
    await tableRow(page, NEW_USER).getByRole('button', { name: '编辑' }).click();
    await drawer(page).getByTestId('grant-auditor').getByRole('button', { name: '移除角色' }).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /确\s*定|OK/ }).click();
    await until(() => drawer(page).getByTestId('grant-auditor').count()).toBe(0);
    expect((await get('/api/audit?count=1', token)).status).toBe(403);
    await theirs.reload();
    await theirs.getByRole('menu').first().waitFor();
    expect(await menuItem(theirs, '系统管理').count()).toBe(0);
    await theirs.context().close();
    await drawer(page).getByRole('button', { name: /取\s*消/ }).click();
  });

  it('shows built-in roles read-only and copies one into a new role with a narrower permission tree', async () => {
    await openFromMenu(page, '系统管理', '角色权限', '/admin/roles');
    await tableRow(page, 'doctor').getByRole('button', { name: '查看' }).click();
    await until(() => drawer(page).textContent()).toContain('内置角色随系统升级更新');
    await snap(h, page, 'roles');
    await drawer(page).getByRole('button', { name: /复\s*制/ }).click();
    const form = drawer(page);
    await until(() => form.getByLabel('角色编码').inputValue()).toBe('doctor-copy');
    // Untick 导出数据 in the permission tree, then save the copy.
    await form.getByTestId('permission-tree').getByText('导出数据', { exact: true }).click();
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await until(() => tableRow(page, 'doctor-copy').count()).toBe(1);
    const roles = await get<{ id: string; permissions: string[]; builtIn: boolean }[]>('/api/admin/roles');
    const declared = new Set((await get<{ id: string }[]>('/api/admin/permissions')).body.map((p) => p.id));
    const copy = roles.body.find((r) => r.id === 'doctor-copy')!;
    const doctor = roles.body.find((r) => r.id === 'doctor')!;
    expect(copy.builtIn).toBe(false);
    // The copy lists what the tree showed checked: the doctor's declared permissions, without data.export.
    expect(copy.permissions.sort()).toEqual(doctor.permissions.filter((p) => declared.has(p) && p !== 'data.export').sort());
  });

  it('previews what a clerk can see, and what an unsaved draft policy would change', async () => {
    await openFromMenu(page, '系统管理', '访问策略', '/admin/policies');
    await until(() => tableRow(page, 'vip-hidden-from-clerks').count()).toBe(1);
    await snap(h, page, 'policies');

    const preview = async (panel: Locator, run: string): Promise<number> => {
      await choose(page, panel.getByLabel('用户', { exact: true }), 'lead.registrar', 'lead.registrar');
      await panel.getByRole('button', { name: run }).click();
      const result = panel.getByTestId('preview-result');
      await result.waitFor();
      return Number((await result.locator('.ant-statistic-content-value').textContent())!.replace(/\D/g, ''));
    };
    // The stored policies hide the clerk's hospital's VIP patients from them.
    const visible = await preview(page.getByTestId('policy-preview').first(), '预览');
    const vip = (await get<SearchBundle<unknown>>('/fhir/R4/Patient?_summary=count&_total=accurate&_security=VIP&organization=Organization/lead-hospital')).body.total!;
    expect(vip).toBeGreaterThan(0);

    // Disabling the deny policy in the editor, unsaved, shows the clerk those patients too.
    await tableRow(page, 'vip-hidden-from-clerks').getByRole('button', { name: '编辑' }).click();
    const editor = drawer(page);
    await editor.getByLabel('状态').click();
    await editor.getByText('访问预览（按当前草稿计算，不保存）').click();
    const withDraft = await preview(editor.getByTestId('policy-preview'), '按草稿预览');
    expect(withDraft).toBe(visible + vip);
    await editor.getByRole('button', { name: /取\s*消/ }).click();
    const stored = await get<{ id: string; active?: boolean }[]>('/api/admin/policies');
    expect(stored.body.find((p) => p.id === 'vip-hidden-from-clerks')!.active).not.toBe(false);
  });

  it('saves a region-wide parameter and shows it as set at that level', async () => {
    await openFromMenu(page, '系统管理', '系统参数', '/admin/parameters');
    const row = page.getByTestId('param-ui.pageSize');
    await until(() => row.textContent()).toContain('继承自默认值');
    await row.locator('input').fill('50');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await until(() => row.textContent()).toContain('本级设置');
    const region = await get<{ values: Record<string, unknown> }>('/api/admin/parameters?scope=region');
    expect(region.body.values['ui.pageSize']).toBe(50);
    await snap(h, page, 'parameters');
  });
});
