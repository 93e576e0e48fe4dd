import type { ParameterScope } from '../contracts/parameters.ts';

export type { ParameterDefinition, ParameterScope, ParameterType } from '../contracts/parameters.ts';

export const PARAMETER_SCOPES: readonly ParameterScope[] = ['region', 'institution', 'workstation'];
