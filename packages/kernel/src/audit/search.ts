import type { AuditEvent } from '@medplum/fhirtypes';
import type { Queryable } from '../db/types.ts';
import type { AuditSearchParams, AuditSearchResult } from './types.ts';

const FILTERS = [
  ['agentId', 'agent_id'],
  ['action', 'action'],
  ['resourceType', 'resource_type'],
  ['resourceId', 'resource_id'],
  ['patientId', 'patient_id'],
  ['institution', 'institution'],
  ['outcome', 'outcome'],
] as const satisfies readonly (readonly [keyof AuditSearchParams, string])[];

const toIso = (value: Date | string) => (value instanceof Date ? value.toISOString() : value);

export async function searchAuditLog(db: Queryable, params: AuditSearchParams): Promise<AuditSearchResult> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const where = (condition: string, value: unknown) => {
    values.push(value);
    conditions.push(condition.replace('?', `$${values.length}`));
  };
  if (params.from !== undefined) where('recorded >= ?::timestamptz', toIso(params.from));
  if (params.to !== undefined) where('recorded < ?::timestamptz', toIso(params.to));
  for (const [param, column] of FILTERS) {
    if (params[param] !== undefined) where(`${column} = ?`, params[param]);
  }
  const clause = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
  const count = Math.min(Math.max(Math.trunc(params.count ?? 50), 0), 1000);
  const offset = Math.max(Math.trunc(params.offset ?? 0), 0);

  const total = await db.query<{ n: number }>(`select count(*)::int as n from audit_log ${clause}`, values);
  const page = await db.query<{ seq: number | string; event: AuditEvent | string }>(
    `select seq, event from audit_log ${clause} order by seq desc limit $${values.length + 1} offset $${values.length + 2}`,
    [...values, count, offset],
  );
  return {
    total: Number(total.rows[0].n),
    entries: page.rows.map((row) => {
      const event = typeof row.event === 'string' ? (JSON.parse(row.event) as AuditEvent) : row.event;
      return { ...event, id: String(row.seq) };
    }),
  };
}
