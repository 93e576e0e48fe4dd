import { api } from '../../api/http.api.ts';

export const WORKSTATION_HEADER = 'x-medunion-workstation';

/** Effective parameter values for the caller's institution and this workstation (workstation > institution > region > default). */
export interface EffectiveParameters {
  definitions: { key: string; type: string; default: unknown }[];
  values: Record<string, unknown>;
}

export const fetchEffectiveParameters = (workstation: string): Promise<EffectiveParameters> =>
  api<EffectiveParameters>('/api/parameters', { headers: { [WORKSTATION_HEADER]: workstation } });
