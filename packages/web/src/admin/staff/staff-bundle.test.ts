import { describe, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import { ID_CARD_SYSTEM } from '../../widgets/patient/id-card.ts';
import { DEPARTMENT_EXTENSION, LICENSE_SYSTEM, QUALIFICATION_SYSTEM, STAFF_ROLE_SYSTEM } from '../common/terminology.ts';
import { INSTITUTION_EXTENSION } from '../common/organizations.ts';
import { chineseName, createdId, departmentOf, newStaffBundle, practitionerName, practitionerRoleOf } from './staff-bundle.ts';

describe('staff records', () => {
  it('splits Chinese names after the surname, compound surnames kept whole', () => {
    expect(chineseName(' 李明 ')).toEqual({ text: '李明', family: '李', given: ['明'] });
    expect(chineseName('欧阳修')).toEqual({ text: '欧阳修', family: '欧阳', given: ['修'] });
    expect(chineseName('欧阳')).toEqual({ text: '欧阳', family: '欧', given: ['阳'] });
    expect(practitionerName({ resourceType: 'Practitioner', name: [{ family: '王', given: ['小明'] }] })).toBe('王小明');
  });

  it('builds one transaction with the practitioner and a role referencing it', () => {
    const bundle = newStaffBundle(
      {
        name: '张伟',
        gender: 'male',
        idCard: '11010119900307001x',
        license: '110110000012345',
        phone: '13800138000',
        qualification: { system: QUALIFICATION_SYSTEM, code: 'physician', display: '执业医师' },
        institution: 'lead-hospital',
        department: 'lead-hospital-nk',
        role: { system: STAFF_ROLE_SYSTEM, code: 'doctor', display: '医师' },
        specialty: '心血管内科',
      },
      '4f6c',
    );
    expect(bundle.type).toBe('transaction');
    const [p, r] = bundle.entry!;
    expect(p).toMatchObject({ fullUrl: 'urn:uuid:4f6c', request: { method: 'POST', url: 'Practitioner' } });
    expect(p.resource).toMatchObject({
      resourceType: 'Practitioner',
      name: [{ text: '张伟' }],
      gender: 'male',
      identifier: [
        { system: ID_CARD_SYSTEM, value: '11010119900307001X' },
        { system: LICENSE_SYSTEM, value: '110110000012345' },
      ],
      telecom: [{ system: 'phone', value: '13800138000', use: 'work' }],
      qualification: [{ code: { coding: [{ code: 'physician' }], text: '执业医师' } }],
      meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: 'Organization/lead-hospital' } }] },
    });
    expect(r.resource).toMatchObject({
      resourceType: 'PractitionerRole',
      practitioner: { reference: 'urn:uuid:4f6c' },
      organization: { reference: 'Organization/lead-hospital' },
      code: [{ coding: [{ code: 'doctor' }], text: '医师' }],
      specialty: [{ text: '心血管内科' }],
      extension: [{ url: DEPARTMENT_EXTENSION, valueReference: { reference: 'Organization/lead-hospital-nk' } }],
    });
  });

  it('leaves out what was not given', () => {
    const role = practitionerRoleOf({ institution: 'thc-hexi' }, 'Practitioner/1');
    expect(role).not.toHaveProperty('extension');
    expect(role).not.toHaveProperty('code');
    expect(departmentOf(role)).toBeUndefined();
    const practitioner = newStaffBundle({ name: '刘洋', institution: 'thc-hexi' }, 'x').entry![0].resource!;
    expect(Object.keys(practitioner).sort()).toEqual(['active', 'meta', 'name', 'resourceType']);
  });

  it('reads created ids from a transaction response', () => {
    const response: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: [{ response: { status: '201 Created', location: 'Practitioner/abc/_history/1' } }, { resource: { resourceType: 'PractitionerRole', id: 'r1' }, response: { status: '201' } }],
    };
    expect(createdId(response, 0)).toBe('abc');
    expect(createdId(response, 1)).toBe('r1');
    expect(createdId(response, 2)).toBeUndefined();
  });
});
