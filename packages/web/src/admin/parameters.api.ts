import type { ParameterDefinition, ParameterScope, ScopeParameters } from '@medunion/kernel/contracts';
import { api } from '../api/http.api.ts';

// The shapes are the server's (kernel contracts); this module only calls the endpoints.
export type { ParameterDefinition, ParameterScope, ScopeParameters } from '@medunion/kernel/contracts';

/** Region values are addressed with scope id '-'. */
export const REGION_SCOPE_ID = '-';

export const getScopeParameters = (scope: ParameterScope, scopeId?: string): Promise<ScopeParameters> =>
  api('/api/admin/parameters', { query: { scope, scopeId: scope === 'region' ? undefined : scopeId } });

/** `null` removes the explicit value (the scope inherits again). All or nothing: a 400 names the offending key. */
export const saveScopeParameters = (scope: ParameterScope, scopeId: string, changes: Record<string, unknown>): Promise<ScopeParameters> =>
  api(`/api/admin/parameters/${scope}/${encodeURIComponent(scope === 'region' ? REGION_SCOPE_ID : scopeId)}`, { method: 'PUT', body: changes });

/** Effective values for the caller's current institution (no workstation): readable by every signed-in user. */
export const getEffectiveParameters = (): Promise<{ definitions: ParameterDefinition[]; values: Record<string, unknown> }> => api('/api/parameters');
