export { AuthService } from './auth-service.ts';
export type { AuthEvent, AuthServiceOptions, ClientToken, TokenPair } from './auth-service.ts';
export { AuthError } from './errors.ts';
export type { AuthErrorCode } from './errors.ts';
export { authMigrations } from './migrations.ts';
export { checkPasswordPolicy, hashPassword, verifyPassword, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from './passwords.ts';
export type { ClientCredentials, NewClient, NewUser, RoleAssignment, RoleDefinition, RoleDeletion, UserSummary } from './directory.ts';
export { MAX_USER_PAGE, type AdminUser, type UserChanges, type UserQuery } from './user-admin.ts';
export type { AdminClient } from './client-admin.ts';
