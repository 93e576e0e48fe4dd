import type { Db, Migration } from '../db/index.ts';
import type { AccessPolicy } from './policy.ts';

export const policyMigrations: Migration[] = [
  {
    id: 'kernel.access.001-policies',
    up: `create table access_policy (
  id text primary key,
  name text not null,
  definition jsonb not null,
  active boolean not null default true,
  updated_at timestamptz not null default now()
)`,
  },
];

/**
 * Stores access policies and keeps them cached: every store call consults them, so reading them
 * from the database each time would double the cost of a read. Changes made through this
 * repository invalidate the cache at once; other processes see them within `ttlMs`.
 */
export class PolicyRepository {
  private cache: { at: number; policies: AccessPolicy[] } | undefined;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5000,
  ) {}

  async all(): Promise<AccessPolicy[]> {
    if (this.cache && Date.now() - this.cache.at < this.ttlMs) return this.cache.policies;
    const { rows } = await this.db.query<{ definition: AccessPolicy; active: boolean }>('select definition, active from access_policy order by id');
    const policies = rows.map((r) => ({ ...r.definition, active: r.active }));
    this.cache = { at: Date.now(), policies };
    return policies;
  }

  async get(id: string): Promise<AccessPolicy | undefined> {
    return (await this.all()).find((p) => p.id === id);
  }

  async upsert(policy: AccessPolicy): Promise<void> {
    validatePolicy(policy);
    await this.db.query(
      `insert into access_policy (id, name, definition, active) values ($1, $2, $3, $4)
       on conflict (id) do update set name = excluded.name, definition = excluded.definition, active = excluded.active, updated_at = now()`,
      [policy.id, policy.name, JSON.stringify(policy), policy.active !== false],
    );
    this.cache = undefined;
  }

  async remove(id: string): Promise<boolean> {
    const r = await this.db.query('delete from access_policy where id = $1', [id]);
    this.cache = undefined;
    return r.rowCount > 0;
  }
}

const SUBJECT_KINDS = new Set(['users', 'roles', 'clients']);

/** Rejects malformed policies with a message naming the field. */
export function validatePolicy(p: AccessPolicy): void {
  const fail = (field: string, why: string) => {
    throw new PolicyValidationError(field, `${field}: ${why}`);
  };
  if (!p.id || !/^[A-Za-z0-9._-]{1,64}$/.test(p.id)) fail('id', 'must be 1–64 letters, digits, dot, dash or underscore');
  if (!p.name) fail('name', 'is required');
  if (p.effect !== 'allow' && p.effect !== 'deny') fail('effect', 'must be allow or deny');
  if (!Array.isArray(p.access) || p.access.length === 0 || p.access.some((a) => a !== 'read' && a !== 'write')) fail('access', 'must list read and/or write');
  if (!p.subjects || typeof p.subjects !== 'object' || Array.isArray(p.subjects)) fail('subjects', 'is required');
  // A stored policy is evaluated on every store call: a wrong shape here would break every request, not just this one.
  for (const [key, value] of Object.entries(p.subjects)) {
    if (key === 'everyone') {
      if (typeof value !== 'boolean') fail('subjects.everyone', 'must be true or false');
      continue;
    }
    if (!SUBJECT_KINDS.has(key)) fail(`subjects.${key}`, 'is not a subject kind (users, roles, clients, everyone)');
    if (!Array.isArray(value) || value.some((x) => typeof x !== 'string')) fail(`subjects.${key}`, 'must be a list of strings');
  }
  for (const field of ['validFrom', 'validTo'] as const) {
    const v = p[field];
    if (v !== undefined && Number.isNaN(Date.parse(v))) fail(field, `"${v}" is not a date`);
  }
  for (const field of ['from', 'to'] as const) {
    const v = p.dataPeriod?.[field];
    if (v !== undefined && Number.isNaN(Date.parse(v))) fail(`dataPeriod.${field}`, `"${v}" is not a date`);
  }
  for (const field of ['institutions', 'resourceTypes', 'sources', 'patientCategories', 'patients', 'exams', 'interfaces'] as const) {
    const v = p[field];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) fail(field, 'must be a list of strings');
  }
}

export class PolicyValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
