import { describe, expect, it } from 'vitest';
import type { Organization } from '@medplum/fhirtypes';
import { INSTITUTION_EXTENSION, ORG_CODE_SYSTEM, ORG_TYPE_SYSTEM } from '../common/organizations.ts';
import { DEPARTMENT_TYPE_SYSTEM } from '../common/terminology.ts';
import { departmentCategory, departmentCode, departmentFixed, departmentQuery } from './department.ts';

const clinical = { system: DEPARTMENT_TYPE_SYSTEM, code: 'clinical', display: '临床科室' };

describe('departments', () => {
  it('imposes partOf, owner, the dept type, the category and the code', () => {
    const fixed = departmentFixed(undefined, { institution: 'lead-hospital', institutionCode: 'QS001', code: ' ek ', category: clinical });
    expect(fixed).toEqual({
      partOf: { reference: 'Organization/lead-hospital' },
      meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: 'Organization/lead-hospital' } }] },
      type: [{ coding: [{ system: ORG_TYPE_SYSTEM, code: 'dept', display: 'Hospital Department' }] }, { coding: [clinical], text: '临床科室' }],
      identifier: [{ system: `${ORG_CODE_SYSTEM}/QS001`, value: 'ek' }],
    });
    const saved: Organization = { resourceType: 'Organization', name: '儿科', ...fixed };
    expect(departmentCategory(saved)?.code).toBe('clinical');
    expect(departmentCode(saved)).toBe('ek');
  });

  it('replaces its own codings and code on edit but keeps the others', () => {
    const original: Organization = {
      resourceType: 'Organization',
      type: [{ coding: [{ system: ORG_TYPE_SYSTEM, code: 'dept' }] }, { coding: [{ system: DEPARTMENT_TYPE_SYSTEM, code: 'nursing' }] }, { coding: [{ system: 'urn:other', code: 'x' }] }],
      identifier: [{ system: `${ORG_CODE_SYSTEM}/QS001`, value: 'old' }, { system: 'urn:his', value: '0301' }],
    };
    const fixed = departmentFixed(original, { institution: 'lead-hospital', institutionCode: 'QS001', code: '' });
    expect(fixed.type).toEqual([{ coding: [{ system: ORG_TYPE_SYSTEM, code: 'dept', display: 'Hospital Department' }] }, { coding: [{ system: 'urn:other', code: 'x' }] }]);
    expect(fixed.identifier).toEqual([{ system: 'urn:his', value: '0301' }]);
  });

  it('searches the departments of an institution by partof and the dept type', () => {
    expect(departmentQuery('thc-hexi')).toEqual({ partof: 'Organization/thc-hexi', type: `${ORG_TYPE_SYSTEM}|dept` });
  });
});
