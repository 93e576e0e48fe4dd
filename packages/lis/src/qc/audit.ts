import type { AuditAction, ModuleContext, Principal, Queryable } from '@medunion/kernel';

/**
 * Audits a change of the QC configuration or ledger inside the transaction that makes it, so the change and its
 * audit entry commit together. Module rows have no FHIR type: they are recorded as `Basic` with the table's id and a
 * detail naming what changed (before → after where there was a before).
 */
export function auditInTx(ctx: ModuleContext, tx: Queryable, principal: Principal, action: AuditAction, id: string, detail: string, sourceIp?: string): Promise<void> {
  return ctx.audit.recordInTransaction(tx, [{ action, principal, resourceType: 'Basic', resourceId: id, detail: `lis ${detail}`.slice(0, 1000), ...(sourceIp ? { sourceIp } : {}) }]);
}

/** Audits a read or an export (outside any transaction; reads change nothing to commit with). */
export function auditRead(ctx: ModuleContext, principal: Principal, action: 'search' | 'export' | 'print', detail: string, sourceIp?: string): Promise<void> {
  return ctx.audit.record({ action, principal, resourceType: 'Basic', detail: `lis ${detail}`.slice(0, 1000), ...(sourceIp ? { sourceIp } : {}) });
}
