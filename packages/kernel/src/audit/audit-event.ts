import type { AuditEvent, AuditEventAgent, AuditEventEntity, Coding } from '@medplum/fhirtypes';
import type { AuditRecord } from './chain.ts';
import type { AuditEntry } from './types.ts';

const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const DICOM = 'http://dicom.nema.org/resources/ontology/DCM';
const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
/** Actions that are neither FHIR interactions nor DICOM session events (e.g. print). */
export const MEDUNION_AUDIT_ACTION = 'urn:medunion:audit-action';
const RESOURCE_TYPES = 'http://hl7.org/fhir/resource-types';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';

const RESTFUL_INTERACTIONS = new Set([
  'read', 'vread', 'update', 'patch', 'delete', 'history', 'history-instance', 'history-type', 'history-system',
  'create', 'search', 'search-type', 'search-system', 'capabilities', 'transaction', 'batch', 'operation',
]);

const REST_TYPE: Coding = { system: AUDIT_EVENT_TYPE, code: 'rest', display: 'RESTful Operation' };
const AUTHENTICATION_TYPE: Coding = { system: DICOM, code: '110114', display: 'User Authentication' };
// Printing discloses data just like an export, so both use the DICOM Export event type.
const EXPORT_TYPE: Coding = { system: DICOM, code: '110106', display: 'Export' };

function typeAndSubtype(action: string): { type: Coding; subtype: Coding } {
  if (action === 'login') return { type: AUTHENTICATION_TYPE, subtype: { system: DICOM, code: '110122', display: 'Login' } };
  if (action === 'logout') return { type: AUTHENTICATION_TYPE, subtype: { system: DICOM, code: '110123', display: 'Logout' } };
  if (action === 'export' || action === 'print') return { type: EXPORT_TYPE, subtype: { system: MEDUNION_AUDIT_ACTION, code: action } };
  const subtype = RESTFUL_INTERACTIONS.has(action)
    ? { system: RESTFUL_INTERACTION, code: action }
    : { system: MEDUNION_AUDIT_ACTION, code: action };
  return { type: REST_TYPE, subtype };
}

function actionCode(action: string): NonNullable<AuditEvent['action']> {
  if (action === 'create') return 'C';
  if (action === 'update' || action === 'patch') return 'U';
  if (action === 'delete') return 'D';
  // Export and print disclose data: DICOM codes the Export event as a read.
  if (/^(read|vread|search(-type|-system)?|history(-instance|-type|-system)?|capabilities|export|print)$/.test(action)) return 'R';
  return 'E';
}

function agentOf(entry: AuditEntry): AuditEventAgent {
  const actor = entry.principal;
  const agent: AuditEventAgent = { requestor: true, who: { display: 'unknown' } };
  if (actor) {
    const name = 'displayName' in actor ? (actor.displayName ?? actor.username) : actor.username;
    agent.who = {
      ...('profile' in actor && actor.profile ? { reference: actor.profile } : {}),
      identifier: { system: `urn:medunion:${actor.kind}`, value: actor.id },
      display: name ?? actor.id,
    };
    if (actor.username) agent.altId = actor.username;
    if (name) agent.name = name;
  }
  if (entry.sourceIp) agent.network = { address: entry.sourceIp, type: '2' };
  return agent;
}

function entitiesOf(entry: AuditEntry): AuditEventEntity[] {
  const entities: AuditEventEntity[] = [];
  if (entry.resourceType || entry.query) {
    const entity: AuditEventEntity = { role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' } };
    if (entry.resourceType) {
      entity.type = { system: RESOURCE_TYPES, code: entry.resourceType };
      if (entry.resourceId) entity.what = { reference: `${entry.resourceType}/${entry.resourceId}` };
    }
    if (entry.query) entity.query = Buffer.from(entry.query, 'utf8').toString('base64');
    entities.push(entity);
  }
  const patientIsTheResource = entry.resourceType === 'Patient' && entry.resourceId === entry.patientId;
  if (entry.patientId && !patientIsTheResource) {
    entities.push({
      what: { reference: `Patient/${entry.patientId}` },
      type: { system: RESOURCE_TYPES, code: 'Patient' },
      role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
    });
  }
  return entities;
}

/** The FHIR R4 AuditEvent for an entry (without `id`: that is the chain seq, added when read). */
export function buildAuditEvent(entry: AuditEntry, recorded: string): AuditEvent {
  const institution = entry.institution ?? (entry.principal && 'institution' in entry.principal ? entry.principal.institution : undefined);
  const { type, subtype } = typeAndSubtype(entry.action);
  const event: AuditEvent = {
    resourceType: 'AuditEvent',
    type,
    subtype: [subtype],
    action: actionCode(entry.action),
    recorded,
    outcome: entry.outcome ?? '0',
    agent: [agentOf(entry)],
    source: {
      ...(institution ? { site: institution } : {}),
      observer: { display: 'Medunion' },
      type: [{ system: SOURCE_TYPE, code: '4', display: 'Application Server' }],
    },
  };
  if (entry.detail) event.outcomeDesc = entry.detail;
  const entities = entitiesOf(entry);
  if (entities.length > 0) event.entity = entities;
  return event;
}

/** Everything of a row except the chain fields, which the writer assigns under the chain lock. */
export type AuditDraft = Omit<AuditRecord, 'seq' | 'prev_hash'>;

export function draftFor(entry: AuditEntry, recorded = new Date().toISOString()): AuditDraft {
  const actor = entry.principal;
  const event = buildAuditEvent(entry, recorded);
  return {
    recorded,
    action: entry.action,
    outcome: event.outcome ?? '0',
    agent_kind: actor?.kind ?? null,
    agent_id: actor?.id ?? null,
    agent_name: event.agent[0].name ?? null,
    institution: event.source.site ?? null,
    resource_type: entry.resourceType ?? null,
    resource_id: entry.resourceId ?? null,
    patient_id: entry.patientId ?? null,
    query: entry.query ?? null,
    source_ip: entry.sourceIp ?? null,
    event,
  };
}
