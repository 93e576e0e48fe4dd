import type { Communication } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { auditDetailsOf, userIdOf } from './admin-helpers.ts';
import { expectOutcome, json, tag } from './helpers.ts';

const factories = await testDbFactories();
const JSON_HEADERS = { 'content-type': 'application/json' };
const HEXI_ADMIN_PASSWORD = 'Hexi@12345';

interface Effective {
  definitions: { key: string; scopes: string[]; type: string; default: unknown }[];
  values: Record<string, unknown>;
}
interface ScopeView {
  scope: string;
  scopeId: string;
  definitions: { key: string }[];
  values: Record<string, unknown>;
  workstations?: string[];
}

describe.each(factories)('system parameters over HTTP on $name', (factory) => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const run = tag();
  const ws = `ws-lab-${run}`;

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    tokens.admin = await t.login('admin');
    const created = await t.request('POST', '/api/admin/users', {
      token: tokens.admin,
      body: { username: `hexi.admin-${run}`, password: HEXI_ADMIN_PASSWORD, roles: [{ role: 'institution-admin', institution: 'thc-hexi' }] },
      headers: JSON_HEADERS,
    });
    expect(created.status).toBe(201);
    tokens['hexi.admin'] = await t.login(`hexi.admin-${run}`, HEXI_ADMIN_PASSWORD);
    for (const user of ['lead.admin', 'lead.doctor', 'hexi.doctor']) tokens[user] = await t.login(user);
  });
  afterAll(async () => t?.close());

  const effective = async (user: string, workstation?: string) => {
    const res = await t.request('GET', '/api/parameters', { token: tokens[user], headers: workstation ? { 'x-medunion-workstation': workstation } : {} });
    expect(res.status).toBe(200);
    return json<Effective>(res);
  };
  const put = (user: string, scope: string, scopeId: string, body: unknown) =>
    t.request('PUT', `/api/admin/parameters/${scope}/${scopeId}`, { token: tokens[user], body, headers: JSON_HEADERS });
  const adminView = (user: string, query: string) => t.request('GET', `/api/admin/parameters?${query}`, { token: tokens[user] });

  it('everyone reads the declarations and their defaults, the notice module included', async () => {
    const { definitions, values } = await effective('lead.doctor');
    const keys = definitions.map((d) => d.key);
    expect(keys).toEqual(expect.arrayContaining(['ui.pageSize', 'ui.abnormal.highColor', 'ui.abnormal.lowColor', 'ui.abnormal.criticalColor', 'ui.abnormal.criticalFlash', 'print.institutionTitle', 'print.labelPrinter', 'session.idleLockMinutes', 'notice.defaultExpiryDays']));
    expect(values).toMatchObject({ 'ui.pageSize': 20, 'ui.abnormal.highColor': '#cf1322', 'ui.abnormal.lowColor': '#0958d9', 'ui.abnormal.criticalColor': '#722ed1', 'ui.abnormal.criticalFlash': true, 'session.idleLockMinutes': 30, 'notice.defaultExpiryDays': 0 });
    expect(Object.keys(values).sort()).toEqual([...keys].sort());
  });

  it('resolves workstation > institution > region > default for the caller', async () => {
    const region = await put('admin', 'region', '-', { 'ui.pageSize': 30, 'ui.abnormal.highColor': '#ff0000' });
    expect(region.status).toBe(200);
    expect(await json<ScopeView>(region)).toMatchObject({ scope: 'region', scopeId: '-', values: { 'ui.pageSize': 30, 'ui.abnormal.highColor': '#ff0000' } });
    const institution = await put('lead.admin', 'institution', 'lead-hospital', { 'ui.pageSize': 40, 'print.institutionTitle': '青山县人民医院检验科' });
    expect(institution.status).toBe(200);
    const workstation = await put('lead.admin', 'workstation', ws, { 'ui.pageSize': 50, 'print.labelPrinter': 'Zebra GK888t' });
    expect(await json<ScopeView>(workstation)).toMatchObject({ scope: 'workstation', scopeId: ws, values: { 'ui.pageSize': 50, 'print.labelPrinter': 'Zebra GK888t' } });

    expect((await effective('lead.doctor', ws)).values).toMatchObject({ 'ui.pageSize': 50, 'print.labelPrinter': 'Zebra GK888t', 'print.institutionTitle': '青山县人民医院检验科', 'ui.abnormal.highColor': '#ff0000' });
    expect((await effective('lead.doctor')).values).toMatchObject({ 'ui.pageSize': 40, 'print.labelPrinter': '' });
    expect((await effective('hexi.doctor')).values).toMatchObject({ 'ui.pageSize': 30, 'print.institutionTitle': '' });
    // The workstation belongs to the lead hospital: its values do not follow a hexi user who sits there.
    expect((await effective('hexi.doctor', ws)).values).toMatchObject({ 'ui.pageSize': 30, 'print.labelPrinter': '' });
    expect((await effective('admin')).values['ui.pageSize']).toBe(30);

    // null removes the explicit value and the next scope applies again.
    const cleared = await put('lead.admin', 'workstation', ws, { 'ui.pageSize': null });
    expect((await json<ScopeView>(cleared)).values).toEqual({ 'print.labelPrinter': 'Zebra GK888t' });
    expect((await effective('lead.doctor', ws)).values['ui.pageSize']).toBe(40);
    await expectOutcome(await t.request('GET', '/api/parameters', { token: tokens['lead.doctor'], headers: { 'x-medunion-workstation': 'bad id!' } }), 400);
  });

  it('the admin view lists what is settable at a scope, the values set there and the workstations one may manage', async () => {
    const region = await json<ScopeView>(await adminView('admin', 'scope=region'));
    expect(region.scopeId).toBe('-');
    expect(region.definitions.map((d) => d.key)).not.toContain('print.labelPrinter');
    expect(region.definitions.map((d) => d.key)).toContain('session.idleLockMinutes');

    const own = await json<ScopeView>(await adminView('lead.admin', 'scope=institution'));
    expect(own).toMatchObject({ scope: 'institution', scopeId: 'lead-hospital' });
    expect(own.values['print.institutionTitle']).toBe('青山县人民医院检验科');
    const station = await json<ScopeView>(await adminView('lead.admin', 'scope=workstation'));
    expect(station.definitions.map((d) => d.key)).toContain('print.labelPrinter');
    expect(station.definitions.map((d) => d.key)).not.toContain('session.idleLockMinutes');
    expect(station.workstations).toEqual([ws]);
    expect((await json<ScopeView>(await adminView('hexi.admin', 'scope=workstation'))).workstations).toEqual([]);
    expect((await json<ScopeView>(await adminView('admin', 'scope=workstation'))).workstations).toContain(ws);
    expect((await json<ScopeView>(await adminView('admin', 'scope=institution&scopeId=lead-hospital'))).values['ui.pageSize']).toBe(40);
  });

  it('refuses callers without the permission or outside their scope', async () => {
    await expectOutcome(await put('lead.doctor', 'institution', 'lead-hospital', { 'ui.pageSize': 99 }), 403);
    await expectOutcome(await adminView('lead.doctor', 'scope=institution'), 403);
    await expectOutcome(await put('lead.admin', 'region', '-', { 'ui.pageSize': 99 }), 403);
    await expectOutcome(await adminView('lead.admin', 'scope=region'), 403);
    await expectOutcome(await put('lead.admin', 'institution', 'thc-hexi', { 'ui.pageSize': 99 }), 403);
    await expectOutcome(await adminView('lead.admin', 'scope=institution&scopeId=thc-hexi'), 403);
    // The workstation belongs to the lead hospital since its first value.
    await expectOutcome(await put('hexi.admin', 'workstation', ws, { 'ui.pageSize': 99 }), 403);
    await expectOutcome(await adminView('hexi.admin', `scope=workstation&scopeId=${ws}`), 403);
    // A region administrator may set any institution.
    expect((await put('admin', 'institution', 'thc-hexi', { 'session.idleLockMinutes': 10 })).status).toBe(200);
    expect((await effective('hexi.doctor')).values['session.idleLockMinutes']).toBe(10);
    expect((await effective('lead.doctor', ws)).values['ui.pageSize']).toBe(40);
  });

  it('checks values against their declarations: 400 naming each bad key, nothing written', async () => {
    const before = await json<ScopeView>(await adminView('lead.admin', 'scope=institution'));
    const res = await put('lead.admin', 'institution', 'lead-hospital', {
      'ui.pageSize': 4,
      'ui.abnormal.lowColor': 'blue',
      'ui.abnormal.criticalFlash': 'yes',
      'print.labelPrinter': 'Zebra',
      'no.such.key': 1,
      'ui.abnormal.highColor': '#00ff00',
    });
    const o = await expectOutcome(res, 400);
    expect(o.issue!.map((i) => i.expression?.[0]).sort()).toEqual(['no.such.key', 'print.labelPrinter', 'ui.abnormal.criticalFlash', 'ui.abnormal.lowColor', 'ui.pageSize']);
    expect(await json<ScopeView>(await adminView('lead.admin', 'scope=institution'))).toEqual(before);

    await expectOutcome(await put('admin', 'region', 'lead-hospital', { 'ui.pageSize': 25 }), 400);
    await expectOutcome(await put('admin', 'ward', 'x', { 'ui.pageSize': 25 }), 400);
    await expectOutcome(await put('admin', 'region', '-', [1, 2]), 400);
    await expectOutcome(await put('lead.admin', 'workstation', 'bad%20id', { 'ui.pageSize': 25 }), 400);
    await expectOutcome(await adminView('admin', 'scope=ward'), 400);
  });

  it('audits changes with the keys', async () => {
    await put('lead.admin', 'institution', 'lead-hospital', { 'session.idleLockMinutes': 15, 'ui.pageSize': null });
    const details = await auditDetailsOf(t, await userIdOf(t, tokens['lead.admin']));
    expect(details.at(-1)).toBe('parameters of institution lead-hospital changed; set: session.idleLockMinutes; removed: ui.pageSize');
  });

  it("modules read their parameters through ctx.parameters (notice's default expiry)", async () => {
    expect((await put('admin', 'region', '-', { 'notice.defaultExpiryDays': 7 })).status).toBe(200);
    const published = await t.request('POST', '/api/notice', { token: tokens.admin, body: { subject: `停电通知 ${run}` }, headers: JSON_HEADERS });
    expect(published.status).toBe(201);
    const notice = await json<Communication>(published);
    const expires = notice.extension?.find((e) => e.url.endsWith('notice-expires'))?.valueDateTime;
    expect(expires).toBeDefined();
    const days = (Date.parse(expires!) - Date.parse(notice.sent!)) / 86_400_000;
    expect(Math.round(days)).toBe(7);
    await expectOutcome(await put('admin', 'region', '-', { 'notice.defaultExpiryDays': -1 }), 400);
  });
});
