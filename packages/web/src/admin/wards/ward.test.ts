import { describe, expect, it } from 'vitest';
import { INSTITUTION_EXTENSION } from '../common/organizations.ts';
import { PHYSICAL_TYPE_SYSTEM } from '../common/terminology.ts';
import { wardDepartment, wardFixed, wardQuery } from './ward.ts';

describe('wards', () => {
  it('are ward Locations managed by a department and owned by its institution', () => {
    const fixed = wardFixed({ institution: 'lead-hospital', department: 'lead-hospital-nk' });
    expect(fixed).toEqual({
      physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'wa', display: 'Ward' }] },
      mode: 'instance',
      managingOrganization: { reference: 'Organization/lead-hospital-nk' },
      meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: 'Organization/lead-hospital' } }] },
    });
    expect(wardDepartment({ resourceType: 'Location', ...fixed })).toBe('lead-hospital-nk');
  });

  it('are searched per department, or across an institution’s departments', () => {
    expect(wardQuery('a', ['a', 'b'])).toEqual({ 'physical-type': `${PHYSICAL_TYPE_SYSTEM}|wa`, organization: 'Organization/a' });
    expect(wardQuery(undefined, ['a', 'b'])?.organization).toBe('Organization/a,Organization/b');
    expect(wardQuery(undefined, [])).toBeUndefined();
  });
});
