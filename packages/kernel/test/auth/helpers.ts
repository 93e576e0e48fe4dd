import { runMigrations, type Db } from '../../src/db/index.ts';
import type { TestDbFactory } from '../dbs.ts';
import { AuthError, authMigrations, AuthService, type AuthErrorCode, type AuthServiceOptions } from '../../src/auth/index.ts';

export const PASSWORD = 'Secret-pass-42';

export async function migratedDb(factory: TestDbFactory): Promise<Db> {
  const db = await factory.open();
  await runMigrations(db, authMigrations);
  return db;
}

export function service(db: Db, options: Omit<AuthServiceOptions, 'db'> = {}): AuthService {
  return new AuthService({ db, ...options });
}

/** Usernames are unique per database and suites share one database per backend. */
let counter = 0;
export function uniqueName(prefix: string): string {
  return `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function authErrorOf(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AuthError) return err;
    throw err;
  }
  throw new Error('expected an AuthError, but the call succeeded');
}

export async function expectAuthError(promise: Promise<unknown>, code: AuthErrorCode): Promise<AuthError> {
  const error = await authErrorOf(promise);
  if (error.code !== code) throw new Error(`expected AuthError ${code}, got ${error.code}: ${error.message}`);
  return error;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
