export { PARAMETER_SCOPES, type ParameterDefinition, type ParameterScope, type ParameterType } from './definition.ts';
export { checkParameterDefinition, parameterValueProblem, PARAMETER_KEY_PATTERN } from './check.ts';
export { KERNEL_PARAMETERS } from './kernel-parameters.ts';
export { parameterMigrations } from './migrations.ts';
export { ParameterService, type ParameterLocation, type ParameterWrite } from './parameter-service.ts';
