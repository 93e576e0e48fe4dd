import { api } from './http.api.ts';

/** The parts of a FHIR AuditEvent the viewer shows (the server returns full R4 AuditEvents; `id` is the chain seq). */
export interface AuditEventView {
  id: string;
  recorded: string;
  action?: string;
  outcome?: string;
  outcomeDesc?: string;
  subtype?: { code?: string }[];
  agent?: { who?: { display?: string; identifier?: { value?: string } }; altId?: string; network?: { address?: string } }[];
  source?: { site?: string };
  entity?: { type?: { code?: string }; what?: { reference?: string } }[];
}

export interface AuditQuery {
  from?: string;
  to?: string;
  action?: string;
  agentId?: string;
  resourceType?: string;
  resourceId?: string;
  patientId?: string;
  /** Region administrators only; others always see their current institution. */
  institution?: string;
  outcome?: '0' | '4' | '8' | '12';
  count: number;
  offset: number;
}

export type AuditVerifyResult = { ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string };

export const searchAudit = (query: AuditQuery): Promise<{ total: number; entries: AuditEventView[] }> =>
  api('/api/audit', { query: { ...query } });

export const verifyAudit = (): Promise<AuditVerifyResult> => api('/api/audit/verify');

// Login and logout are recorded with their DICOM subtype codes (kernel audit-event.ts); show the action words instead.
const DICOM_ACTIONS: Record<string, string> = { '110122': 'login', '110123': 'logout' };

/** The Medunion action of an event (subtype code: read, login, export, …), as used by the `action` filter. */
export function actionOf(e: AuditEventView): string {
  const code = e.subtype?.[0]?.code ?? e.action ?? '';
  return DICOM_ACTIONS[code] ?? code;
}
