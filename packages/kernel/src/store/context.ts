import type { Queryable } from '../db/types.ts';
import type { AccessInterface } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';

/** Everything the store needs to know about a call besides its arguments. */
export interface RequestContext {
  principal: Principal;
  /** Which interface the call came through (a policy dimension). Defaults to `internal`. */
  interface?: AccessInterface;
  sourceIp?: string;
  /** `Prefer: handling=strict`: unknown search parameters are errors instead of being skipped. */
  strictHandling?: boolean;
}

/** What the store reports to the audit trail after each operation. */
export interface StoreAuditEntry {
  action: 'read' | 'vread' | 'search' | 'create' | 'update' | 'patch' | 'delete' | 'history' | 'transaction' | 'batch';
  outcome: '0' | '4' | '8';
  principal: Principal;
  institution?: string;
  resourceType?: string;
  resourceId?: string;
  patientId?: string;
  query?: string;
  sourceIp?: string;
  detail?: string;
}

export interface StoreAudit {
  record(entry: StoreAuditEntry): Promise<void>;
  /** When offered, successful writes are audited inside their own transaction. */
  recordInTransaction?(tx: Queryable, entries: StoreAuditEntry[]): Promise<void>;
}
