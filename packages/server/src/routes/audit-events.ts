import type { FastifyRequest } from 'fastify';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { badRequest, forbidden, hasPermission, notFound, type AuditOutcome, type Kernel } from '@medunion/kernel';
import { principalOf } from '../http/principal.ts';

/** FHIR search over the audit log (read-only view of the hash-chained table). */
export async function searchAuditEvents(kernel: Kernel, req: FastifyRequest, base: string, extra?: URLSearchParams): Promise<Bundle> {
  const principal = principalOf(req);
  if (!hasPermission(principal, 'audit.read')) throw forbidden('Permission audit.read is required');
  const q = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
  for (const [k, v] of extra ?? []) q.append(k, v);
  let from: string | undefined;
  let to: string | undefined;
  for (const d of q.getAll('date')) {
    const m = /^(ge|gt|le|lt)?(.+)$/.exec(d);
    if (!m || Number.isNaN(Date.parse(m[2]))) throw badRequest(`date "${d}" is not a valid date`, 'date');
    if (m[1] === 'le' || m[1] === 'lt') to = m[2];
    else from = m[2];
  }
  const entity = q.get('entity')?.split('/');
  const count = Math.min(1000, intParam('_count', q.get('_count') ?? '50'));
  const offset = intParam('_offset', q.get('_offset') ?? '0');
  // Institution users see their institution's trail; region administrators see all.
  const institution = principal.regionAdmin ? (q.get('institution') ?? undefined) : principal.institution;
  const result = await kernel.audit.search({
    from,
    to,
    agentId: q.get('agent') ?? undefined,
    action: q.get('subtype') ?? q.get('action') ?? undefined,
    resourceType: entity?.[0] ?? q.get('entity-type') ?? undefined,
    resourceId: entity?.[1],
    patientId: q.get('patient')?.replace(/^Patient\//, '') ?? undefined,
    outcome: (q.get('outcome') as AuditOutcome | null) ?? undefined,
    institution,
    count,
    offset,
  });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: result.total,
    link: [
      { relation: 'self', url: `${base}/AuditEvent?${q}` },
      ...(count > 0 && offset + count < result.total ? [{ relation: 'next', url: `${base}/AuditEvent?${withPage(q, count, offset + count)}` }] : []),
    ],
    entry: result.entries.map((resource) => ({ fullUrl: `${base}/AuditEvent/${resource.id}`, resource, search: { mode: 'match' } })),
  };
}

/** Read of one audit entry by its chain sequence number (the id search results carry), with the search's visibility rules. */
export async function readAuditEvent(kernel: Kernel, req: FastifyRequest, id: string): Promise<AuditEvent> {
  const principal = principalOf(req);
  if (!hasPermission(principal, 'audit.read')) throw forbidden('Permission audit.read is required');
  if (!/^\d{1,15}$/.test(id)) throw notFound(`AuditEvent/${id} not found`);
  const { rows } = await kernel.db.query<{ seq: number | string; event: AuditEvent | string; institution: string | null }>(
    'select seq, event, institution from audit_log where seq = $1',
    [Number(id)],
  );
  const row = rows[0];
  if (!row || (!principal.regionAdmin && principal.institution !== undefined && row.institution !== principal.institution)) throw notFound(`AuditEvent/${id} not found`);
  const event = typeof row.event === 'string' ? (JSON.parse(row.event) as AuditEvent) : row.event;
  return { ...event, id: String(row.seq) };
}

function intParam(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw badRequest(`${name} must be a non-negative integer`, name);
  return Number(value);
}

function withPage(q: URLSearchParams, count: number, offset: number): URLSearchParams {
  const next = new URLSearchParams(q);
  next.set('_count', String(count));
  next.set('_offset', String(offset));
  return next;
}
