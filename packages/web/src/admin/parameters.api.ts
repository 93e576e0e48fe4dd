import { api } from '../api/http.api.ts';
import type { LocalizedText } from '../api/modules.api.ts';

export type ParameterScope = 'region' | 'institution' | 'workstation';
export type ParameterType = 'string' | 'number' | 'boolean' | 'enum' | 'color' | 'json';

/** A system parameter declared by the kernel or a module. */
export interface ParameterDefinition {
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
  group?: string;
  type: ParameterType;
  options?: { value: string; title: LocalizedText }[];
  default: unknown;
  scopes: ParameterScope[];
  min?: number;
  max?: number;
}

/** The explicit values at one scope (not inherited ones). */
export interface ScopeParameters {
  scope: ParameterScope;
  scopeId: string;
  definitions: ParameterDefinition[];
  values: Record<string, unknown>;
  /** Known workstation ids (scope=workstation without scopeId). */
  workstations?: string[];
}

/** Region values are addressed with scope id '-'. */
export const REGION_SCOPE_ID = '-';

export const getScopeParameters = (scope: ParameterScope, scopeId?: string): Promise<ScopeParameters> =>
  api('/api/admin/parameters', { query: { scope, scopeId: scope === 'region' ? undefined : scopeId } });

/** `null` removes the explicit value (the scope inherits again). All or nothing: a 400 names the offending key. */
export const saveScopeParameters = (scope: ParameterScope, scopeId: string, changes: Record<string, unknown>): Promise<ScopeParameters> =>
  api(`/api/admin/parameters/${scope}/${encodeURIComponent(scope === 'region' ? REGION_SCOPE_ID : scopeId)}`, { method: 'PUT', body: changes });

/** Effective values for the caller's current institution (no workstation): readable by every signed-in user. */
export const getEffectiveParameters = (): Promise<{ definitions: ParameterDefinition[]; values: Record<string, unknown> }> => api('/api/parameters');
