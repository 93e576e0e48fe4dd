import { describe, expect, it } from 'vitest';
import { compileFhirPath } from '../widgets/table/fhirpath-lite.ts';
import { expressionText } from '../widgets/table/display-text.ts';
import { parseConditions, SUMMARY_EXPRESSION, summarySortParam } from './resource-browser.ts';

describe('data browser', () => {
  it('summarises any resource by its first human-facing element', () => {
    compileFhirPath(SUMMARY_EXPRESSION);
    expect(expressionText(SUMMARY_EXPRESSION, { resourceType: 'Patient', name: [{ text: '张三' }, { text: 'Zhang San' }] })).toBe('张三');
    expect(expressionText(SUMMARY_EXPRESSION, { resourceType: 'Organization', name: '县人民医院', type: [{ text: '医院' }] })).toBe('县人民医院');
    expect(expressionText(SUMMARY_EXPRESSION, { resourceType: 'Observation', code: { text: '血红蛋白' } })).toBe('血红蛋白');
    expect(expressionText(SUMMARY_EXPRESSION, { resourceType: 'Encounter', type: [{ coding: [{ display: '门诊' }] }] })).toBe('门诊');
    expect(expressionText(SUMMARY_EXPRESSION, { resourceType: 'Basic' })).toBe('');
    expect(summarySortParam('Patient')).toBe('name');
    expect(summarySortParam('Basic')).toBeUndefined();
  });

  it('reads extra conditions and refuses the ones the table controls, repeats and garbage', () => {
    expect(parseConditions('')).toEqual({ query: {} });
    expect(parseConditions('?gender=female&birthdate=ge1990-01-01&name=%E5%BC%A0')).toEqual({ query: { gender: 'female', birthdate: 'ge1990-01-01', name: '张' } });
    expect(parseConditions('family=张&')).toEqual({ query: { family: '张' } });
    expect(parseConditions('_count=5')).toEqual({ error: { key: 'reserved', param: '_count' } });
    expect(parseConditions('gender=male&gender=female')).toEqual({ error: { key: 'duplicate', param: 'gender' } });
    expect(parseConditions('justtext')).toEqual({ error: { key: 'malformed', param: 'justtext' } });
    expect(parseConditions('a=%E0%A4%A')).toEqual({ error: { key: 'malformed', param: 'a=%E0%A4%A' } });
  });
});
