import type { LocalizedText } from './localized-text.ts';

/** Where a parameter value may be set: region-wide (全域), per institution (全院) or per workstation (本机). */
export type ParameterScope = 'region' | 'institution' | 'workstation';

export type ParameterType = 'string' | 'number' | 'boolean' | 'enum' | 'color' | 'json';

/**
 * A system parameter (seed 000 LIS §10 全院参数设置和本机参数设置), declared by the kernel or a module. The
 * effective value is the most specific one set: workstation, then institution, then region, then `default`.
 */
export interface ParameterDefinition {
  /** Prefixed with the declaring module's id (the kernel uses `ui.`, `print.`, `session.`). */
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
  /** Groups parameters in the administration form, e.g. `ui`. */
  group?: string;
  type: ParameterType;
  /** The allowed values of an `enum`. */
  options?: { value: string; title: LocalizedText }[];
  default: unknown;
  scopes: ParameterScope[];
  /** Bounds of a `number`. */
  min?: number;
  max?: number;
}

/** `GET /api/admin/parameters`: the explicit values at one scope (not inherited ones). */
export interface ScopeParameters {
  scope: ParameterScope;
  scopeId: string;
  definitions: ParameterDefinition[];
  values: Record<string, unknown>;
  /** Known workstation ids the caller may manage (scope=workstation without scopeId). */
  workstations?: string[];
}
