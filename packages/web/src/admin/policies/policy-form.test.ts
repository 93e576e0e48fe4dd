import { describe, expect, it } from 'vitest';
import type { AccessPolicy } from '../policies.api.ts';
import { EMPTY_POLICY, policyConditions, policyFieldOf, policyProblems, policySubjects, toFormValues, toPolicy } from './policy-form.ts';

const vipHidden: AccessPolicy = {
  id: 'vip-hidden-from-clerks',
  name: '特殊患者对挂号收费员不可见',
  effect: 'deny',
  access: ['read', 'write'],
  subjects: { roles: ['registrar'] },
  patientCategories: ['VIP'],
};

describe('policy editor values', () => {
  it('round-trips a stored policy (active defaults to true)', () => {
    expect(toPolicy(toFormValues(vipHidden))).toEqual({ ...vipHidden, active: true });
  });

  it('round-trips every dimension', () => {
    const full: AccessPolicy = {
      id: 'lab-night',
      name: 'Night lab',
      effect: 'allow',
      access: ['read'],
      subjects: { users: ['lead.lab'], roles: ['lab-technician'], clients: ['cli_1'] },
      interfaces: ['fhir', 'export'],
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      institutions: ['$own', 'thc-hexi'],
      resourceTypes: ['Observation'],
      sources: ['lis'],
      patientCategories: ['VIP'],
      patients: ['demo-p1'],
      exams: ['ServiceRequest/1'],
      dataPeriod: { from: '2025-01-01', to: '2025-12-31' },
      active: false,
    };
    expect(toPolicy(toFormValues(full))).toEqual(full);
  });

  it('drops empty dimensions, trims and de-duplicates, and lets "everyone" replace the subject lists', () => {
    const p = toPolicy({ ...EMPTY_POLICY, id: ' x ', name: ' X ', everyone: true, roles: ['doctor'], sources: [' lis ', 'lis', ''], dataTo: '2025-06-30' });
    expect(p).toEqual({ id: 'x', name: 'X', effect: 'allow', access: ['read'], subjects: { everyone: true }, active: true, sources: ['lis'], dataPeriod: { to: '2025-06-30' } });
  });

  it('names the problems the server would refuse or that make a policy match nobody', () => {
    expect(policyProblems({ ...EMPTY_POLICY, id: 'bad id', access: [] })).toEqual({ id: 'id', access: 'access', roles: 'subjects' });
    expect(policyProblems({ ...EMPTY_POLICY, id: 'ok', roles: ['doctor'], validFrom: '2026-02-01', validTo: '2026-01-01', dataFrom: '2025-02-01', dataTo: '2025-01-01' })).toEqual({
      validTo: 'validRange',
      dataTo: 'dataRange',
    });
    expect(policyProblems({ ...EMPTY_POLICY, id: 'ok', everyone: true })).toEqual({});
  });

  it('summarises subjects and conditions for the list', () => {
    expect(policySubjects(vipHidden)).toEqual([{ kind: 'role', value: 'registrar' }]);
    expect(policySubjects({ ...vipHidden, subjects: { everyone: true, roles: ['x'] } })).toEqual([{ kind: 'everyone', value: '*' }]);
    expect(policyConditions({ ...vipHidden, validTo: '2026-12-31' })).toEqual([
      { dimension: 'patientCategories', values: ['VIP'] },
      { dimension: 'validity', values: ['… – 2026-12-31'] },
    ]);
  });
});

describe('server validation messages', () => {
  it('names the form field of a kernel message', () => {
    expect(policyFieldOf('dataPeriod.from: "x" is not a date')).toBe('dataFrom');
    expect(policyFieldOf('validTo: "x" is not a date')).toBe('validTo');
    expect(policyFieldOf('resourceTypes: must be a list of strings')).toBe('resourceTypes');
    expect(policyFieldOf('subjects: is required')).toBe('roles');
    expect(policyFieldOf('Permission admin.policy.manage is required')).toBeUndefined();
    expect(policyFieldOf('bogus: x')).toBeUndefined();
  });
});
