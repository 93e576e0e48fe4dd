import { getSearchParameter } from '@medplum/core';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  expandValueSet,
  isKnownResourceType,
  loadFhirDefinitions,
  RESOURCE_TYPES,
  terminologyIndexBuildCount,
  validateFhirResource,
} from '../../src/fhir/validation/index.ts';

const patient = {
  resourceType: 'Patient',
  id: 'p-1',
  name: [{ text: '张三', family: '张', given: ['三'] }],
  gender: 'male',
  birthDate: '1980-02-29',
};

const observation = {
  resourceType: 'Observation',
  id: 'obs.1',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }], text: '心率' },
  subject: { reference: 'Patient/p-1' },
  effectiveDateTime: '2024-05-01T08:30:00+08:00',
  valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
};

const diagnosticReport = {
  resourceType: 'DiagnosticReport',
  status: 'final',
  code: { text: '血常规' },
  subject: { reference: 'Patient/p-1' },
  result: [{ reference: 'Observation/obs.1' }],
  issued: '2024-05-01T09:00:00.000+08:00',
};

/** The (code, expression) pairs, which is what callers act on; texts are checked loosely where relevant. */
function summary(issues: OperationOutcomeIssue[]): [string, string | undefined][] {
  return issues.map((i) => [i.code, i.expression?.[0]]);
}

describe('definitions', () => {
  it('lists exactly the standard R4 resource types, sorted', () => {
    // The R4 `resource-types` CodeSystem has 148 codes, two of them the abstract Resource and DomainResource.
    expect(RESOURCE_TYPES).toHaveLength(146);
    expect(RESOURCE_TYPES).toEqual([...RESOURCE_TYPES].sort());
    for (const type of ['Patient', 'Observation', 'DiagnosticReport', 'Bundle', 'Parameters']) {
      expect(isKnownResourceType(type)).toBe(true);
    }
    const notStandard = ['Project', 'User', 'Bot', 'Login', 'ClientApplication', 'AccessPolicy', 'SubscriptionStatus'];
    for (const type of [...notStandard, 'Resource', 'DomainResource']) {
      expect(isKnownResourceType(type)).toBe(false);
    }
  });

  it('loads once and indexes the base R4 search parameters', () => {
    loadFhirDefinitions();
    loadFhirDefinitions();
    expect(getSearchParameter('Patient', 'gender')?.expression).toContain('Patient.gender');
    expect(getSearchParameter('Observation', 'subject')).toBeDefined();
    expect(getSearchParameter('Patient', '_id')).toBeDefined();
  });
});

describe('validateFhirResource', () => {
  it('accepts valid Patient, Observation and DiagnosticReport', () => {
    expect(validateFhirResource(patient)).toEqual([]);
    expect(validateFhirResource(observation)).toEqual([]);
    expect(validateFhirResource(diagnosticReport)).toEqual([]);
  });

  it('rejects non-objects, missing and unknown resource types', () => {
    expect(summary(validateFhirResource('Patient'))).toEqual([['structure', undefined]]);
    expect(summary(validateFhirResource({ id: 'x' }))).toEqual([['invalid', 'resourceType']]);
    const [issue] = validateFhirResource({ resourceType: 'Project', name: 'x' });
    expect(issue).toEqual({
      severity: 'error',
      code: 'invalid',
      details: { text: 'Unknown resource type "Project"' },
      expression: ['resourceType'],
    });
    expect(summary(validateFhirResource({ ...patient, contained: [{ resourceType: 'Bot', id: 'b' }] }))).toEqual([
      ['invalid', 'Patient.contained[0].resourceType'],
    ]);
  });

  it('rejects a wrong primitive format', () => {
    const issues = validateFhirResource({ ...patient, birthDate: 'not-a-date' });
    expect(summary(issues)).toEqual([['value', 'Patient.birthDate']]);
    expect(issues[0].details?.text).toMatch(/date/);
  });

  it('reports wrong JSON types with indexed paths', () => {
    expect(summary(validateFhirResource({ ...patient, name: [{ family: 3 }] }))).toEqual([
      ['value', 'Patient.name[0].family'],
    ]);
  });

  it('rejects missing required elements', () => {
    const { status: _s, code: _c, ...bare } = observation;
    expect(summary(validateFhirResource(bare))).toEqual([
      ['required', 'Observation.status'],
      ['required', 'Observation.code'],
    ]);
  });

  it('rejects an array where a single value is expected', () => {
    expect(summary(validateFhirResource({ ...patient, gender: ['male'] }))).toEqual([['structure', 'Patient.gender']]);
  });

  it('rejects unknown properties', () => {
    const issues = validateFhirResource({ ...patient, nickname: '小三' });
    expect(summary(issues)).toEqual([['structure', 'Patient.nickname']]);
    expect(issues[0].details?.text).toContain('nickname');
  });

  it('rejects codes outside a required binding', () => {
    const gender = validateFhirResource({ ...patient, gender: 'man' });
    expect(summary(gender)).toEqual([['code-invalid', 'Patient.gender']]);
    expect(gender[0].details?.text).toContain('administrative-gender');
    expect(summary(validateFhirResource({ ...observation, status: 'done' }))).toEqual([
      ['code-invalid', 'Observation.status'],
    ]);
    // Nested in a choice type and a backbone element.
    const component = { code: { text: '收缩压' }, valueQuantity: { value: 120, comparator: '=' } };
    expect(summary(validateFhirResource({ ...observation, component: [component] }))).toEqual([
      ['code-invalid', 'Observation.component[0].value[x].comparator'],
    ]);
  });

  it('checks codings of the bound system in a required CodeableConcept, tolerating other systems', () => {
    const clinical = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
    const allergy = (coding: object[]) => ({
      resourceType: 'AllergyIntolerance',
      patient: { reference: 'Patient/p-1' },
      clinicalStatus: { coding },
    });
    expect(validateFhirResource(allergy([{ system: clinical, code: 'active' }]))).toEqual([]);
    expect(validateFhirResource(allergy([{ system: 'http://example.cn/local', code: '活动' }]))).toEqual([]);
    const mixed = allergy([{ system: 'http://example.cn/local', code: 'x' }, { system: clinical, code: 'bogus' }]);
    expect(summary(validateFhirResource(mixed))).toEqual([['code-invalid', 'AllergyIntolerance.clinicalStatus.coding[1]']]);
  });

  it('skips required bindings whose ValueSet cannot be expanded locally', () => {
    expect(expandValueSet('http://hl7.org/fhir/ValueSet/mimetypes')).toBeUndefined();
    const gender = expandValueSet('http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1');
    expect(gender?.get('http://hl7.org/fhir/administrative-gender')).toEqual(new Set(['male', 'female', 'other', 'unknown']));
    const doc = {
      resourceType: 'DocumentReference',
      status: 'current',
      content: [{ attachment: { contentType: 'application/x-medunion-custom', url: 'https://example.cn/a' } }],
    };
    expect(validateFhirResource(doc)).toEqual([]);
  });

  it('checks relative reference targets against the allowed types', () => {
    expect(validateFhirResource({ ...observation, subject: { reference: 'Patient/1' } })).toEqual([]);
    const wrong = validateFhirResource({ ...observation, subject: { reference: 'Medication/1' } });
    expect(summary(wrong)).toEqual([['invalid', 'Observation.subject']]);
    expect(wrong[0].details?.text).toContain('Patient | Group | Device | Location');
    const results = [{ reference: 'Observation/1' }, { reference: 'Patient/1' }];
    expect(summary(validateFhirResource({ ...diagnosticReport, result: results }))).toEqual([
      ['invalid', 'DiagnosticReport.result[1]'],
    ]);
  });

  it('allows references it cannot type, and rejects malformed or unknown-type ones', () => {
    const untyped = ['urn:uuid:3f1b6c0e-8d6a-4c1e-9a51-0c2f1a7e9b10', 'https://fhir.example.cn/Medication/1', '#med'];
    for (const reference of [...untyped, 'Patient/1/_history/2', 'Patient?identifier=x|1']) {
      expect(validateFhirResource({ ...observation, subject: { reference } })).toEqual([]);
    }
    // Any resource type is allowed when the target is Resource.
    expect(validateFhirResource({ ...observation, focus: [{ reference: 'Medication/1' }] })).toEqual([]);
    expect(summary(validateFhirResource({ ...observation, subject: { reference: 'Project/1' } }))).toEqual([
      ['value', 'Observation.subject.reference'],
    ]);
    expect(summary(validateFhirResource({ ...observation, subject: { reference: 'Patient/张三' } }))).toEqual([
      ['value', 'Observation.subject.reference'],
    ]);
  });

  it('rejects bad id syntax, including in contained resources', () => {
    expect(summary(validateFhirResource({ ...patient, id: 'bad id!' }))).toEqual([['value', 'Patient.id']]);
    expect(summary(validateFhirResource({ ...patient, id: 'a'.repeat(65) }))).toEqual([['value', 'Patient.id']]);
    expect(validateFhirResource({ ...patient, id: 'A-z.09' })).toEqual([]);
    const contained = { resourceType: 'Organization', id: '卫生院', name: '城关镇卫生院' };
    expect(summary(validateFhirResource({ ...patient, contained: [contained] }))).toEqual([
      ['value', 'Patient.contained[0].id'],
    ]);
  });

  it('validates resources inside a Bundle', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: patient, request: { method: 'POST', url: 'Patient' } },
        { resource: { ...observation, status: 'done' }, request: { method: 'POST', url: 'Observation' } },
      ],
    };
    expect(summary(validateFhirResource(bundle))).toEqual([['code-invalid', 'Bundle.entry[1].resource.status']]);
  });

  it('builds the terminology index once, however many resources are validated', () => {
    for (let i = 0; i < 1000; i++) {
      expect(validateFhirResource({ ...patient, id: `p-${i}` })).toEqual([]);
    }
    expect(terminologyIndexBuildCount()).toBe(1);
    const url = 'http://hl7.org/fhir/ValueSet/administrative-gender';
    expect(expandValueSet(url)).toBe(expandValueSet(url));
  });
});
