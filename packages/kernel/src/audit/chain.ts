import { createHash } from 'node:crypto';
import type { AuditEvent } from '@medplum/fhirtypes';

/** The stored fields of one audit row that the hash covers (column names as in `audit_log`). */
export interface AuditRecord {
  seq: number;
  recorded: string;
  action: string;
  outcome: string;
  agent_kind: string | null;
  agent_id: string | null;
  agent_name: string | null;
  institution: string | null;
  resource_type: string | null;
  resource_id: string | null;
  patient_id: string | null;
  query: string | null;
  source_ip: string | null;
  event: AuditEvent;
  prev_hash: string | null;
}

export const AUDIT_COLUMNS = [
  'seq',
  'recorded',
  'action',
  'outcome',
  'agent_kind',
  'agent_id',
  'agent_name',
  'institution',
  'resource_type',
  'resource_id',
  'patient_id',
  'query',
  'source_ip',
  'event',
  'prev_hash',
] as const satisfies readonly (keyof AuditRecord)[];

/** SHA-256 hex over prev_hash + canonical JSON of the record. */
export function chainHash(record: AuditRecord): string {
  return createHash('sha256')
    .update((record.prev_hash ?? '') + canonicalJson(record))
    .digest('hex');
}

/**
 * JSON with object keys sorted recursively. jsonb does not keep key order, so the hash must not
 * depend on it; undefined members are dropped exactly like JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** Normalises a row read back from either backend (Date/bigint/string shapes) to the hashed form. */
export function recordFromRow(row: Record<string, unknown>): AuditRecord {
  const record = {} as Record<string, unknown>;
  for (const column of AUDIT_COLUMNS) record[column] = row[column] ?? null;
  record.seq = Number(row.seq);
  record.recorded = new Date(row.recorded as string | Date).toISOString();
  if (typeof row.event === 'string') record.event = JSON.parse(row.event);
  return record as unknown as AuditRecord;
}
