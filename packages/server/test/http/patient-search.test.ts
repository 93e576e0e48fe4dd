import type { Bundle, CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { DEMO_PATIENTS, idCardCheckDigit, mrnSystem, RESIDENT_ID_CARD } from '../../src/bootstrap/demo-region.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { idsOf, json, NOT_GOLDEN } from './helpers.ts';

const factories = await testDbFactories();

describe.each(factories)('patient search (name, pinyin, ID card, medical record number, phone) on $name', (factory) => {
  let t: TestPlatform;
  let doctor: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    doctor = await t.login('lead.doctor');
    admin = await t.login('admin');
  });
  afterAll(async () => t?.close());

  const found = async (token: string, query: string, type = 'Patient') => {
    // Source records only: the patient index's golden records (region-visible) are another question (packages/mpi).
    const sourcesOnly = type === 'Patient' ? `&${NOT_GOLDEN}` : '';
    const res = await t.request('GET', `/fhir/R4/${type}?${query}${sourcesOnly}&_count=100`, { token });
    expect(res.status, query).toBe(200);
    return idsOf(await json<Bundle>(res)).map((r) => r.split('/')[1]).sort();
  };

  it('the demo region is seeded with 20 patients carrying valid resident ID cards, medical record numbers and phones', async () => {
    const bundle = await json<Bundle<Patient>>(await t.request('GET', `/fhir/R4/Patient?_id=${DEMO_PATIENTS.map((p) => p.id).join(',')}&_count=100`, { token: admin }));
    const patients = bundle.entry!.map((e) => e.resource!);
    expect(patients).toHaveLength(20);
    for (const p of patients) {
      const idCard = p.identifier?.find((i) => i.system === RESIDENT_ID_CARD)?.value ?? '';
      expect(idCard, p.id).toMatch(/^\d{17}[\dX]$/);
      expect(idCard[17], `${p.id} check digit`).toBe(idCardCheckDigit(idCard.slice(0, 17)));
      expect(idCard.slice(6, 14)).toBe(p.birthDate!.replaceAll('-', ''));
      // the 17th digit is odd for men, even for women
      expect(Number(idCard[16]) % 2, p.id).toBe(p.gender === 'male' ? 1 : 0);
      const institution = p.managingOrganization!.reference!.split('/')[1];
      expect(p.identifier?.find((i) => i.system === mrnSystem(institution))?.value).toMatch(/^\d{9}$/);
      expect(p.telecom?.[0]).toMatchObject({ system: 'phone', use: 'mobile' });
      expect(p.telecom?.[0].value).toMatch(/^1[3-9]\d{9}$/);
    }
    // The check digit is the GB 11643 one: a published example number.
    expect(idCardCheckDigit('11010519491231002')).toBe('X');
  });

  it('finds patients by pinyin initials or full pinyin, within what the policies let the user see', async () => {
    expect(await found(doctor, 'pinyin=zsf')).toEqual(['demo-p1']); // 张三丰
    expect(await found(doctor, 'pinyin=zhangsanf')).toEqual(['demo-p1']);
    expect(await found(doctor, 'pinyin=ZSF')).toEqual(['demo-p1']);
    // 王小明 belongs to the Hexi health centre: invisible to a doctor of the county hospital …
    expect(await found(doctor, 'pinyin=wxm')).toEqual([]);
    // … and found by its own doctor and by the region administrator
    expect(await found(await t.login('hexi.doctor'), 'pinyin=wxm')).toEqual(['demo-p3']);
    expect(await found(admin, 'pinyin=wangx')).toEqual(['demo-p3']);
    expect(await found(admin, 'pinyin=wxm')).toEqual(['demo-p3']);
    // The VIP (钱卫国) stays hidden from the registrar, whatever the search.
    expect(await found(doctor, 'pinyin=qwg')).toEqual(['demo-p5']);
    expect(await found(await t.login('lead.registrar'), 'pinyin=qwg')).toEqual([]);
  });

  it('finds patients by name, ID card, medical record number and phone', async () => {
    const p1 = DEMO_PATIENTS.find((p) => p.id === 'demo-p1')!;
    expect(await found(doctor, `name=${encodeURIComponent('张三')}`)).toEqual(['demo-p1']);
    expect(await found(doctor, `identifier=${encodeURIComponent(`${RESIDENT_ID_CARD}|${p1.idCard}`)}`)).toEqual(['demo-p1']);
    expect(await found(doctor, `identifier=${p1.idCard}`)).toEqual(['demo-p1']);
    expect(await found(doctor, `identifier=${encodeURIComponent(`${mrnSystem('lead-hospital')}|${p1.mrn}`)}`)).toEqual(['demo-p1']);
    expect(await found(doctor, `phone=${p1.phone}`)).toEqual(['demo-p1']);
    expect(await found(doctor, `telecom=${p1.phone}`)).toEqual(['demo-p1']);
  });

  it('pickers find staff and institutions by pinyin too', async () => {
    expect(await found(admin, 'pinyin=lm', 'Practitioner')).toEqual(['demo-lead-doctor']); // 李明
    expect(await found(admin, 'pinyin=xyy', 'Organization')).toEqual(['lead-hospital']); // alias 县医院
    expect(await found(admin, 'pinyin=jyk', 'Organization')).toEqual(['lead-hospital-jyk']); // 检验科
  });

  it('the CapabilityStatement declares the pinyin parameter with its description', async () => {
    const metadata = await json<CapabilityStatement>(await t.request('GET', '/fhir/R4/metadata'));
    for (const type of ['Patient', 'Practitioner', 'Organization']) {
      const param = metadata.rest![0].resource!.find((r) => r.type === type)!.searchParam!.find((p) => p.name === 'pinyin');
      expect(param, type).toMatchObject({ type: 'string', definition: `https://medunion.org/fhir/SearchParameter/${type}-pinyin` });
      expect(param?.documentation).toContain('initials (张三 → zs)');
    }
    expect(metadata.rest![0].resource!.find((r) => r.type === 'Patient')!.searchParam!.find((p) => p.name === 'name')?.documentation).toBeUndefined();
  });
});
