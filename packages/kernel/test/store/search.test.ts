import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/access/principal.ts';
import type { FhirStore } from '../../src/store/fhir-store.ts';
import { counts, fhirError, ids, openStore, q, refs, type Counts, type StoreFixture } from './helpers.ts';
import { testDbFactories } from '../dbs.ts';

const OID = 'urn:oid:2.16.156.10011.1.3';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const ctx = { principal: SYSTEM_PRINCIPAL };

const loinc = (code: string, display: string, text?: string) => ({ coding: [{ system: LOINC, code, display }], ...(text ? { text } : {}) });
const ucum = (value: number, code: string) => ({ value, unit: code, system: UCUM, code });
const lab = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }];
const actCode = (code: string) => ({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code });

/** A small, realistic county dataset with fixed ids (stored through update-as-create). */
const DATA: Resource[] = [
  { resourceType: 'Organization', id: 'org-a', name: '县人民医院', identifier: [{ system: 'urn:oid:2.16.156.10011.1.5', value: 'H001' }] },
  { resourceType: 'Organization', id: 'org-b', name: '城关镇卫生院', partOf: { reference: 'Organization/org-a' } },
  {
    resourceType: 'Patient',
    id: 'p-zsf',
    meta: {
      tag: [{ system: 'http://medunion.org/tags', code: 'imported' }],
      profile: ['http://medunion.org/fhir/StructureDefinition/cn-patient'],
    },
    identifier: [{ system: OID, value: '110101198005010011' }],
    name: [{ text: '张三丰', family: '张', given: ['三丰'] }],
    gender: 'male',
    birthDate: '1980-05-01',
    address: [{ city: '北京市', district: '东城区', line: ['景山前街4号'] }],
    maritalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }] },
    managingOrganization: { reference: 'Organization/org-a' },
  },
  {
    resourceType: 'Patient',
    id: 'p-zs',
    identifier: [{ system: OID, value: '110101199001150022' }],
    name: [{ text: '张三', family: '张', given: ['三'] }],
    gender: 'male',
    birthDate: '1990-01-15',
    telecom: [{ system: 'phone', value: '13800138000' }],
  },
  {
    resourceType: 'Patient',
    id: 'p-ls',
    meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] },
    identifier: [{ system: OID, value: '310101197512310033' }],
    name: [{ text: '李四', family: '李', given: ['四'] }],
    gender: 'female',
    birthDate: '1975-12-31',
  },
  {
    resourceType: 'Patient',
    id: 'p-zw',
    identifier: [{ value: 'MRN-0001' }],
    name: [{ family: 'Zhāng', given: ['Wěi'] }],
    gender: 'female',
    birthDate: '2001-07-04',
  },
  // LIKE wildcards in stored data: searches for % and _ must match them literally
  { resourceType: 'Patient', id: 'p-wild', name: [{ text: 'A_B%C' }] },

  { resourceType: 'Observation', id: 'o-hb1', status: 'final', category: lab, code: loinc('718-7', 'Hemoglobin [Mass/volume] in Blood', '血红蛋白'), subject: { reference: 'Patient/p-zsf' }, effectiveDateTime: '2024-03-01T10:00:00+08:00', valueQuantity: ucum(135, 'g/L') },
  { resourceType: 'Observation', id: 'o-glu', status: 'final', category: lab, code: loinc('2345-7', 'Glucose [Mass/volume] in Serum or Plasma', '血糖'), subject: { reference: 'Patient/p-zsf' }, effectiveDateTime: '2024-03-01T10:05:00+08:00', valueQuantity: ucum(5.6, 'mmol/L') },
  { resourceType: 'Observation', id: 'o-hb2', status: 'final', category: lab, code: loinc('718-7', 'Hemoglobin [Mass/volume] in Blood', '血红蛋白'), subject: { reference: 'Patient/p-zs' }, effectiveDateTime: '2024-03-15T09:30:00+08:00', valueQuantity: ucum(98, 'g/L') },
  { resourceType: 'Observation', id: 'o-hb3', status: 'final', category: lab, code: loinc('718-7', 'Hemoglobin [Mass/volume] in Blood'), subject: { reference: 'Patient/p-ls' }, effectiveDateTime: '2023-11-20', valueQuantity: ucum(150, 'g/L') },
  { resourceType: 'Observation', id: 'o-hr', status: 'preliminary', code: loinc('8867-4', 'Heart rate', '心率'), subject: { reference: 'Patient/p-zw' }, effectiveDateTime: '2024-04-02T08:00:00+08:00', valueQuantity: ucum(72, '/min') },
  { resourceType: 'Observation', id: 'o-noval', status: 'cancelled', code: loinc('718-7', 'Hemoglobin [Mass/volume] in Blood'), subject: { reference: 'Patient/p-zw' }, effectiveDateTime: '2024-05-01', dataAbsentReason: { text: '标本溶血' } },

  { resourceType: 'Encounter', id: 'e-1', status: 'finished', class: actCode('AMB'), subject: { reference: 'Patient/p-zsf' }, serviceProvider: { reference: 'Organization/org-a' }, period: { start: '2024-03-01T08:00:00+08:00', end: '2024-03-01T12:00:00+08:00' } },
  { resourceType: 'Encounter', id: 'e-2', status: 'finished', class: actCode('IMP'), subject: { reference: 'Patient/p-zs' }, serviceProvider: { reference: 'Organization/org-b' }, period: { start: '2024-03-10', end: '2024-03-20' } },
  // still in hospital: an open-ended period
  { resourceType: 'Encounter', id: 'e-3', status: 'in-progress', class: actCode('IMP'), subject: { reference: 'Patient/p-ls' }, period: { start: '2024-04-01T08:00:00+08:00' } },

  { resourceType: 'DiagnosticReport', id: 'dr-1', status: 'final', code: loinc('58410-2', 'CBC panel'), subject: { reference: 'Patient/p-zsf' }, effectiveDateTime: '2024-03-01', result: [{ reference: 'Observation/o-hb1' }, { reference: 'Observation/o-glu' }] },
  { resourceType: 'DiagnosticReport', id: 'dr-2', status: 'final', code: loinc('58410-2', 'CBC panel'), subject: { reference: 'Patient/p-zs' }, effectiveDateTime: '2024-03-15', result: [{ reference: 'Observation/o-hb2' }] },

  { resourceType: 'ValueSet', id: 'vs-1', status: 'active', url: 'http://medunion.org/fhir/ValueSet/dept-codes' },
  { resourceType: 'ValueSet', id: 'vs-2', status: 'active', url: 'http://medunion.org/fhir/ValueSet/dept-codes/v2' },
  { resourceType: 'ValueSet', id: 'vs-3', status: 'draft', url: 'http://example.org/ValueSet/other' },

  { resourceType: 'RiskAssessment', id: 'ra-1', status: 'final', subject: { reference: 'Patient/p-zsf' }, prediction: [{ probabilityDecimal: 0.25 }] },
  { resourceType: 'RiskAssessment', id: 'ra-2', status: 'final', subject: { reference: 'Patient/p-ls' }, prediction: [{ probabilityDecimal: 0.8 }] },
] as Resource[];

const factories = await testDbFactories();

describe.each(factories)('FHIR search on $name', (factory) => {
  let fx: StoreFixture;
  let store: FhirStore;
  let seeded: Counts;
  /** An instant between the seed and a later update of p-ls (for _lastUpdated). */
  let mark: string;

  beforeAll(async () => {
    fx = await openStore(factory);
    store = fx.store;
    for (const r of DATA) await store.update(ctx, r);
    await new Promise((r) => setTimeout(r, 20));
    mark = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const ls = DATA.find((r) => r.id === 'p-ls')!;
    await store.update(ctx, { ...ls, telecom: [{ system: 'phone', value: '13900139000' }] } as Resource);
    seeded = await counts(fx.db);
  });
  afterAll(() => fx?.close());

  const find = async (type: string, query: string | [string, string][]) => ids((await store.search(ctx, type, q(query))).resources);
  const order = async (type: string, query: string) => (await store.search(ctx, type, q(query))).resources.map((r) => r.id);
  const status = async (type: string, query: string | [string, string][], strict = false) =>
    (await fhirError(store.search({ ...ctx, strictHandling: strict }, type, q(query)))).status;

  describe('string', () => {
    it('matches by prefix by default (张三 finds 张三丰 and 张三, not 李四)', async () => {
      expect(await find('Patient', 'name=张三')).toEqual(['p-zs', 'p-zsf']);
      expect(await find('Patient', 'name=张')).toEqual(['p-zs', 'p-zsf']);
      expect(await find('Patient', 'name=三丰')).toEqual(['p-zsf']); // the given name alone
      expect(await find('Patient', 'family=张')).toEqual(['p-zs', 'p-zsf']);
      expect(await find('Patient', 'given=四')).toEqual(['p-ls']);
      expect(await find('Patient', 'name=丰')).toEqual([]); // not a prefix of any part
    });

    it('is case- and accent-insensitive, and folds full-width Latin', async () => {
      expect(await find('Patient', 'name=zhang')).toEqual(['p-zw']);
      expect(await find('Patient', 'name=ZHĀNG')).toEqual(['p-zw']);
      expect(await find('Patient', 'name=Ｚｈａｎｇ')).toEqual(['p-zw']);
      expect(await find('Patient', 'name=wei')).toEqual(['p-zw']);
      expect(await find('Patient', 'name=zhangwei')).toEqual(['p-zw']); // family + given joined
      expect(await find('Patient', 'name=Wei Zhang')).toEqual(['p-zw']); // "given family" form
    });

    it(':exact is case- and accent-sensitive whole-value equality', async () => {
      expect(await find('Patient', 'name:exact=张三')).toEqual(['p-zs']);
      expect(await find('Patient', 'name:exact=Zhāng')).toEqual(['p-zw']);
      expect(await find('Patient', 'name:exact=zhang')).toEqual([]);
      expect(await find('Patient', 'name:exact=张')).toEqual(['p-zs', 'p-zsf']); // family part
    });

    it(':contains matches anywhere', async () => {
      expect(await find('Patient', 'name:contains=三')).toEqual(['p-zs', 'p-zsf']);
      expect(await find('Patient', 'name:contains=丰')).toEqual(['p-zsf']);
      expect(await find('Patient', 'name:contains=ANG')).toEqual(['p-zw']);
      expect(await find('Patient', 'address:contains=景山')).toEqual(['p-zsf']);
      expect(await find('Patient', 'address-city=北京')).toEqual(['p-zsf']);
    });
  });

  describe('token', () => {
    it('system|code, |code, system|, bare code', async () => {
      expect(await find('Patient', `identifier=${OID}|110101198005010011`)).toEqual(['p-zsf']);
      expect(await find('Patient', 'identifier=110101198005010011')).toEqual(['p-zsf']);
      expect(await find('Patient', `identifier=${OID}|`)).toEqual(['p-ls', 'p-zs', 'p-zsf']);
      expect(await find('Patient', '|MRN-0001'.replace(/^/, 'identifier='))).toEqual(['p-zw']);
      expect(await find('Patient', 'identifier=|110101198005010011')).toEqual([]); // that one has a system
      expect(await find('Patient', 'identifier=http://other|110101198005010011')).toEqual([]);
      expect(await find('Observation', `code=${LOINC}|718-7`)).toEqual(['o-hb1', 'o-hb2', 'o-hb3', 'o-noval']);
      expect(await find('Observation', 'code=2345-7')).toEqual(['o-glu']);
      expect(await find('Observation', 'code=http://snomed.info/sct|718-7')).toEqual([]);
      expect(await find('Observation', 'category=laboratory&status=final')).toEqual(['o-glu', 'o-hb1', 'o-hb2', 'o-hb3']);
      expect(await find('Patient', 'telecom=13800138000')).toEqual(['p-zs']);
      expect(await find('Patient', 'gender=MALE')).toEqual([]); // codes are case-sensitive
    });

    it(':not excludes matches (and keeps resources without the element)', async () => {
      expect(await find('Patient', 'gender:not=male')).toEqual(['p-ls', 'p-wild', 'p-zw']);
      expect(await find('Observation', 'code:not=718-7')).toEqual(['o-glu', 'o-hr']);
      expect(await find('Observation', 'status:not=final,preliminary')).toEqual(['o-noval']);
    });

    it(':text matches display and CodeableConcept.text by prefix, case-insensitively', async () => {
      expect(await find('Observation', 'code:text=血糖')).toEqual(['o-glu']);
      expect(await find('Observation', 'code:text=hemoglobin')).toEqual(['o-hb1', 'o-hb2', 'o-hb3', 'o-noval']);
      expect(await find('Observation', 'code:text=血红')).toEqual(['o-hb1', 'o-hb2']);
    });

    it('meta: _tag, _security, _profile, _source', async () => {
      expect(await find('Patient', '_tag=http://medunion.org/tags|imported')).toEqual(['p-zsf']);
      expect(await find('Patient', '_tag=imported')).toEqual(['p-zsf']);
      expect(await find('Patient', '_security=http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R')).toEqual(['p-ls']);
      expect(await find('Patient', '_security:not=R')).toEqual(['p-wild', 'p-zs', 'p-zsf', 'p-zw']);
      expect(await find('Patient', '_profile=http://medunion.org/fhir/StructureDefinition/cn-patient')).toEqual(['p-zsf']);
      expect(await find('Patient', '_profile=http://medunion.org/fhir/StructureDefinition/other')).toEqual([]);
    });
  });

  describe('date', () => {
    it('every prefix on day-precision birthdates', async () => {
      // 1975-12-31 ls, 1980-05-01 zsf, 1990-01-15 zs, 2001-07-04 zw; p-wild has none
      expect(await find('Patient', 'birthdate=1980-05-01')).toEqual(['p-zsf']);
      expect(await find('Patient', 'birthdate=eq1980-05-01')).toEqual(['p-zsf']);
      expect(await find('Patient', 'birthdate=eq1980-05-02')).toEqual([]);
      expect(await find('Patient', 'birthdate=ne1980-05-01')).toEqual(['p-ls', 'p-zs', 'p-zw']);
      expect(await find('Patient', 'birthdate=gt1990-01-15')).toEqual(['p-zw']);
      expect(await find('Patient', 'birthdate=ge1990-01-15')).toEqual(['p-zs', 'p-zw']);
      expect(await find('Patient', 'birthdate=lt1980-05-01')).toEqual(['p-ls']);
      expect(await find('Patient', 'birthdate=le1980-05-01')).toEqual(['p-ls', 'p-zsf']);
      expect(await find('Patient', 'birthdate=sa1980-05-01')).toEqual(['p-zs', 'p-zw']);
      expect(await find('Patient', 'birthdate=eb1990-01-15')).toEqual(['p-ls', 'p-zsf']);
      // ap widens by ~10% of the distance to now (decades away: a few years)
      expect(await find('Patient', 'birthdate=ap1990-01-15')).toEqual(['p-zs']);
    });

    it('year and month precision mean the whole period', async () => {
      expect(await find('Patient', 'birthdate=1980')).toEqual(['p-zsf']);
      expect(await find('Patient', 'birthdate=1980-05')).toEqual(['p-zsf']);
      expect(await find('Patient', 'birthdate=1980-06')).toEqual([]);
      expect(await find('Patient', 'birthdate=gt1980')).toEqual(['p-zs', 'p-zw']);
      expect(await find('Patient', 'birthdate=lt1990')).toEqual(['p-ls', 'p-zsf']);
      expect(await find('Patient', 'birthdate=ge1975-12&birthdate=le1980')).toEqual(['p-ls', 'p-zsf']);
      expect(await find('Observation', 'date=2024')).toEqual(['o-glu', 'o-hb1', 'o-hb2', 'o-hr', 'o-noval']);
      expect(await find('Observation', 'date=2024-03')).toEqual(['o-glu', 'o-hb1', 'o-hb2']);
      expect(await find('Observation', 'date=2024-03-01')).toEqual(['o-glu', 'o-hb1']);
    });

    it('second precision and time zones (values without zone are +08:00)', async () => {
      expect(await find('Observation', 'date=2024-03-01T10:00:00+08:00')).toEqual(['o-hb1']);
      expect(await find('Observation', 'date=2024-03-01T02:00:00Z')).toEqual(['o-hb1']);
      expect(await find('Observation', 'date=2024-03-01T10:00:00')).toEqual(['o-hb1']);
      expect(await find('Observation', 'date=gt2024-03-01T10:00:00+08:00')).toEqual(['o-glu', 'o-hb2', 'o-hr', 'o-noval']);
      expect(await find('Observation', 'date=le2024-03-01T10:00:00+08:00')).toEqual(['o-hb1', 'o-hb3']);
      expect(await find('Observation', 'date=2024-03-01T10:00')).toEqual(['o-hb1']); // minute
      // 2024-02-29T18:00Z is 2024-03-01T02:00 in Beijing: day boundaries are local
      expect(await find('Observation', 'date=ge2024-02-29T18:00:00Z&date=lt2024-03-02')).toEqual(['o-glu', 'o-hb1']);
    });

    it('periods, including an open-ended one', async () => {
      // e-1 2024-03-01 08:00–12:00, e-2 2024-03-10..2024-03-20, e-3 from 2024-04-01 (in progress)
      expect(await find('Encounter', 'date=2024-03')).toEqual(['e-1', 'e-2']);
      expect(await find('Encounter', 'date=2024-03-15')).toEqual([]); // eq: the period must lie inside the day
      // ap widens by 10% of the distance to now, so with now in 2025+ the window reaches April (e-3)
      expect(await find('Encounter', 'date=ap2024-03-15')).toEqual(['e-1', 'e-2', 'e-3']);
      expect(await find('Encounter', 'date=ap2019-01-01')).toEqual([]);
      expect(await find('Encounter', 'date=lt2024-03-05')).toEqual(['e-1']);
      expect(await find('Encounter', 'date=gt2030')).toEqual(['e-3']);
      expect(await find('Encounter', 'date=sa2024-03-31')).toEqual(['e-3']);
      expect(await find('Encounter', 'date=eb2024-03-09')).toEqual(['e-1']);
      expect(await find('Encounter', 'date=ge2024-03-15')).toEqual(['e-2', 'e-3']);
    });

    it('repeated date parameters form one window on the same value; contradictory windows match nothing', async () => {
      expect(await find('Observation', 'date=ge2024-03-01&date=lt2024-03-02')).toEqual(['o-glu', 'o-hb1']);
      expect(await find('Observation', 'date=gt2024-03-01&date=le2024-04-30')).toEqual(['o-hb2', 'o-hr']);
      expect(await find('Observation', 'date=ge2024&date=lt2024-03-15')).toEqual(['o-glu', 'o-hb1']);
      expect(await find('Observation', 'date=ge2025&date=lt2024')).toEqual([]);
      expect(await find('Observation', 'date=ge2024-03-01&date=lt2024-03-02&date=ne2024-03-01T10:00:00+08:00')).toEqual(['o-glu']);
    });

    it('malformed dates are 400', async () => {
      for (const v of ['notadate', '1980-13', '1980-02-30', "1980' or 1=1 --", 'gt', '24-03-01']) {
        expect(await status('Patient', [['birthdate', v]]), v).toBe(400);
      }
    });
  });

  describe('number and quantity', () => {
    it('quantity with prefixes, system and unit', async () => {
      // hb1 135 g/L, hb2 98 g/L, hb3 150 g/L, glu 5.6 mmol/L, hr 72 /min
      expect(await find('Observation', 'value-quantity=135')).toEqual(['o-hb1']);
      expect(await find('Observation', 'value-quantity=gt100')).toEqual(['o-hb1', 'o-hb3']);
      expect(await find('Observation', 'value-quantity=ge135')).toEqual(['o-hb1', 'o-hb3']);
      expect(await find('Observation', 'value-quantity=lt72')).toEqual(['o-glu']);
      expect(await find('Observation', `value-quantity=le135|${UCUM}|g/L`)).toEqual(['o-hb1', 'o-hb2']);
      expect(await find('Observation', 'value-quantity=5.6||mmol/L')).toEqual(['o-glu']);
      expect(await find('Observation', `value-quantity=5.6|${UCUM}|g/L`)).toEqual([]);
      expect(await find('Observation', 'value-quantity=ap100')).toEqual(['o-hb2']);
      expect(await find('Observation', 'value-quantity=ne135')).toEqual(['o-glu', 'o-hb2', 'o-hb3', 'o-hr']);
      expect(await find('Observation', 'value-quantity=5.6')).toEqual(['o-glu']);
      expect(await find('Observation', 'value-quantity=6')).toEqual(['o-glu']); // implicit precision [5.5, 6.5)
      expect(await find('Observation', 'value-quantity=6.0')).toEqual([]); // [5.95, 6.05)
      expect(await status('Observation', 'value-quantity=abc')).toBe(400);
    });

    it('number with implicit precision', async () => {
      expect(await find('RiskAssessment', 'probability=0.25')).toEqual(['ra-1']);
      expect(await find('RiskAssessment', 'probability=0.3')).toEqual(['ra-1']); // [0.25, 0.35)
      expect(await find('RiskAssessment', 'probability=0.2')).toEqual([]); // [0.15, 0.25)
      expect(await find('RiskAssessment', 'probability=gt0.5')).toEqual(['ra-2']);
      expect(await find('RiskAssessment', 'probability=le0.8')).toEqual(['ra-1', 'ra-2']);
      expect(await status('RiskAssessment', 'probability=1;drop')).toBe(400);
    });
  });

  describe('reference', () => {
    it('Type/id, bare id, :Type modifier, several values', async () => {
      expect(await find('Observation', 'subject=Patient/p-zsf')).toEqual(['o-glu', 'o-hb1']);
      expect(await find('Observation', 'subject=p-zsf')).toEqual(['o-glu', 'o-hb1']);
      expect(await find('Observation', 'subject:Patient=p-zsf')).toEqual(['o-glu', 'o-hb1']);
      expect(await find('Observation', 'subject:Patient=Patient/p-zsf')).toEqual(['o-glu', 'o-hb1']);
      expect(await find('Observation', 'subject:Group=p-zsf')).toEqual([]);
      expect(await find('Observation', 'subject=Group/p-zsf')).toEqual([]);
      expect(await find('Observation', 'patient=p-zs')).toEqual(['o-hb2']);
      expect(await find('Observation', 'subject=Patient/p-zsf,Patient/p-zs')).toEqual(['o-glu', 'o-hb1', 'o-hb2']);
      expect(await find('Observation', 'subject=https://fhir.example.org/fhir/Patient/p-zs')).toEqual(['o-hb2']);
      expect(await find('DiagnosticReport', 'result=Observation/o-hb1')).toEqual(['dr-1']);
      expect(await find('Organization', 'partof=org-a')).toEqual(['org-b']);
      expect(await find('Encounter', 'service-provider=Organization/org-b')).toEqual(['e-2']);
    });
  });

  describe('uri', () => {
    it('exact, :below and :above', async () => {
      expect(await find('ValueSet', 'url=http://medunion.org/fhir/ValueSet/dept-codes')).toEqual(['vs-1']);
      expect(await find('ValueSet', 'url=http://medunion.org/fhir/ValueSet/DEPT-codes')).toEqual([]);
      expect(await find('ValueSet', 'url:below=http://medunion.org/fhir/ValueSet/dept-codes')).toEqual(['vs-1', 'vs-2']);
      expect(await find('ValueSet', 'url:below=http://medunion.org/')).toEqual(['vs-1', 'vs-2']);
      expect(await find('ValueSet', 'url:above=http://medunion.org/fhir/ValueSet/dept-codes/v2/extra')).toEqual(['vs-1', 'vs-2']);
      expect(await find('ValueSet', 'url:above=http://medunion.org/fhir/ValueSet/dept-codes')).toEqual(['vs-1']);
      // wildcards in the value are literal
      expect(await find('ValueSet', 'url:below=http://medunion.org/fhir/ValueSet/dept_')).toEqual([]);
      expect(await find('ValueSet', 'url:below=%')).toEqual([]);
    });
  });

  describe(':missing', () => {
    it('true finds resources without the element, false those with it', async () => {
      expect(await find('Patient', 'birthdate:missing=true')).toEqual(['p-wild']);
      expect(await find('Patient', 'birthdate:missing=false')).toEqual(['p-ls', 'p-zs', 'p-zsf', 'p-zw']);
      expect(await find('Patient', 'identifier:missing=true')).toEqual(['p-wild']);
      expect(await find('Observation', 'value-quantity:missing=true')).toEqual(['o-noval']);
      expect(await find('Encounter', 'service-provider:missing=true')).toEqual(['e-3']);
      expect(await find('ValueSet', 'url:missing=false')).toEqual(['vs-1', 'vs-2', 'vs-3']);
      expect(await status('Patient', 'birthdate:missing=maybe')).toBe(400);
    });
  });

  describe('_id and _lastUpdated', () => {
    it('_id with several values; _lastUpdated with prefixes', async () => {
      expect(await find('Patient', '_id=p-zs,p-ls')).toEqual(['p-ls', 'p-zs']);
      expect(await find('Patient', '_id=nope')).toEqual([]);
      expect(await find('Patient', '_id:not=p-zs&gender=male')).toEqual(['p-zsf']);
      expect(await find('Patient', `_lastUpdated=gt${mark}`)).toEqual(['p-ls']);
      expect(await find('Patient', `_lastUpdated=ge${mark}`)).toEqual(['p-ls']);
      expect(await find('Patient', `_lastUpdated=lt${mark}`)).toEqual(['p-wild', 'p-zs', 'p-zsf', 'p-zw']);
      expect(await find('Patient', `_lastUpdated=${new Date().getUTCFullYear()}`)).toHaveLength(5);
      expect(await status('Patient', '_lastUpdated=gtyesterday')).toBe(400);
    });
  });

  describe('_sort', () => {
    it('ascending, descending (missing values last), several keys', async () => {
      expect(await order('Patient', '_sort=birthdate')).toEqual(['p-ls', 'p-zsf', 'p-zs', 'p-zw', 'p-wild']);
      expect(await order('Patient', '_sort=-birthdate')).toEqual(['p-zw', 'p-zs', 'p-zsf', 'p-ls', 'p-wild']);
      expect(await order('Patient', '_sort=gender,-birthdate')).toEqual(['p-zw', 'p-ls', 'p-zs', 'p-zsf', 'p-wild']);
      expect(await order('Patient', '_sort=gender&_sort=birthdate')).toEqual(['p-ls', 'p-zw', 'p-zsf', 'p-zs', 'p-wild']);
      expect(await order('Observation', '_sort=code,-date')).toEqual(['o-glu', 'o-noval', 'o-hb2', 'o-hb1', 'o-hb3', 'o-hr']);
      expect(await order('Observation', '_sort=-value-quantity&code=718-7')).toEqual(['o-hb3', 'o-hb1', 'o-hb2', 'o-noval']);
      expect(await order('Patient', '_sort=_id')).toEqual(['p-ls', 'p-wild', 'p-zs', 'p-zsf', 'p-zw']);
      expect((await order('Patient', '_sort=-_lastUpdated'))[0]).toBe('p-ls');
      expect(await order('Encounter', '_sort=-date')).toEqual(['e-3', 'e-2', 'e-1']);
    });

    it('unknown sort keys are 400', async () => {
      expect(await status('Patient', '_sort=nonsense')).toBe(400);
    });
  });

  describe('paging and totals', () => {
    it('_count and _offset page without gaps or duplicates, with and without _sort', async () => {
      const all = await order('Observation', '_count=100');
      expect(all).toHaveLength(6);
      for (const sort of ['', '&_sort=_id', '&_sort=-date', '&_sort=code']) {
        const expected = await order('Observation', `_count=100${sort}`);
        const seen: string[] = [];
        for (let offset = 0; offset < 8; offset += 2) {
          const page = await store.search(ctx, 'Observation', q(`_count=2&_offset=${offset}${sort}`));
          seen.push(...page.resources.map((r) => r.id!));
          expect(page.hasMore, `offset ${offset}${sort}`).toBe(offset + 2 < 6);
        }
        expect(seen, sort).toEqual(expected);
        expect(new Set(seen).size).toBe(6);
      }
    });

    it('_total=accurate counts all matches, not the page', async () => {
      const r = await store.search(ctx, 'Observation', q('code=718-7&_count=1&_total=accurate'));
      expect(r.resources).toHaveLength(1);
      expect(r.total).toBe(4);
      expect(r.hasMore).toBe(true);
      expect((await store.search(ctx, 'Observation', q('code=718-7'))).total).toBeUndefined();
      const zero = await store.search(ctx, 'Observation', q('_count=0&_total=accurate'));
      expect(zero.resources).toEqual([]);
      expect(zero.total).toBe(6);
      expect(await status('Observation', '_count=-1')).toBe(400);
      expect(await status('Observation', '_count=ten')).toBe(400);
      expect(await status('Observation', '_offset=1e3')).toBe(400);
      expect(await status('Observation', '_total=maybe')).toBe(400);
    });
  });

  describe('_summary and _elements', () => {
    it('_summary=count returns only the total', async () => {
      const r = await store.search(ctx, 'Patient', q('_summary=count&name=张'));
      expect(r).toMatchObject({ resources: [], included: [], total: 2 });
    });

    it('_summary=true keeps summary elements and marks the result SUBSETTED', async () => {
      const [p] = (await store.search(ctx, 'Patient', q('_id=p-zsf&_summary=true'))).resources as (Resource & Record<string, unknown>)[];
      expect(p).toMatchObject({ id: 'p-zsf', gender: 'male', birthDate: '1980-05-01', name: [{ text: '张三丰' }] });
      expect(p.maritalStatus).toBeUndefined();
      expect(p.meta?.tag?.map((t) => t.code)).toEqual(['imported', 'SUBSETTED']);
      // the stored resource is untouched
      expect(await store.read(ctx, 'Patient', 'p-zsf')).toMatchObject({ maritalStatus: { coding: [{ code: 'M' }] } });
    });

    it('_elements keeps only the listed top-level elements', async () => {
      const [p] = (await store.search(ctx, 'Patient', q('_id=p-zsf&_elements=name,gender'))).resources as (Resource & Record<string, unknown>)[];
      expect(Object.keys(p).sort()).toEqual(['gender', 'id', 'meta', 'name', 'resourceType']);
      expect(await status('Patient', '_summary=maybe')).toBe(400);
    });
  });

  describe('_include and _revinclude', () => {
    it('_include brings referenced resources; :iterate follows one more level', async () => {
      const r = await store.search(ctx, 'DiagnosticReport', q('_id=dr-1&_include=DiagnosticReport:result'));
      expect(refs(r.resources)).toEqual(['DiagnosticReport/dr-1']);
      expect(refs(r.included)).toEqual(['Observation/o-glu', 'Observation/o-hb1']);

      const it2 = await store.search(ctx, 'DiagnosticReport', q('_id=dr-1&_include=DiagnosticReport:result&_include:iterate=Observation:subject'));
      expect(refs(it2.included)).toEqual(['Observation/o-glu', 'Observation/o-hb1', 'Patient/p-zsf']);

      const both = await store.search(ctx, 'DiagnosticReport', q('_include=DiagnosticReport:result&_include=DiagnosticReport:subject'));
      expect(refs(both.resources)).toEqual(['DiagnosticReport/dr-1', 'DiagnosticReport/dr-2']);
      expect(refs(both.included)).toEqual(['Observation/o-glu', 'Observation/o-hb1', 'Observation/o-hb2', 'Patient/p-zs', 'Patient/p-zsf']);
    });

    it('target type restriction and no duplicates between matches and includes', async () => {
      expect(refs((await store.search(ctx, 'Observation', q('_id=o-hb1&_include=Observation:subject:Patient'))).included)).toEqual(['Patient/p-zsf']);
      expect((await store.search(ctx, 'Observation', q('_id=o-hb1&_include=Observation:subject:Group'))).included).toEqual([]);
      const r = await store.search(ctx, 'Observation', q('subject=p-zsf&_include=Observation:subject'));
      expect(refs(r.included)).toEqual(['Patient/p-zsf']); // two Observations, one Patient
      const self = await store.search(ctx, 'Organization', q('_include=Organization:partof'));
      expect(refs(self.resources)).toEqual(['Organization/org-a', 'Organization/org-b']);
      expect(self.included).toEqual([]); // org-a is already a match
    });

    it('_revinclude brings referencing resources, also with :iterate', async () => {
      const r = await store.search(ctx, 'Patient', q('_id=p-zsf&_revinclude=Observation:subject'));
      expect(refs(r.included)).toEqual(['Observation/o-glu', 'Observation/o-hb1']);
      const rr = await store.search(ctx, 'Observation', q('_id=o-hb1&_revinclude=DiagnosticReport:result&_include:iterate=DiagnosticReport:subject'));
      expect(refs(rr.included)).toEqual(['DiagnosticReport/dr-1', 'Patient/p-zsf']);
    });

    it('malformed include specs are 400', async () => {
      expect(await status('Observation', '_include=Observation:nosuch')).toBe(400);
      expect(await status('Observation', '_include=Observation:code')).toBe(400); // not a reference
      expect(await status('Observation', '_include=Observation')).toBe(400);
    });
  });

  describe('chaining and _has', () => {
    it('chained parameters', async () => {
      expect(await find('Observation', 'subject.name=张')).toEqual(['o-glu', 'o-hb1', 'o-hb2']);
      expect(await find('Observation', `subject:Patient.identifier=${OID}|110101198005010011`)).toEqual(['o-glu', 'o-hb1']);
      expect(await find('Observation', 'subject:Patient.birthdate=lt1980')).toEqual(['o-hb3']);
      expect(await find('Encounter', 'subject.gender=female')).toEqual(['e-3']);
      expect(await find('DiagnosticReport', 'result.code=2345-7')).toEqual(['dr-1']);
      expect(await find('Observation', 'subject.name=张三丰,李四')).toEqual(['o-glu', 'o-hb1', 'o-hb3']);
      expect(await status('Observation', 'subject.nosuchparam=x')).toBe(400);
      expect(await status('Observation', 'code.name=x')).toBe(400); // code is not a reference
    });

    it('_has (reverse chaining)', async () => {
      expect(await find('Patient', '_has:Observation:subject:code=718-7')).toEqual(['p-ls', 'p-zs', 'p-zsf', 'p-zw']);
      expect(await find('Patient', '_has:Observation:subject:code=2345-7')).toEqual(['p-zsf']);
      expect(await find('Patient', '_has:Observation:patient:value-quantity=gt140')).toEqual(['p-ls']);
      expect(await find('Patient', '_has:DiagnosticReport:subject:code=58410-2&gender=male')).toEqual(['p-zs', 'p-zsf']);
      expect(await find('Patient', '_has:Observation:subject:code=718-7&_has:Observation:subject:code=2345-7')).toEqual(['p-zsf']);
      expect(await status('Patient', '_has:Observation:subject')).toBe(400);
      expect(await status('Patient', '_has:Observation:code:code=718-7')).toBe(400);
    });
  });

  describe('unknown parameters', () => {
    it('are skipped with an outcome issue, or 400 under handling=strict', async () => {
      const r = await store.search(ctx, 'Patient', q('foo=bar&gender=male&name:fuzzy=张'));
      expect(ids(r.resources)).toEqual(['p-zs', 'p-zsf']);
      expect(r.issues.map((i) => i.expression?.[0])).toEqual(['foo', 'name:fuzzy']);
      expect(r.issues.every((i) => i.severity === 'warning' && i.code === 'not-supported')).toBe(true);
      expect(await status('Patient', 'foo=bar&gender=male', true)).toBe(400);
      expect(await status('Patient', 'name:fuzzy=张', true)).toBe(400);
      expect((await store.search({ ...ctx, strictHandling: true }, 'Patient', q('gender=male'))).issues).toEqual([]);
      // _format / _pretty are transport concerns and silently ignored
      expect((await store.search(ctx, 'Patient', q('_format=json&_pretty=true&_id=p-zs'))).issues).toEqual([]);
    });
  });

  describe('hostile input', () => {
    it('SQL in values, keys and _sort finds nothing or is 400, and breaks nothing', async () => {
      const nothing: [string, string][] = [
        ['name', "' or 1=1 --"],
        ['name', "张'); drop table fhir_resource; --"],
        ['name:contains', "' or ''='"],
        ['name:exact', "' or 'a'='a"],
        ['_id', "' or 1=1 --"],
        ['identifier', "x|y' or 1=1 --"],
        ['subject', "Patient/p-zsf' or 1=1 --"],
        ['code:text', "'; delete from sp_token; --"],
        ['url', "http://x' or 1=1 --"],
      ];
      for (const [key, value] of nothing) {
        const type = ['subject', 'code:text'].includes(key) ? 'Observation' : key === 'url' ? 'ValueSet' : 'Patient';
        expect(await find(type, [[key, value]]), `${key}=${value}`).toEqual([]);
      }
      expect(await status('Patient', '_sort=name;drop table fhir_resource')).toBe(400);
      expect(await status('Patient', '_sort=name desc, (select 1)')).toBe(400);
      expect(await status('Patient', [['_include', 'Patient:x;drop table fhir_resource']])).toBe(400);
      expect(await status('Patient', [['_has:Observation;drop table x:subject:code', '1']])).toBe(400);
      const weird = await store.search(ctx, 'Patient', [['foo;drop table fhir_resource--', '1']]);
      expect(weird.resources).toHaveLength(5); // skipped as unknown
      expect(await counts(fx.db)).toEqual(seeded);
    });

    it('% and _ match literally', async () => {
      expect(await find('Patient', 'name=%')).toEqual([]);
      expect(await find('Patient', 'name=_')).toEqual([]);
      expect(await find('Patient', 'name=A_')).toEqual(['p-wild']);
      expect(await find('Patient', 'name=A%')).toEqual([]);
      expect(await find('Patient', 'name=z_ang')).toEqual([]);
      expect(await find('Patient', 'name:contains=%')).toEqual(['p-wild']);
      expect(await find('Patient', 'name:contains=_')).toEqual(['p-wild']);
      expect(await find('Patient', 'name:contains=b%c')).toEqual(['p-wild']);
      expect(await find('Patient', 'name:contains=\\')).toEqual([]);
      expect(await find('Observation', 'code:text=%')).toEqual([]);
    });
  });

  describe('combining values', () => {
    it('comma is OR, a repeated parameter is AND', async () => {
      expect(await find('Patient', 'gender=male,female')).toEqual(['p-ls', 'p-zs', 'p-zsf', 'p-zw']);
      expect(await find('Patient', 'name=张三丰,李四')).toEqual(['p-ls', 'p-zsf']);
      expect(await find('Patient', 'name=张&name=三丰')).toEqual(['p-zsf']);
      expect(await find('Patient', 'name=张&name=李')).toEqual([]);
      expect(await find('Patient', 'birthdate=ge1980&birthdate=le1990-12-31')).toEqual(['p-zs', 'p-zsf']);
      expect(await find('Observation', 'code=718-7,2345-7&subject=p-zsf')).toEqual(['o-glu', 'o-hb1']);
      expect(await find('Observation', 'code=718-7&code=2345-7')).toEqual([]);
      expect(await find('Patient', 'name=zhang\\,wei')).toEqual([]); // an escaped comma is part of the value
    });
  });

  describe('composite parameters', () => {
    it('match all components within one element: code-value-quantity and component-code-value-quantity', async () => {
      const bp = (id: string, systolic: number, diastolic: number): Resource =>
        ({
          resourceType: 'Observation',
          id,
          status: 'final',
          code: loinc('85354-9', 'Blood pressure panel'),
          subject: { reference: 'Patient/p-zw' },
          effectiveDateTime: '2019-06-01T08:00:00+08:00',
          component: [
            { code: loinc('8480-6', 'Systolic'), valueQuantity: ucum(systolic, 'mm[Hg]') },
            { code: loinc('8462-4', 'Diastolic'), valueQuantity: ucum(diastolic, 'mm[Hg]') },
          ],
        }) as Resource;
      await store.update(ctx, bp('o-bp-high', 165, 95));
      await store.update(ctx, bp('o-bp-normal', 118, 165)); // a diastolic 165 would be absurd, but it tests "same component"
      try {
        expect(await find('Observation', `code-value-quantity=${LOINC}|718-7$gt120`)).toEqual(['o-hb1', 'o-hb3']);
        expect(await find('Observation', `code-value-quantity=718-7$lt100`)).toEqual(['o-hb2']);
        expect(await find('Observation', `code-value-quantity=2345-7$gt120`)).toEqual([]);
        expect(await find('Observation', `code-value-quantity=718-7$135|http://unitsofmeasure.org|g/L`)).toEqual(['o-hb1']);
        // systolic > 140 only in the first; the second has 165 only on its diastolic component
        expect(await find('Observation', `component-code-value-quantity=${LOINC}|8480-6$gt140`)).toEqual(['o-bp-high']);
        expect(await find('Observation', `component-code-value-quantity=8462-4$gt100`)).toEqual(['o-bp-normal']);
        // comma: either alternative
        expect(await find('Observation', `component-code-value-quantity=8480-6$gt140,8462-4$gt100`)).toEqual(['o-bp-high', 'o-bp-normal']);
        expect(await status('Observation', 'code-value-quantity=718-7')).toBe(400);
      } finally {
        await store.delete(ctx, 'Observation', 'o-bp-high');
        await store.delete(ctx, 'Observation', 'o-bp-normal');
      }
    });
  });

  describe('special parameters', () => {
    it('near finds Locations within a great-circle distance; _text and _content search text', async () => {
      const loc = (id: string, name: string, latitude: number, longitude: number): Resource =>
        ({ resourceType: 'Location', id, name, position: { latitude, longitude }, text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${name}门诊</div>` } }) as Resource;
      // 福州 (26.074, 119.296); 闽侯 is ~15 km away, 厦门 ~200 km
      await store.update(ctx, loc('loc-fz', '福州院区', 26.074, 119.296));
      await store.update(ctx, loc('loc-mh', '闽侯分院', 26.15, 119.131));
      await store.update(ctx, loc('loc-xm', '厦门分院', 24.48, 118.089));
      try {
        expect(await find('Location', 'near=26.074|119.296|5|km')).toEqual(['loc-fz']);
        expect(await find('Location', 'near=26.074|119.296|20|km')).toEqual(['loc-fz', 'loc-mh']);
        expect(await find('Location', 'near=26.074|119.296|250|km')).toEqual(['loc-fz', 'loc-mh', 'loc-xm']);
        expect(await find('Location', 'near=26.074|119.296|12.5|[mi_us]')).toEqual(['loc-fz', 'loc-mh']);
        expect(await status('Location', 'near=north|119|5|km')).toBe(400);
        expect(await status('Location', 'near=26|119|5|parsec')).toBe(400);
        expect(await find('Location', '_text=闽侯分院门诊')).toEqual(['loc-mh']);
        expect(await find('Location', '_content=厦门')).toEqual(['loc-xm']);
        expect(await find('Location', '_content=分院')).toEqual(['loc-mh', 'loc-xm']);
      } finally {
        for (const id of ['loc-fz', 'loc-mh', 'loc-xm']) await store.delete(ctx, 'Location', id);
      }
    });
  });
});
