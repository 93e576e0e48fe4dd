export { AuditLog, AUDIT_CHAIN_LOCK } from './audit-log.ts';
export { auditMigrations } from './migrations.ts';
export { buildAuditEvent, MEDUNION_AUDIT_ACTION } from './audit-event.ts';
export type {
  AnonymousActor,
  AuditAction,
  AuditEntry,
  AuditOutcome,
  AuditSearchParams,
  AuditSearchResult,
  AuditVerifyResult,
} from './types.ts';
