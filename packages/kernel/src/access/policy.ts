import { parseFhirDateRange } from '../fhir/search/date-range.ts';
import type { AccessInterface, AccessKind, AccessPolicy } from '../contracts/access-policy.ts';
import type { Principal } from './principal.ts';

// The policy shape is part of the HTTP contract the console shares (contracts/); this module gives it its behaviour.
export type { AccessInterface, AccessKind, AccessPolicy } from '../contracts/access-policy.ts';

/** A policy date as an instant, independent of the database session's time zone (FHIR dates, China time by default). */
function boundary(value: string, end: 'lo' | 'hi'): string {
  return (parseFhirDateRange(value)?.[end] ?? new Date(value)).toISOString();
}

/** Placeholder in `institutions` for the caller's current institution. */
export const OWN_INSTITUTION = '$own';

export interface AccessRequest {
  principal: Principal;
  access: AccessKind;
  interface: AccessInterface;
  now?: Date;
}

export function policyApplies(policy: AccessPolicy, req: AccessRequest): boolean {
  if (policy.active === false) return false;
  if (!policy.access.includes(req.access)) return false;
  if (policy.interfaces?.length && !policy.interfaces.includes(req.interface)) return false;
  const now = (req.now ?? new Date()).getTime();
  // Date-only bounds are whole days in China time (2024-12-31 lasts until 23:59:59.999 +08:00).
  if (policy.validFrom && now < (parseFhirDateRange(policy.validFrom)?.lo.getTime() ?? Date.parse(policy.validFrom))) return false;
  if (policy.validTo && now > (parseFhirDateRange(policy.validTo)?.hi.getTime() ?? Date.parse(policy.validTo))) return false;
  const { users, roles, clients, everyone } = policy.subjects;
  const p = req.principal;
  if (everyone) return true;
  if (p.kind === 'user' && users?.some((u) => u === p.id || u === p.username)) return true;
  if (p.kind === 'client' && clients?.includes(p.id)) return true;
  return !!roles?.some((r) => p.roles.includes(r));
}

/** Collects positional SQL parameters while predicates are built. */
export class SqlParams {
  readonly values: unknown[];
  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  /** Drops values added after `length` was taken: for SQL that was built and then discarded. */
  rollback(length: number): void {
    this.values.length = length;
  }
}

/**
 * SQL predicate over `fhir_resource` alias `r` saying whether one policy's data dimensions match a row.
 * Returns 'false' when the policy cannot match this resource type at all.
 */
export function policyRowPredicate(policy: AccessPolicy, principal: Principal, resourceType: string | undefined, params: SqlParams, a = 'r'): string {
  const parts: string[] = [];
  if (policy.resourceTypes?.length) {
    if (resourceType) {
      if (!policy.resourceTypes.includes(resourceType)) return 'false';
    } else {
      parts.push(`${a}.resource_type = any(${params.add(policy.resourceTypes)}::text[])`);
    }
  }
  if (policy.institutions?.length) {
    const institutions = policy.institutions.flatMap((i) => (i === OWN_INSTITUTION ? (principal.institution ? [principal.institution] : []) : [i]));
    if (institutions.length === 0) return 'false';
    // A single institution as plain equality, so the (resource_type, institution, last_updated) index can serve the sort too.
    parts.push(institutions.length === 1 ? `${a}.institution = ${params.add(institutions[0])}` : `${a}.institution = any(${params.add(institutions)}::text[])`);
  }
  if (policy.sources?.length) parts.push(`${a}.source = any(${params.add(policy.sources)}::text[])`);
  if (policy.patients?.length) parts.push(`${a}.patient_ids && ${params.add(policy.patients)}::text[]`);
  if (policy.patientCategories?.length) {
    parts.push(
      `exists (select 1 from fhir_resource pc where pc.resource_type = 'Patient' and pc.id = any(${a}.patient_ids) and pc.security && ${params.add(policy.patientCategories)}::text[])`,
    );
  }
  if (policy.exams?.length) {
    const exams = params.add(policy.exams);
    parts.push(`(${a}.resource_type || '/' || ${a}.id = any(${exams}::text[]) or exists (select 1 from sp_reference ex where ex.rk = ${a}.rk and ex.ref = any(${exams}::text[])))`);
  }
  const from = policy.dataPeriod?.from ? boundary(policy.dataPeriod.from, 'lo') : undefined;
  const to = policy.dataPeriod?.to ? boundary(policy.dataPeriod.to, 'hi') : undefined;
  if (from) parts.push(`coalesce(${a}.data_time, ${a}.last_updated) >= ${params.add(from)}::timestamptz`);
  if (to) parts.push(`coalesce(${a}.data_time, ${a}.last_updated) <= ${params.add(to)}::timestamptz`);
  return parts.length ? `(${parts.join(' and ')})` : 'true';
}

/**
 * The access predicate for a request: some applicable allow matches and no applicable deny matches.
 * Region administrators are allowed everything except what a deny removes; the system principal bypasses.
 */
export function accessPredicate(policies: readonly AccessPolicy[], req: AccessRequest, resourceType: string | undefined, params: SqlParams, alias = 'r'): string {
  const p = req.principal;
  if (p.kind === 'system') return 'true';
  const applicable = policies.filter((policy) => policyApplies(policy, req));
  // Every parameter added must appear in the SQL (PostgreSQL cannot type an unreferenced $n), so the values
  // of predicates that are dropped — 'false' ones, or all allows once one allows everything — are rolled back.
  const start = params.values.length;
  const predicates = (effect: 'allow' | 'deny') =>
    applicable
      .filter((x) => x.effect === effect)
      .map((x) => {
        const mark = params.values.length;
        const sql = policyRowPredicate(x, p, resourceType, params, alias);
        if (sql === 'false') params.rollback(mark);
        return sql;
      })
      .filter((sql) => sql !== 'false');
  const allow = predicates('allow');
  if (p.regionAdmin) allow.push('true');
  if (allow.length === 0) return 'false';
  let allowSql = `(${allow.join(' or ')})`;
  if (allow.includes('true')) {
    params.rollback(start);
    allowSql = 'true';
  }
  // coalesce: a deny whose dimension is NULL on the row (e.g. no institution) must not turn into NULL and hide the row.
  const denySql = predicates('deny').map((d) => `not coalesce(${d}, false)`);
  return [allowSql, ...denySql].join(' and ');
}
