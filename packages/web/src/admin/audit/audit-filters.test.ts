import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { auditQuery } from './audit-filters.ts';

describe('audit filters', () => {
  it('maps the form to the audit API query with paging', () => {
    const from = dayjs('2026-11-01T00:00:00Z');
    expect(auditQuery({ range: [from, null], action: 'read', agent: [' u-1 '], outcome: '8', institution: 'lead-hospital' }, 3, 20)).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: undefined,
      action: 'read',
      agentId: 'u-1',
      resourceType: undefined,
      resourceId: undefined,
      patientId: undefined,
      outcome: '8',
      institution: 'lead-hospital',
      count: 20,
      offset: 40,
    });
  });

  it('splits a pasted reference into type and id, and accepts Patient/<id> for the patient', () => {
    expect(auditQuery({ resourceId: 'Patient/demo-p1', patientId: 'Patient/demo-p1' }, 1, 50)).toMatchObject({ resourceType: 'Patient', resourceId: 'demo-p1', patientId: 'demo-p1', offset: 0 });
    // An explicit type wins over the one in the reference.
    expect(auditQuery({ resourceType: 'Observation', resourceId: 'Patient/x' }, 1, 50)).toMatchObject({ resourceType: 'Observation', resourceId: 'x' });
    expect(auditQuery({ resourceId: '  ', agent: [] }, 1, 50)).toMatchObject({ resourceId: undefined, agentId: undefined });
  });
});
