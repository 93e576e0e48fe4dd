import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import type { MetaElement, MetaType } from '../../src/routes/meta.elements.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { expectOutcome, json } from './helpers.ts';

// Metadata comes from the FHIR definitions, not the database: one backend is enough.
const [factory] = await testDbFactories();

describe('element metadata for generated forms', () => {
  let t: TestPlatform;
  let token: string;

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    // Any signed-in user: a nurse holds no administrative permission.
    token = await t.login('lead.nurse');
  });
  afterAll(async () => t?.close());

  const meta = async (type: string) => {
    const res = await t.request('GET', `/api/meta/elements/${type}`, { token });
    expect(res.status, type).toBe(200);
    return json<MetaType>(res);
  };
  const element = (answer: MetaType, name: string): MetaElement => {
    const found = answer.elements.find((e) => e.name === name);
    expect(found, `${answer.type}.${name}`).toBeDefined();
    return found!;
  };

  it('describes a resource type: its direct children with cardinality, types, texts and bindings', async () => {
    const org = await meta('Organization');
    expect(org).toMatchObject({ type: 'Organization', kind: 'resource' });
    expect(org.elements.every((e) => e.path === `Organization.${e.name}`)).toBe(true);
    expect(org.elements.some((e) => e.path.startsWith('Organization.contact.'))).toBe(false); // not nested backbone children
    expect(element(org, 'name')).toMatchObject({ path: 'Organization.name', min: 0, max: '1', types: [{ code: 'string' }], short: 'Name used for the organization' });
    expect(element(org, 'name').definition).toContain('name');
    expect(element(org, 'alias')).toMatchObject({ max: '*', types: [{ code: 'string' }] });
    // FHIRPath system types are reported as their FHIR type
    expect(element(org, 'id').types).toEqual([{ code: 'string' }]);
    // an example binding names its ValueSet (without version) but lists no codes
    expect(element(org, 'type').binding).toEqual({ strength: 'example', valueSet: 'http://hl7.org/fhir/ValueSet/organization-type' });
    expect(element(org, 'partOf').types).toEqual([{ code: 'Reference', targetProfiles: ['http://hl7.org/fhir/StructureDefinition/Organization'] }]);
    expect(element(org, 'contact').types).toEqual([{ code: 'BackboneElement' }]);
  });

  it('lists the codes of small required and extensible bindings', async () => {
    const patient = await meta('Patient');
    const gender = element(patient, 'gender');
    expect(gender.binding?.strength).toBe('required');
    expect(gender.binding?.valueSet).toBe('http://hl7.org/fhir/ValueSet/administrative-gender');
    expect(gender.binding?.codes?.map((c) => c.code).sort()).toEqual(['female', 'male', 'other', 'unknown']);
    expect(gender.binding?.codes).toContainEqual({ system: 'http://hl7.org/fhir/administrative-gender', code: 'male', display: 'Male' });
    const marital = element(patient, 'maritalStatus');
    expect(marital.binding?.strength).toBe('extensible');
    expect(marital.binding?.codes).toContainEqual({ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M', display: 'Married' });
    // preferred bindings list no codes; nor do required ones over 100 codes (the 148 resource types)
    expect(element(patient, 'language').binding).toEqual({ strength: 'preferred', valueSet: 'http://hl7.org/fhir/ValueSet/languages' });
    const resourceType = element(await meta('CapabilityStatement.rest.resource'), 'type');
    expect(resourceType.binding).toEqual({ strength: 'required', valueSet: 'http://hl7.org/fhir/ValueSet/resource-types' });
    const choice = element(patient, 'deceased[x]');
    expect(choice.types.map((x) => x.code)).toEqual(['boolean', 'dateTime']);
  });

  it('describes complex types and backbone element paths, following content references', async () => {
    const name = await meta('HumanName');
    expect(name.kind).toBe('complex-type');
    expect(element(name, 'family')).toMatchObject({ path: 'HumanName.family', max: '1', types: [{ code: 'string' }] });
    expect(element(name, 'given')).toMatchObject({ max: '*' });
    expect(element(name, 'use').binding?.codes?.map((c) => c.code)).toContain('official');

    const contact = await meta('Patient.contact');
    expect(contact).toMatchObject({ type: 'Patient.contact', kind: 'complex-type' });
    expect(element(contact, 'relationship').path).toBe('Patient.contact.relationship');
    expect(element(contact, 'gender').binding?.strength).toBe('required');

    const nested = await meta('Questionnaire.item.item');
    expect(element(nested, 'linkId')).toMatchObject({ path: 'Questionnaire.item.item.linkId', min: 1 });
  });

  it('answers 404 for unknown types and paths that are not backbone elements, 400 for malformed names, 401 without a token', async () => {
    for (const type of ['NoSuchType', 'string', 'Patient.nothing', 'Patient.gender']) await expectOutcome(await t.request('GET', `/api/meta/elements/${type}`, { token }), 404);
    await expectOutcome(await t.request('GET', `/api/meta/elements/${encodeURIComponent('Patient;drop')}`, { token }), 400);
    await expectOutcome(await t.request('GET', '/api/meta/elements/Patient'), 401);
  });
});
