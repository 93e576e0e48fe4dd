import { describe, expect, it } from 'vitest';
import { outboxEventsFor, topicsFor } from '../../src/events/index.ts';

describe('topicsFor', () => {
  it('adds the status topic for resources with a status', () => {
    expect(topicsFor({ resourceType: 'DiagnosticReport', status: 'final' }, 'update')).toEqual(['DiagnosticReport:update', 'DiagnosticReport:final']);
    expect(topicsFor({ resourceType: 'Patient' }, 'create')).toEqual(['Patient:create']);
  });

  it('announces no status on delete', () => {
    expect(topicsFor({ resourceType: 'DiagnosticReport', status: 'final' }, 'delete')).toEqual(['DiagnosticReport:delete']);
  });

  it('builds one outbox row per topic', () => {
    const report = { resourceType: 'DiagnosticReport', id: 'r1', meta: { versionId: '2' }, status: 'final' };
    expect(outboxEventsFor(report, 'update', 'org-a')).toEqual([
      { topic: 'DiagnosticReport:update', resourceType: 'DiagnosticReport', resourceId: 'r1', versionId: '2', action: 'update', institution: 'org-a', payload: report },
      { topic: 'DiagnosticReport:final', resourceType: 'DiagnosticReport', resourceId: 'r1', versionId: '2', action: 'update', institution: 'org-a', payload: report },
    ]);
  });
});
