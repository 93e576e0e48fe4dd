import type { Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import { policyMigrations, PolicyRepository } from '../../src/access/policy-repository.ts';
import type { Principal } from '../../src/access/principal.ts';
import { runMigrations, type Db } from '../../src/db/index.ts';
import { FhirError } from '../../src/fhir/errors.ts';
import { loadFhirDefinitions } from '../../src/fhir/validation/index.ts';
import type { RequestContext } from '../../src/store/context.ts';
import { FhirStore, type StoreChange } from '../../src/store/fhir-store.ts';
import { storeMigrations } from '../../src/store/migrations.ts';
import type { SearchResult } from '../../src/store/search.ts';
import type { TestDbFactory } from '../dbs.ts';

export interface StoreFixture {
  db: Db;
  store: FhirStore;
  repo: PolicyRepository;
  changes: StoreChange[];
  close(): Promise<void>;
}

/** A migrated database with a store whose policies come from the repository; outbox changes are collected. */
export async function openStore(factory: TestDbFactory): Promise<StoreFixture> {
  loadFhirDefinitions();
  const db = await factory.open();
  await runMigrations(db, [...storeMigrations, ...policyMigrations]);
  const repo = new PolicyRepository(db);
  const changes: StoreChange[] = [];
  const store = new FhirStore({
    db,
    policies: () => repo.all(),
    outbox: async (_tx, list) => void changes.push(...list),
  });
  return { db, store, repo, changes, close: () => db.close() };
}

/** A hand-built user principal: doctor of org-a with every FHIR permission and no region rights. */
export function user(over: Partial<Principal> = {}): Principal {
  return {
    kind: 'user',
    id: 'u-doc-a',
    username: 'doc.a',
    displayName: '王医生',
    institution: 'org-a',
    institutions: ['org-a'],
    roles: ['doctor'],
    permissions: ['fhir.*'],
    regionAdmin: false,
    ...over,
  };
}

export const as = (principal: Principal, extra: Partial<RequestContext> = {}): RequestContext => ({ principal, ...extra });

/**
 * Splits `a=1&b=2` into entries WITHOUT form decoding, so `+08:00` stays a plus sign and tests can write
 * values literally. Use an array of pairs for values containing `&`.
 */
export function q(query: string | [string, string][]): [string, string][] {
  if (Array.isArray(query)) return query;
  if (!query) return [];
  return query.split('&').map((kv) => {
    const i = kv.indexOf('=');
    return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
  });
}

export const ids = (resources: Resource[]): string[] => resources.map((r) => r.id as string).sort();
export const refs = (resources: Resource[]): string[] => resources.map((r) => `${r.resourceType}/${r.id}`).sort();

/** Catches a FhirError (fails the test for anything else or for no error). */
export async function fhirError(promise: Promise<unknown>): Promise<FhirError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FhirError) return err;
    throw err;
  }
  throw new Error('expected a FhirError, but the call succeeded');
}

export interface Counts {
  resources: number;
  history: number;
  index: number;
}

/** Row counts of the store's tables, to prove that a refused or failed write changed nothing. */
export async function counts(db: Db, resourceType?: string): Promise<Counts> {
  const where = resourceType ? ' where resource_type = $1' : '';
  const params = resourceType ? [resourceType] : [];
  const n = async (table: string) => Number((await db.query<{ n: number }>(`select count(*) as n from ${table}${where}`, params)).rows[0].n);
  let index = 0;
  for (const t of ['sp_string', 'sp_token', 'sp_date', 'sp_number', 'sp_quantity', 'sp_reference', 'sp_uri']) index += await n(t);
  return { resources: await n('fhir_resource'), history: await n('fhir_history'), index };
}

/** Runs a search and checks that `_total=accurate` agrees with the (unpaged) matches; returns the matches. */
export async function visible(store: FhirStore, ctx: RequestContext, resourceType: string, query = ''): Promise<SearchResult> {
  const entries = [...q(query), ['_total', 'accurate'], ['_count', '1000']] as [string, string][];
  const result = await store.search(ctx, resourceType, entries);
  expect(result.total, `_total for ${resourceType}?${query}`).toBe(result.resources.length);
  expect(result.hasMore).toBe(false);
  return result;
}
