import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCard, sourcePatient, type PersonInput } from '../../../mpi/test/helpers.ts';
import { browserRunnable, startBrowserHarness, type BrowserHarness } from './harness.ts';
import { choose, modal, openFromMenu as openMenuEntry, SETTLE, tableRow, until } from './steps.ts';

const MRN_PREFIX = 'https://medunion.org/fhir/sid/mrn';
interface ReviewPage {
  total: number;
  items: { id: number; status: string; outcome: string | null; record: { patientId: string }; candidate: { patientId: string; goldenId: string } }[];
}
interface Person {
  golden: { id: string };
  empi: string;
  sources: { patientId: string }[];
}

const openFromMenu = (page: Page, entry: string, path: string) => openMenuEntry(page, '患者主索引', entry, path);

describe.skipIf(!browserRunnable)('master patient index pages in chromium', () => {
  let h: BrowserHarness;
  let page: Page;
  let admin: string;
  const run = Date.now() % 100_000;
  // A review case: 晓/小 sound alike, day and month transposed, different phones, same address (see mpi registration.test.ts).
  const first: PersonInput = { name: '钱晓峰', gender: 'male', birthDate: '1979-03-11', institution: 'lead-hospital', mrn: `B${run}-1`, idCard: idCard('1979-03-11', 'male', 77), phone: '13905717701', address: '城关镇南街8号' };
  const second: PersonInput = { name: '钱小峰', gender: 'male', birthDate: '1979-11-03', institution: 'thc-hexi', mrn: `B${run}-2`, phone: '13800007702', address: '城关镇南街8号' };
  let firstId: string;
  let secondId: string;

  const get = async <T,>(path: string): Promise<T> => {
    const res = await h.tp.request('GET', path, { token: admin });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const resolveMrn = (p: PersonInput) => get<Person>(`/api/mpi/resolve?identifier=${encodeURIComponent(`${MRN_PREFIX}/${p.institution}|${p.mrn}`)}`);
  const register = async (username: string, p: PersonInput): Promise<string> => {
    const res = await h.tp.request('POST', '/fhir/R4/Patient', { token: await h.tp.login(username), body: sourcePatient(p) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    h = await startBrowserHarness();
    admin = await h.tp.login('admin');
    // Each institution registers its patient as its HIS would: a doctor of that institution, through FHIR.
    firstId = await register('lead.doctor', first);
    secondId = await register('hexi.doctor', second);
    page = await h.freshPage();
    await h.signIn(page);
  }, 120_000);
  afterAll(async () => {
    await page?.context().close();
    await h?.close();
  });

  it('compares an uncertain pair side by side with per-field weights, and linking it joins the two records', async () => {
    // The index matches after commit (event bus): wait until it has queued the pair.
    await until(async () => (await get<ReviewPage>(`/api/mpi/review?status=open&patient=${secondId}`)).total).toBe(1);
    const item = (await get<ReviewPage>(`/api/mpi/review?status=open&patient=${secondId}`)).items[0];
    expect(item.candidate.patientId).toBe(firstId);

    await openFromMenu(page, '待审核匹配', '/mpi/review');
    const row = tableRow(page.getByTestId('mpi-review-list'), second.name);
    await row.click();
    const comparison = page.getByTestId('mpi-comparison');
    await until(() => comparison.textContent()).toContain(first.name);
    const field = (label: string) => tableRow(comparison, label).first();
    // Each scored field shows its comparison level and weight; values that differ are highlighted on both sides.
    expect(await field('姓名').textContent()).toContain('同音');
    expect(await field('出生日期').textContent()).toContain('月日颠倒');
    expect(await field('电话').textContent()).toContain('不一致');
    expect(await field('地址').textContent()).toContain('完全一致');
    expect(await field('姓名').locator('td').last().textContent()).toMatch(/^\+\d+\.\d$/);
    expect(await field('电话').locator('td').last().textContent()).toMatch(/^−\d+\.\d$/);
    expect(await comparison.locator('[data-differs="true"]').allTextContents()).toEqual(expect.arrayContaining([first.name, second.name, first.birthDate, second.birthDate]));
    expect(await comparison.textContent()).toContain('自动关联阈值 22，人工审核阈值 12');
    await page.evaluate(SETTLE);
    await h.screenshot(page, 'mpi-review');

    await page.getByLabel('备注').fill('电话回访核实为同一人');
    await page.getByRole('button', { name: '确认同一人' }).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /确\s*定|OK/ }).click();
    const outcome = page.getByTestId('mpi-review-outcome');
    await until(() => outcome.textContent()).toContain('同一人');
    expect(await outcome.textContent()).toContain('电话回访核实为同一人');
    await until(() => tableRow(page.getByTestId('mpi-review-list'), second.name).count()).toBe(0);

    const settled = await get<ReviewPage['items'][number]>(`/api/mpi/review/${item.id}`);
    expect(settled).toMatchObject({ status: 'closed', outcome: 'link' });
    const [a, b] = [await resolveMrn(first), await resolveMrn(second)];
    expect(b.golden.id).toBe(a.golden.id);
    expect(a.sources.map((s) => s.patientId).sort()).toEqual([firstId, secondId].sort());

    // The settled item is on the closed tab with its outcome.
    await page.getByRole('tab', { name: '已处理' }).click();
    await until(() => tableRow(page.getByTestId('mpi-review-list'), second.name).count()).toBe(1);
    expect(await tableRow(page.getByTestId('mpi-review-list'), second.name).textContent()).toContain('同一人');
  });

  it('resolves a local record number to the person with both sources, splits one off with a reason, merges it back and undoes the merge', async () => {
    await openFromMenu(page, '主索引查询', '/mpi/persons');
    const lookup = page.getByTestId('mpi-identifier-lookup');
    await choose(page, lookup.getByLabel('标识类型'), '病历号');
    await choose(page, lookup.getByLabel('发号机构'), '河西镇卫生院');
    await lookup.getByLabel('号码').fill(second.mrn);
    await lookup.getByRole('button', { name: /查\s*询/ }).click();

    const person = page.getByTestId('mpi-person');
    const sources = () => person.locator('.ant-card').filter({ hasText: '各机构来源记录' }).locator('tr.ant-table-row');
    await until(() => sources().count()).toBe(2);
    const before = await resolveMrn(second);
    expect(await person.getByTestId('mpi-empi').textContent()).toContain(before.empi);
    expect(await person.getByTestId('patient-banner').textContent()).toContain(first.name);
    // The source whose number was looked up is marked; both institutions' record numbers are listed.
    expect(await sources().filter({ hasText: secondId }).textContent()).toContain('命中');
    expect(await person.textContent()).toContain(first.mrn);
    expect(await person.textContent()).toContain(second.mrn);
    await until(() => person.getByTestId('mpi-history-entry').count()).toBeGreaterThanOrEqual(2);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.evaluate(SETTLE);
    await h.screenshot(page, 'mpi-person');

    // Split the second record off: a reason is required.
    await sources().filter({ hasText: secondId }).getByRole('button', { name: /拆\s*分/ }).click();
    await modal(page).getByRole('button', { name: /拆\s*分/ }).click();
    await until(() => modal(page).textContent()).toContain('请填写原因');
    await modal(page).getByLabel('原因').fill('身份证核对后不是同一人');
    await modal(page).getByRole('button', { name: /拆\s*分/ }).click();
    await until(() => sources().count()).toBe(1);
    const split = person.getByTestId('mpi-history-entry').first();
    await until(() => split.getAttribute('data-action')).toBe('unlink');
    expect(await split.textContent()).toContain('身份证核对后不是同一人');
    const apart = await resolveMrn(second);
    expect(apart.golden.id).not.toBe(before.golden.id);
    expect((await resolveMrn(first)).golden.id).toBe(before.golden.id);

    // Merge the split-off person back in (found by EMPI number, both shown before confirming), then undo it.
    await person.getByRole('button', { name: '合并其他主索引' }).click();
    await modal(page).getByLabel('被合并的主索引号').fill(apart.empi);
    await modal(page).getByRole('button', { name: /查\s*找/ }).click();
    const compare = modal(page).getByTestId('mpi-merge-compare');
    await until(() => compare.textContent()).toContain(second.name);
    expect(await compare.textContent()).toContain(before.empi);
    await modal(page).getByLabel('原因').fill('复核后确认同一人');
    await modal(page).getByRole('button', { name: '确认合并' }).click();
    await until(() => sources().count()).toBe(2);
    expect((await resolveMrn(second)).golden.id).toBe(before.golden.id);

    const merge = person.getByTestId('mpi-history-entry').first();
    await until(() => merge.getAttribute('data-action')).toBe('merge');
    await merge.getByRole('button', { name: '撤销合并' }).click();
    await modal(page).getByLabel('原因').fill('合并有误');
    await modal(page).getByRole('button', { name: '撤销合并' }).click();
    await until(() => sources().count()).toBe(1);
    await until(() => person.getByTestId('mpi-history-entry').first().getAttribute('data-action')).toBe('unmerge');
    expect(await person.locator('[data-action="merge"]').textContent()).toContain('已撤销');
    expect((await resolveMrn(second)).golden.id).toBe(apart.golden.id);
  });
});
