import { describe, expect, it } from 'vitest';
import { expressionText, valueText } from './display-text.ts';
import { compileFhirPath, evalFhirPathLite, FhirPathSyntaxError } from './fhirpath-lite.ts';

const patient = {
  resourceType: 'Patient',
  id: 'p1',
  meta: { lastUpdated: '2026-11-22T10:00:00Z', versionId: '3' },
  name: [{ text: '张三', family: '张', given: ['三'] }, { family: 'Zhang', given: ['San'] }],
  identifier: [
    { system: 'urn:oid:2.16.156.10011.1.3', value: '110101199003074514' },
    { system: 'https://medunion.org/fhir/sid/mrn/lead', value: 'MRN-001' },
  ],
  gender: 'male',
  active: true,
};

const observation = {
  resourceType: 'Observation',
  code: { coding: [{ system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin' }], text: '血红蛋白' },
  valueQuantity: { value: 182, unit: 'g/L' },
  subject: { reference: 'Patient/p1', display: '张三' },
  referenceRange: [{ low: { value: 130, unit: 'g/L' }, high: { value: 175, unit: 'g/L' } }],
};

describe('FHIRPath subset', () => {
  it('navigates members, with or without the leading type', () => {
    expect(evalFhirPathLite('id', patient)).toEqual(['p1']);
    expect(evalFhirPathLite('Patient.name.family', patient)).toEqual(['张', 'Zhang']);
    expect(evalFhirPathLite('Observation.code', patient)).toEqual([]);
    expect(evalFhirPathLite('meta.lastUpdated', patient)).toEqual(['2026-11-22T10:00:00Z']);
    expect(evalFhirPathLite('missing.deeper', patient)).toEqual([]);
  });

  it('finds choice elements and supports indexers, first/last/exists/count', () => {
    expect(evalFhirPathLite('value.unit', observation)).toEqual(['g/L']);
    expect(evalFhirPathLite('name[1].given', patient)).toEqual(['San']);
    expect(evalFhirPathLite('name.first().text', patient)).toEqual(['张三']);
    expect(evalFhirPathLite('identifier.last().value', patient)).toEqual(['MRN-001']);
    expect(evalFhirPathLite('telecom.exists()', patient)).toEqual([false]);
    expect(evalFhirPathLite('identifier.count()', patient)).toEqual([2]);
  });

  it('filters with where(path = literal) and where(path != literal)', () => {
    expect(evalFhirPathLite("identifier.where(system = 'urn:oid:2.16.156.10011.1.3').value", patient)).toEqual(['110101199003074514']);
    expect(evalFhirPathLite("identifier.where(system != 'urn:oid:2.16.156.10011.1.3').value", patient)).toEqual(['MRN-001']);
    expect(evalFhirPathLite("name.where(text = 'x')", patient)).toEqual([]);
    expect(evalFhirPathLite('name.where(given = 3)', patient)).toEqual([]);
    expect(evalFhirPathLite('where(active = true).id', patient)).toEqual(['p1']);
  });

  it('unions and parenthesised expressions', () => {
    expect(evalFhirPathLite('gender | active', patient)).toEqual(['male', true]);
    expect(evalFhirPathLite('(title | name | code).first()', patient)).toEqual([patient.name[0]]);
    expect(evalFhirPathLite('(title | name | code).first()', observation)).toEqual([observation.code]);
  });

  it('refuses what it cannot evaluate when the column is compiled', () => {
    expect(() => compileFhirPath("name.select(given.join(' '))")).toThrow(FhirPathSyntaxError);
    expect(() => compileFhirPath('value > 5')).toThrow(FhirPathSyntaxError);
    expect(() => compileFhirPath('name.')).toThrow(/expected a name/);
    expect(() => compileFhirPath("where(system = 'x'")).toThrow(FhirPathSyntaxError);
  });
});

describe('cell text', () => {
  it('renders FHIR data types as people read them, like the Excel export', () => {
    expect(valueText({ family: '张', given: ['三'] })).toBe('张三');
    expect(valueText({ family: 'Smith', given: ['John'] })).toBe('Smith John');
    expect(valueText({ text: '血红蛋白', coding: [{ code: '718-7' }] })).toBe('血红蛋白');
    expect(valueText({ coding: [{ code: '718-7', display: 'Hemoglobin' }] })).toBe('Hemoglobin');
    expect(valueText({ system: 'http://loinc.org', code: '718-7' })).toBe('718-7');
    expect(valueText({ reference: 'Patient/p1', display: '张三' })).toBe('张三');
    expect(valueText({ reference: 'Patient/p1' })).toBe('Patient/p1');
    expect(valueText({ value: 182, unit: 'g/L' })).toBe('182 g/L');
    expect(valueText({ value: 5, comparator: '<', unit: 'mmol/L' })).toBe('<5 mmol/L');
    expect(valueText({ system: 'phone', value: '13800000000', use: 'mobile' })).toBe('13800000000');
    expect(valueText({ state: '河北省', city: '石家庄市', line: ['中山路 1 号'] })).toBe('河北省石家庄市中山路 1 号');
    expect(valueText({ start: '2026-01-01', end: '2026-02-01' })).toBe('2026-01-01 ~ 2026-02-01');
    expect(valueText({ low: { value: 130, unit: 'g/L' }, high: { value: 175, unit: 'g/L' } })).toBe('130 g/L - 175 g/L');
    expect(valueText({ unknownShape: 1 })).toBe('');
    expect(valueText(true)).toBe('true');
  });

  it('joins several values with the full-width semicolon', () => {
    expect(expressionText('name', patient)).toBe('张三；Zhang San');
    expect(expressionText('identifier.value', patient)).toBe('110101199003074514；MRN-001');
    expect(expressionText('telecom', patient)).toBe('');
  });
});
