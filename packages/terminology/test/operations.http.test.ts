import type { NamingSystem, OperationOutcome, Parameters, ValueSet } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import type { TerminologyServices } from '../src/index.ts';
import { institutionOid } from '../src/naming/oid.ts';

const factories = await testDbFactories();

const SEX = 'urn:oid:2.16.156.10011.2.3.3.4';
const MARITAL = 'urn:oid:2.16.156.10011.2.3.3.5';
const ICD10 = 'urn:oid:2.16.156.10011.2.3.3.11';
const ETHNICITY = 'urn:oid:2.16.156.10011.2.3.3.3';
const DEMO_LAB_VS = 'https://medunion.org/fhir/ValueSet/demo-lab-orderables';

/** Polls `probe` until it returns a value (events are delivered after the write commits), failing after 15 s. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The value of a named output parameter (first value[x] found). */
function param(p: Parameters, name: string): unknown {
  const found = p.parameter?.find((x) => x.name === name);
  if (!found) return undefined;
  const key = Object.keys(found).find((k) => k.startsWith('value'));
  return key ? (found as unknown as Record<string, unknown>)[key] : found;
}

/** `property` output parameters as [code, value] pairs. */
function properties(p: Parameters): [string, unknown][] {
  return (p.parameter ?? [])
    .filter((x) => x.name === 'property')
    .map((x) => {
      const value = x.part!.find((part) => part.name === 'value')!;
      const key = Object.keys(value).find((k) => k.startsWith('value'))!;
      return [x.part!.find((part) => part.name === 'code')!.valueCode!, (value as unknown as Record<string, unknown>)[key]];
    });
}

describe.each(factories)('terminology operations over HTTP on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  let doctor: string;
  let leadAdmin: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    [admin, doctor, leadAdmin, auditor] = await Promise.all([t.login('admin'), t.login('lead.doctor'), t.login('lead.admin'), t.login('commission')]);
  });
  afterAll(async () => t?.close());

  const get = async <T>(path: string, token = doctor) => {
    const res = await t.request('GET', path, { token });
    return { status: res.status, body: (await res.json()) as T };
  };
  const post = async <T>(path: string, body: unknown, token = doctor) => {
    const res = await t.request('POST', path, { token, body });
    return { status: res.status, body: (await res.json()) as T };
  };
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

  describe('CodeSystem/$lookup', () => {
    it('gives display, designations and properties of a national code (GB/T 2261.1)', async () => {
      const { status, body } = await get<Parameters>(`/fhir/R4/CodeSystem/$lookup?${q({ system: SEX, code: '1' })}`);
      expect(status).toBe(200);
      expect([param(body, 'name'), param(body, 'version'), param(body, 'display')]).toEqual(['生理性别代码表（GB/T 2261.1）', 'GB/T 2261.1-2003', '男性']);
      const designation = body.parameter!.find((p) => p.name === 'designation')!;
      expect(designation.part).toEqual([
        { name: 'language', valueCode: 'en' },
        { name: 'value', valueString: 'Male' },
      ]);
      const english = await get<Parameters>(`/fhir/R4/CodeSystem/$lookup?${q({ system: SEX, code: '2', displayLanguage: 'en' })}`);
      expect(param(english.body, 'display')).toBe('Female');
    });

    it('gives the hierarchy as parent and child properties (ICD-10 chapters and blocks)', async () => {
      const chapter = await get<Parameters>(`/fhir/R4/CodeSystem/$lookup?${q({ system: ICD10, code: 'X' })}`);
      expect(param(chapter.body, 'display')).toBe('呼吸系统疾病');
      const props = properties(chapter.body);
      expect(props.filter(([c]) => c === 'child').map(([, v]) => v)).toEqual(['J00-J06', 'J09-J18', 'J20-J22', 'J30-J39', 'J40-J47', 'J60-J70', 'J80-J84', 'J85-J86', 'J90-J94', 'J95-J99']);
      expect(props).toContainEqual(['kind', 'chapter']);
      const block = await get<Parameters>(`/fhir/R4/CodeSystem/$lookup?${q({ system: ICD10, code: 'J40-J47' })}`);
      expect(properties(block.body)).toContainEqual(['parent', 'X']);
    });

    it('takes a POSTed Parameters body', async () => {
      const { status, body } = await post<Parameters>('/fhir/R4/CodeSystem/$lookup', {
        resourceType: 'Parameters',
        parameter: [
          { name: 'system', valueUri: ETHNICITY },
          { name: 'code', valueCode: '08' },
        ],
      });
      expect(status).toBe(200);
      expect(param(body, 'display')).toBe('壮族');
      expect(properties(body)).toContainEqual(['alpha', 'ZH']);
      // A Coding input (as FHIR clients send `coding`) is the same question.
      const byCoding = await post<Parameters>('/fhir/R4/CodeSystem/$lookup', { resourceType: 'Parameters', parameter: [{ name: 'coding', valueCoding: { system: ETHNICITY, code: '08' } }] });
      expect([byCoding.status, param(byCoding.body, 'display')]).toEqual([200, '壮族']);
    });

    it('answers bad input with OperationOutcomes: missing parameters 400, unknown system or code 404', async () => {
      const missing = await get<OperationOutcome>(`/fhir/R4/CodeSystem/$lookup?${q({ system: SEX })}`);
      expect([missing.status, missing.body.issue[0].expression]).toEqual([400, ['code']]);
      const noSystem = await get<OperationOutcome>(`/fhir/R4/CodeSystem/$lookup?${q({ code: '1' })}`);
      expect([noSystem.status, noSystem.body.issue[0].expression]).toEqual([400, ['system']]);
      const unknownSystem = await get<OperationOutcome>(`/fhir/R4/CodeSystem/$lookup?${q({ system: 'urn:oid:1.2.3.4', code: '1' })}`);
      expect(unknownSystem.status).toBe(404);
      expect(unknownSystem.body.issue[0].details?.text).toContain('urn:oid:1.2.3.4 is not known');
      const unknownCode = await get<OperationOutcome>(`/fhir/R4/CodeSystem/$lookup?${q({ system: SEX, code: '7' })}`);
      expect([unknownCode.status, unknownCode.body.issue[0].code]).toEqual([404, 'not-found']);
    });

    it('needs authentication and terminology.read, and is audited', async () => {
      expect((await t.request('GET', `/fhir/R4/CodeSystem/$lookup?${q({ system: SEX, code: '1' })}`)).status).toBe(401);
      const denied = await get<OperationOutcome>(`/fhir/R4/CodeSystem/$lookup?${q({ system: SEX, code: '1' })}`, auditor);
      expect([denied.status, denied.body.issue[0].details?.text]).toEqual([403, 'Permission terminology.read is required']);
      await get(`/fhir/R4/CodeSystem/$lookup?${q({ system: SEX, code: '9' })}`);
      const audit = await t.platform.kernel.audit.search({ action: 'operation', resourceType: 'CodeSystem', count: 50 });
      const queries = audit.entries.map((e) => Buffer.from(e.entity?.[0]?.query ?? '', 'base64').toString('utf8'));
      expect(queries.some((text) => text.startsWith('$lookup?') && text.includes('code=9'))).toBe(true);
    });
  });

  describe('$validate-code', () => {
    it('checks a code and its display against a code system', async () => {
      const ok = await get<Parameters>(`/fhir/R4/CodeSystem/$validate-code?${q({ url: MARITAL, code: '21', display: '初婚' })}`);
      expect([param(ok.body, 'result'), param(ok.body, 'display')]).toEqual([true, '初婚']);
      const english = await get<Parameters>(`/fhir/R4/CodeSystem/$validate-code?${q({ url: MARITAL, code: '21', display: 'First marriage' })}`);
      expect(param(english.body, 'result')).toBe(true);
      const wrongDisplay = await get<Parameters>(`/fhir/R4/CodeSystem/$validate-code?${q({ url: MARITAL, code: '21', display: '再婚' })}`);
      expect(param(wrongDisplay.body, 'result')).toBe(false);
      expect(param(wrongDisplay.body, 'message')).toContain('expected "初婚"');
      const unknown = await get<Parameters>(`/fhir/R4/CodeSystem/$validate-code?${q({ coding: `${MARITAL}|99` })}`);
      expect([unknown.status, param(unknown.body, 'result')]).toEqual([200, false]);
    });

    it('checks membership of a value set, by url and by id', async () => {
      const member = await get<Parameters>(`/fhir/R4/ValueSet/$validate-code?${q({ url: DEMO_LAB_VS, system: 'https://medunion.org/fhir/CodeSystem/demo-lab-orderables', code: 'CBC' })}`);
      expect([param(member.body, 'result'), param(member.body, 'display')]).toEqual([true, '血常规']);
      const created = await post<ValueSet>(
        '/fhir/R4/ValueSet',
        { resourceType: 'ValueSet', status: 'active', url: 'urn:test:vs:married', compose: { include: [{ system: MARITAL, filter: [{ property: 'concept', op: 'is-a', value: '20' }] }] } },
        admin,
      );
      const inSet = await get<Parameters>(`/fhir/R4/ValueSet/${created.body.id}/$validate-code?${q({ system: MARITAL, code: '22' })}`);
      expect(param(inSet.body, 'result')).toBe(true);
      const notInSet = await get<Parameters>(`/fhir/R4/ValueSet/${created.body.id}/$validate-code?${q({ system: MARITAL, code: '40' })}`);
      expect(param(notInSet.body, 'result')).toBe(false);
      expect(param(notInSet.body, 'message')).toContain('is not in ValueSet urn:test:vs:married');
    });
  });

  describe('ValueSet/$expand', () => {
    it('expands a stored value set with a pinyin-initials filter', async () => {
      const { status, body } = await get<ValueSet>(`/fhir/R4/ValueSet/$expand?${q({ url: DEMO_LAB_VS, filter: 'xcg' })}`);
      expect(status).toBe(200);
      expect(body.expansion!.total).toBe(1);
      expect(body.expansion!.contains).toEqual([{ system: 'https://medunion.org/fhir/CodeSystem/demo-lab-orderables', version: '1', code: 'CBC', display: '血常规' }]);
    });

    it('expands a whole code system (?fhir_vs) or a subtree (?fhir_vs=isa/…), pages it and reports the total', async () => {
      const all = await get<ValueSet>(`/fhir/R4/ValueSet/$expand?${q({ url: `${ETHNICITY}?fhir_vs`, count: '10', offset: '50' })}`);
      expect(all.body.expansion!.total).toBe(58);
      expect(all.body.expansion!.contains!.map((c) => c.code)).toEqual(['51', '52', '53', '54', '55', '56', '97', '98']);
      const mongol = await get<ValueSet>(`/fhir/R4/ValueSet/$expand?${q({ url: `${ETHNICITY}?fhir_vs`, filter: 'mgz' })}`);
      expect(mongol.body.expansion!.contains!.map((c) => c.display)).toEqual(['蒙古族']);
      const married = await get<ValueSet>(`/fhir/R4/ValueSet/$expand?${q({ url: `${MARITAL}?fhir_vs=isa/20` })}`);
      expect(married.body.expansion!.contains!.map((c) => c.code)).toEqual(['20', '21', '22', '23']);
      const hangzhou = await get<ValueSet>(`/fhir/R4/ValueSet/$expand?${q({ url: 'urn:oid:2.16.156.10011.2.3.3.2?fhir_vs', filter: 'hangzhou' })}`);
      expect(hangzhou.body.expansion!.contains!.map((c) => c.display)).toEqual(['杭州市']);
    });

    it('refuses a missing url (400) and an unknown value set (404), and a count beyond the maximum is capped', async () => {
      expect((await get<OperationOutcome>('/fhir/R4/ValueSet/$expand')).status).toBe(400);
      expect((await get<OperationOutcome>(`/fhir/R4/ValueSet/$expand?${q({ url: 'urn:test:no-such-vs' })}`)).status).toBe(404);
      const bad = await get<OperationOutcome>(`/fhir/R4/ValueSet/$expand?${q({ url: DEMO_LAB_VS, count: '-1' })}`);
      expect([bad.status, bad.body.issue[0].expression]).toEqual([400, ['count']]);
      const capped = await get<ValueSet>(`/fhir/R4/ValueSet/$expand?${q({ url: DEMO_LAB_VS, count: '100000' })}`);
      expect(capped.body.expansion!.parameter).toContainEqual({ name: 'count', valueInteger: 1000 });
    });
  });

  describe('CodeSystem/$subsumes', () => {
    it('relates codes of a hierarchical code system both ways', async () => {
      const outcome = async (a: string, b: string, system = ICD10) => param((await get<Parameters>(`/fhir/R4/CodeSystem/$subsumes?${q({ system, codeA: a, codeB: b })}`)).body, 'outcome');
      expect(await outcome('X', 'J40-J47')).toBe('subsumes');
      expect(await outcome('J40-J47', 'X')).toBe('subsumed-by');
      expect(await outcome('J40-J47', 'J40-J47')).toBe('equivalent');
      expect(await outcome('IX', 'J40-J47')).toBe('not-subsumed');
      expect(await outcome('20', '23', MARITAL)).toBe('subsumes');
    });

    it('refuses flat code systems (400) and unknown codes (404)', async () => {
      expect((await get<OperationOutcome>(`/fhir/R4/CodeSystem/$subsumes?${q({ system: SEX, codeA: '1', codeB: '2' })}`)).status).toBe(400);
      const unknown = await get<OperationOutcome>(`/fhir/R4/CodeSystem/$subsumes?${q({ system: ICD10, codeA: 'X', codeB: 'Q99' })}`);
      expect([unknown.status, unknown.body.issue[0].details?.text]).toEqual([404, `codeB "Q99" is not in CodeSystem ${ICD10}`]);
    });
  });

  describe('ConceptMap/$translate', () => {
    it('translates through stored concept maps, forwards and in reverse, with the equivalence', async () => {
      const map = await post<{ id: string }>(
        '/fhir/R4/ConceptMap',
        {
          resourceType: 'ConceptMap',
          url: 'urn:test:map:his-sex',
          status: 'active',
          group: [{ source: 'urn:test:his-sex', target: SEX, element: [{ code: 'M', target: [{ code: '1', display: '男性', equivalence: 'equivalent' }] }, { code: 'U', target: [{ equivalence: 'unmatched' }] }] }],
        },
        admin,
      );
      expect(map.status).toBe(201);
      const forward = await get<Parameters>(`/fhir/R4/ConceptMap/$translate?${q({ system: 'urn:test:his-sex', code: 'M' })}`);
      expect(param(forward.body, 'result')).toBe(true);
      expect(forward.body.parameter!.find((p) => p.name === 'match')!.part).toEqual([
        { name: 'equivalence', valueCode: 'equivalent' },
        { name: 'concept', valueCoding: { system: SEX, code: '1', display: '男性' } },
        { name: 'source', valueUri: 'urn:test:map:his-sex' },
      ]);
      const reverse = await get<Parameters>(`/fhir/R4/ConceptMap/${map.body.id}/$translate?${q({ system: SEX, code: '1', reverse: 'true' })}`);
      expect(reverse.body.parameter!.find((p) => p.name === 'match')!.part![1]).toEqual({ name: 'concept', valueCoding: { system: 'urn:test:his-sex', code: 'M' } });
      const unmatched = await get<Parameters>(`/fhir/R4/ConceptMap/$translate?${q({ url: 'urn:test:map:his-sex', system: 'urn:test:his-sex', code: 'U' })}`);
      expect(param(unmatched.body, 'result')).toBe(false);
      expect((await get<OperationOutcome>(`/fhir/R4/ConceptMap/$translate?${q({ url: 'urn:test:map:none', system: 'x', code: 'y' })}`)).status).toBe(404);
    });
  });

  describe('dictionaries uploaded through FHIR', () => {
    const dictionary = {
      resourceType: 'CodeSystem',
      url: 'https://medunion.org/fhir/CodeSystem/dictionary/lead-hospital/units',
      version: '1',
      status: 'active',
      content: 'complete',
      meta: { tag: [{ system: 'https://medunion.org/fhir/CodeSystem/dictionary-kind', code: 'units' }] },
      concept: [
        { code: 'g/L', display: '克每升' },
        { code: 'mmol/L', display: '毫摩尔每升' },
      ],
    };

    it('are searchable by pinyin as soon as they are stored', async () => {
      expect((await post('/fhir/R4/CodeSystem', dictionary, leadAdmin)).status).toBe(201);
      const found = await get<ValueSet>(`/fhir/R4/ValueSet/$expand?${q({ url: `${dictionary.url}?fhir_vs`, filter: 'hme' })}`); // 毫摩尔每升
      expect(found.body.expansion!.contains!.map((c) => c.code)).toEqual(['mmol/L']);
    });

    it('are refused with repeated codes (csd-1) or without all their codes', async () => {
      const repeated = await post<OperationOutcome>('/fhir/R4/CodeSystem', { ...dictionary, version: '2', concept: [...dictionary.concept, { code: 'g/L', display: '又一个' }] }, leadAdmin);
      expect(repeated.status).toBe(400);
      expect(repeated.body.issue[0].details?.text).toContain('csd-1');
      const fragment = await post<OperationOutcome>('/fhir/R4/CodeSystem', { ...dictionary, version: '3', content: 'fragment' }, leadAdmin);
      expect([fragment.status, fragment.body.issue[0].expression]).toEqual([400, ['CodeSystem.content']]);
    });
  });

  describe('identifier registry', () => {
    it('resolves national identifier types by OID, urn:oid: or URI', async () => {
      for (const value of ['2.16.156.10011.1.3', 'urn:oid:2.16.156.10011.1.3']) {
        const { status, body } = await get<NamingSystem>(`/api/terminology/naming-systems/resolve?${q({ value })}`);
        expect(status).toBe(200);
        expect([body.name, body.kind]).toEqual(['ResidentIdCard', 'identifier']);
      }
      const insurance = await get<NamingSystem>(`/api/terminology/naming-systems/resolve?${q({ value: 'https://medunion.org/fhir/sid/medical-insurance-card' })}`);
      expect(insurance.body.uniqueId.map((u) => u.value)).toEqual(['https://medunion.org/fhir/sid/medical-insurance-card', '2.16.156.10011.1.15']);
      const codeSystem = await get<NamingSystem>(`/api/terminology/naming-systems/resolve?${q({ value: '2.16.156.10011.2.3.3.11' })}`);
      expect(codeSystem.body.kind).toBe('codesystem');
    });

    it("registers every institution's OID root and MRN namespace, resolvable by URI or OID", async () => {
      expect((await post('/api/terminology/naming-systems/institutions', {}, leadAdmin)).status).toBe(403);
      const registered = await post<{ registered: number }>('/api/terminology/naming-systems/institutions', {}, admin);
      expect(registered.body.registered).toBe(4); // the commission, the lead hospital and two health centres
      const mrn = await get<NamingSystem>(`/api/terminology/naming-systems/resolve?${q({ value: 'https://medunion.org/fhir/sid/mrn/lead-hospital' })}`);
      expect(mrn.status).toBe(200);
      expect(mrn.body.uniqueId[1]).toEqual({ type: 'oid', value: `${institutionOid('lead-hospital')}.1` });
      expect(mrn.body.useContext?.[0].valueReference?.reference).toBe('Organization/lead-hospital');
      const byOid = await get<NamingSystem>(`/api/terminology/naming-systems/resolve?${q({ value: `urn:oid:${institutionOid('lead-hospital')}` })}`);
      expect([byOid.body.kind, byOid.body.responsible]).toEqual(['root', '青山县人民医院']);
      // Registering again changes nothing: the entries keep their first version.
      await post('/api/terminology/naming-systems/institutions', {}, admin);
      const again = await get<NamingSystem>(`/api/terminology/naming-systems/resolve?${q({ value: 'https://medunion.org/fhir/sid/mrn/lead-hospital' })}`);
      expect(again.body.meta?.versionId).toBe(mrn.body.meta?.versionId);
    });

    it('answers an unknown value with 404 and a missing one with 400', async () => {
      expect((await get(`/api/terminology/naming-systems/resolve?${q({ value: '1.2.3.4.5' })}`)).status).toBe(404);
      expect((await get('/api/terminology/naming-systems/resolve')).status).toBe(400);
    });
  });

  describe('kept current by events', () => {
    it('indexes a CodeSystem stored through FHIR without waiting for an operation to ask', async () => {
      const created = await post<{ id: string }>('/fhir/R4/CodeSystem', { resourceType: 'CodeSystem', url: 'urn:test:evented', status: 'active', content: 'complete', concept: [{ code: 'a', display: '甲' }] }, admin);
      const indexed = await eventually('the index row', async () => {
        const { rows } = await t.platform.kernel.db.query<{ concept_count: number }>('select concept_count from terminology_code_system where resource_id = $1', [created.body.id]);
        return rows[0];
      });
      expect(Number(indexed.concept_count)).toBe(1);
    });

    it('registers a new institution in the identifier registry when its Organization is created', async () => {
      const org = await post('/fhir/R4/Organization', { resourceType: 'Organization', active: true, name: '青山县南坪镇卫生院', type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] }] }, admin);
      const id = (org.body as { id: string }).id;
      const entry = await eventually('the MRN namespace', async () => {
        const res = await t.request('GET', `/api/terminology/naming-systems/resolve?${q({ value: `https://medunion.org/fhir/sid/mrn/${id}` })}`, { token: doctor });
        return res.status === 200 ? ((await res.json()) as NamingSystem) : undefined;
      });
      expect(entry.uniqueId[1].value).toBe(`${institutionOid(id)}.1`);
    });
  });

  describe('services for other modules', () => {
    it('validate codes, resolve registry entries and name institution namespaces', async () => {
      const services = t.platform.runtime.contexts.get('terminology')!.service<TerminologyServices>('terminology');
      expect(await services.validateCode(SEX, '2')).toEqual({ valid: true, display: '女性' });
      expect(await services.validateCode(SEX, '5')).toEqual({ valid: false });
      expect((await services.resolveNamingSystem('2.16.156.10011.1.19')).name).toBe('HealthCardNumber');
      expect(services.institutionSystems('thc-hexi')).toEqual({ oid: institutionOid('thc-hexi'), mrn: 'https://medunion.org/fhir/sid/mrn/thc-hexi', visitCard: 'https://medunion.org/fhir/sid/visit-card/thc-hexi' });
    });
  });
});
