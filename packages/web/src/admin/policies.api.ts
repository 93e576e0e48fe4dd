import { api } from '../api/http.api.ts';

export type AccessKind = 'read' | 'write';

/** Interfaces through which data is reached (kernel AccessInterface). */
export const ACCESS_INTERFACES = ['fhir', 'api', 'export', 'subscription', 'module', 'internal'] as const;

/** Kernel AccessPolicy: the eleven dimensions of seed 003 §3C-3 plus institution. Absent or empty = matches everything. */
export interface AccessPolicy {
  id: string;
  name: string;
  effect: 'allow' | 'deny';
  access: AccessKind[];
  subjects: { users?: string[]; roles?: string[]; clients?: string[]; everyone?: boolean };
  interfaces?: string[];
  validFrom?: string;
  validTo?: string;
  institutions?: string[];
  resourceTypes?: string[];
  sources?: string[];
  patientCategories?: string[];
  patients?: string[];
  exams?: string[];
  dataPeriod?: { from?: string; to?: string };
  active?: boolean;
}

export interface PreviewRequest {
  username: string;
  institution?: string;
  resourceType: string;
  /** FHIR search query string without '?'. */
  query?: string;
  /** Evaluated instead of the stored policy of the same id (or in addition); never saved. */
  draft?: AccessPolicy;
}

/** "What can user X see?" */
export interface PreviewResult {
  username: string;
  institution?: string;
  permissions: string[];
  canSearch: boolean;
  total: number;
  sample: { reference: string; display: string }[];
  policies: { id: string; effect: 'allow' | 'deny'; applies: boolean }[];
}

export const listPolicies = (): Promise<AccessPolicy[]> => api('/api/admin/policies');

export const savePolicy = (policy: AccessPolicy): Promise<AccessPolicy> => api(`/api/admin/policies/${encodeURIComponent(policy.id)}`, { method: 'PUT', body: policy });

export const deletePolicy = (id: string): Promise<void> => api(`/api/admin/policies/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const previewPolicy = (req: PreviewRequest): Promise<PreviewResult> => api('/api/admin/policies/preview', { method: 'POST', body: req });
