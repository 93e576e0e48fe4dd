import type { AccessInterface, AccessPolicy, PolicyPreviewRequest, PolicyPreviewResult } from '@medunion/kernel/contracts';
import { api } from '../api/http.api.ts';

// The shapes are the server's (kernel contracts); this module only calls the endpoints.
export type { AccessKind, AccessPolicy, PolicyPreviewResult } from '@medunion/kernel/contracts';

/** Interfaces through which data is reached (kernel AccessInterface). */
export const ACCESS_INTERFACES = ['fhir', 'api', 'export', 'subscription', 'module', 'internal'] as const satisfies readonly AccessInterface[];

export const listPolicies = (): Promise<AccessPolicy[]> => api('/api/admin/policies');

export const savePolicy = (policy: AccessPolicy): Promise<AccessPolicy> => api(`/api/admin/policies/${encodeURIComponent(policy.id)}`, { method: 'PUT', body: policy });

export const deletePolicy = (id: string): Promise<void> => api(`/api/admin/policies/${encodeURIComponent(id)}`, { method: 'DELETE' });

/** "What can user X see?" */
export const previewPolicy = (req: PolicyPreviewRequest): Promise<PolicyPreviewResult> => api('/api/admin/policies/preview', { method: 'POST', body: req });
