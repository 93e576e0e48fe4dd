import type { AuditEvent } from '@medplum/fhirtypes';
import type { Principal } from '../access/principal.ts';

/** FHIR interactions plus session and disclosure actions; other strings are recorded as-is. */
export type AuditAction =
  | 'read'
  | 'vread'
  | 'search'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'history'
  | 'login'
  | 'logout'
  | 'export'
  | 'print'
  | 'operation'
  | (string & {});

/** FHIR AuditEvent.outcome: 0 success, 4 minor failure, 8 serious failure, 12 major failure. */
export type AuditOutcome = '0' | '4' | '8' | '12';

/** A caller that is not (yet) authenticated, e.g. a failed login attempt. */
export interface AnonymousActor {
  kind: 'anonymous';
  id: string;
  username?: string;
}

export interface AuditEntry {
  action: AuditAction;
  /** Defaults to '0' (success). */
  outcome?: AuditOutcome;
  principal?: Principal | AnonymousActor;
  /** Defaults to the principal's current institution. */
  institution?: string;
  resourceType?: string;
  resourceId?: string;
  patientId?: string;
  /** Search query string (stored verbatim and base64 in the AuditEvent entity). */
  query?: string;
  sourceIp?: string;
  /** Free text, e.g. the error message of a failure (AuditEvent.outcomeDesc). */
  detail?: string;
}

export interface AuditSearchParams {
  /** Inclusive lower bound on `recorded`. */
  from?: Date | string;
  /** Exclusive upper bound on `recorded`. */
  to?: Date | string;
  agentId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  patientId?: string;
  institution?: string;
  outcome?: AuditOutcome;
  /** Page size, default 50, at most 1000. */
  count?: number;
  offset?: number;
}

export interface AuditSearchResult {
  total: number;
  /** Newest first; `id` is the chain sequence number. */
  entries: AuditEvent[];
}

export type AuditVerifyResult =
  | { ok: true; count: number }
  | { ok: false; count: number; brokenAt: number; reason: string };
