import type { Dayjs } from 'dayjs';
import type { AuditQuery } from '../../api/audit.api.ts';

/** The audit page's filter form values. */
export interface AuditFilters {
  range?: [Dayjs | null, Dayjs | null] | null;
  action?: string;
  /** User id(s) from the user picker (one at most), or typed agent ids. */
  agent?: string[];
  resourceType?: string;
  resourceId?: string;
  patientId?: string;
  outcome?: AuditQuery['outcome'];
  institution?: string;
}

/** Outcome codes of FHIR AuditEvent the server filters on. */
export const AUDIT_OUTCOMES = ['0', '4', '8', '12'] as const;

const text = (v: string | undefined) => v?.trim() || undefined;

/**
 * The `GET /api/audit` query for the filters and page. A reference typed into "resource" (`Patient/demo-p1`) fills
 * both the type and the id, as people copy references from the resource column.
 */
export function auditQuery(f: AuditFilters, page: number, pageSize: number): AuditQuery {
  let resourceType = text(f.resourceType);
  let resourceId = text(f.resourceId);
  const ref = resourceId ? /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(resourceId) : null;
  if (ref) {
    resourceType ??= ref[1];
    resourceId = ref[2];
  }
  const patient = text(f.patientId)?.replace(/^Patient\//, '');
  return {
    from: f.range?.[0]?.toISOString(),
    to: f.range?.[1]?.toISOString(),
    action: f.action || undefined,
    agentId: text(f.agent?.[0]),
    resourceType,
    resourceId,
    patientId: patient,
    outcome: f.outcome || undefined,
    institution: f.institution || undefined,
    count: pageSize,
    offset: (page - 1) * pageSize,
  };
}
