import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import type { RecognitionInstitution } from '../src/admin/institutions.ts';
import type { Qualification } from '../src/admin/qualifications.ts';
import type { RecognitionYear, YearItem } from '../src/admin/years.ts';
import { call, expressions } from './setup.ts';

const factories = await testDbFactories();

describe.each(factories)('recognition administration on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  let doctor: string;

  beforeAll(async () => {
    t = await startTestPlatform(factory, { MEDUNION_MODULES: '-mpi' });
    [admin, doctor] = await Promise.all([t.login('admin'), t.login('lead.doctor')]);
  });
  afterAll(async () => t?.close());

  it('registers, edits, disables and finds participating institutions by name, code and pinyin', async () => {
    const lead = await call<RecognitionInstitution>(t, 'PUT', '/api/recognition/admin/institutions/lead-hospital', admin, { level: '二级甲等', shortName: '县医院', contact: '张主任', phone: '0571-88881234' });
    expect(lead.status).toBe(200);
    expect(lead.body).toMatchObject({ organizationId: 'lead-hospital', code: 'QS001', name: '青山县人民医院', level: '二级甲等', enabled: true });
    await call(t, 'PUT', '/api/recognition/admin/institutions/thc-hexi', admin, { level: '一级' });
    const find = async (q: string) => (await call<{ institutions: RecognitionInstitution[] }>(t, 'GET', `/api/recognition/admin/institutions?q=${encodeURIComponent(q)}`, admin)).body.institutions.map((i) => i.organizationId);
    expect(await find('qsxrmyy')).toEqual(['lead-hospital']); // 青山县人民医院 by pinyin initials
    expect(await find('河西')).toEqual(['thc-hexi']);
    expect(await find('QS10')).toEqual(['thc-hexi']);
    expect(await find('xyy')).toEqual(['lead-hospital']); // short name 县医院
    const disabled = await call<RecognitionInstitution>(t, 'PUT', '/api/recognition/admin/institutions/thc-hexi', admin, { level: '一级', enabled: false });
    expect(disabled.body.enabled).toBe(false);
    expect((await call<{ institutions: RecognitionInstitution[] }>(t, 'GET', '/api/recognition/admin/institutions?enabled=true', admin)).body.institutions.map((i) => i.organizationId)).toEqual(['lead-hospital']);
  });

  it('refuses bad institution input naming the field, departments and unknown organisations', async () => {
    const bad = await call(t, 'PUT', '/api/recognition/admin/institutions/lead-hospital', admin, { level: '特级', phone: 12 });
    expect(bad.status).toBe(400);
    expect(expressions(bad.body)).toEqual(['level', 'phone']);
    expect((await call(t, 'PUT', '/api/recognition/admin/institutions/nowhere', admin, { level: '一级' })).status).toBe(404);
    const dept = await call(t, 'PUT', '/api/recognition/admin/institutions/lead-hospital-nk', admin, { level: '一级' });
    expect([dept.status, expressions(dept.body)]).toEqual([400, ['organization']]);
    expect((await call(t, 'PUT', '/api/recognition/admin/institutions/lead-hospital', doctor, { level: '一级' })).status).toBe(403);
  });

  it('sets a year’s items with catalogue defaults, copies them into the next year and grants qualifications', async () => {
    expect((await call(t, 'POST', '/api/recognition/admin/years', admin, { year: 2026 })).status).toBe(201);
    const items = await call<{ items: YearItem[] }>(t, 'PUT', '/api/recognition/admin/years/2026/items', admin, { items: [{ code: 'CBC' }, { code: 'WBC' }, { code: 'CT-CHEST', validityDays: 60 }] });
    expect(items.status).toBe(200);
    expect(items.body.items).toEqual([
      { code: 'CBC', kind: 'lab', name: '血常规', validityDays: 7, specimen: '01', active: true },
      { code: 'CT-CHEST', kind: 'exam', name: '胸部CT平扫', validityDays: 60, bodyPart: '胸部', active: true },
      { code: 'WBC', kind: 'lab', name: '白细胞计数', validityDays: 7, specimen: '01', active: true }, // the panel's window and specimen
    ]);
    const unknown = await call(t, 'PUT', '/api/recognition/admin/years/2026/items', admin, { items: [{ code: 'CBC' }, { code: 'NOPE' }, { code: 'ALT', validityDays: 0 }] });
    expect([unknown.status, expressions(unknown.body)]).toEqual([400, ['items[2].validityDays']]);
    const notInCatalogue = await call(t, 'PUT', '/api/recognition/admin/years/2026/items', admin, { items: [{ code: 'CBC', validityDays: 3 }, { code: 'NOPE' }] });
    expect([notInCatalogue.status, expressions(notInCatalogue.body)]).toEqual([400, ['items[1].code']]);
    expect((await call<{ items: YearItem[] }>(t, 'GET', '/api/recognition/admin/years/2026/items?kind=lab', admin)).body.items.find((i) => i.code === 'CBC')!.validityDays).toBe(7); // nothing written

    const copied = await call<RecognitionYear>(t, 'POST', '/api/recognition/admin/years', admin, { year: 2027, copyFrom: 2026 });
    expect(copied.body).toMatchObject({ year: 2027, name: '2027年度', itemCount: 3 });
    expect((await call(t, 'POST', '/api/recognition/admin/years', admin, { year: 2027 })).status).toBe(409);
    const missing = await call(t, 'POST', '/api/recognition/admin/years', admin, { year: 2028, copyFrom: 2019 });
    expect([missing.status, expressions(missing.body)]).toEqual([404, ['copyFrom']]);

    const granted = await call<{ qualifications: Qualification[] }>(t, 'PUT', '/api/recognition/admin/years/2026/qualifications', admin, {
      entries: [
        { item: 'CBC', institution: 'lead-hospital', allowed: true, from: '2026-01-01', to: '2026-12-31' },
        { item: 'CT-CHEST', institution: 'lead-hospital', allowed: false },
      ],
    });
    expect(granted.status).toBe(200);
    expect(granted.body.qualifications.map((q) => [q.item, q.allowed, q.from, q.to])).toEqual([
      ['CBC', true, '2026-01-01', '2026-12-31'],
      ['CT-CHEST', false, undefined, undefined],
    ]);
    const bad = await call(t, 'PUT', '/api/recognition/admin/years/2026/qualifications', admin, {
      entries: [
        { item: 'WBC', institution: 'lead-hospital', allowed: true },
        { item: 'ALT', institution: 'nowhere', allowed: true, from: '2026-05-01', to: '2026-04-01' },
      ],
    });
    expect([bad.status, expressions(bad.body)]).toEqual([400, ['entries[1].item', 'entries[1].institution', 'entries[1].to']]);
    const list = await call<{ qualifications: Qualification[] }>(t, 'GET', '/api/recognition/admin/years/2026/qualifications?institution=lead-hospital', admin);
    expect(list.body.qualifications.map((q) => q.item)).toEqual(['CBC', 'CT-CHEST']); // WBC of the refused save was not written
  });

  it('audits administrative changes', async () => {
    const entries = await t.platform.kernel.audit.search({ agentId: (await t.platform.kernel.auth.getUser({ username: 'admin' }))!.id });
    expect(JSON.stringify(entries)).toContain('recognition year 2027 created from 2026');
  });
});
