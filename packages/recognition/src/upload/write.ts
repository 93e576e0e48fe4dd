import { createHash, randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { MAX_COUNT, preconditionFailed, type ModuleContext, type RequestContext, type Unit, type WriteResult } from '@medunion/kernel';

export type Outcome = 'created' | 'updated' | 'unchanged';

/** A resource's business key: its type and identifier (the conditional update `Type?identifier=system|value`). */
export interface BusinessKey {
  type: string;
  system: string;
  value: string;
}

export const keyOf = (type: string, system: string, value: string): string => `${type}|${system}|${value}`;

/** A token search value whose value part may hold a comma, `$` or a backslash: escaped, so it can never split the list. */
const escapeToken = (token: string): string => {
  const bar = token.indexOf('|');
  return `${token.slice(0, bar)}|${token.slice(bar + 1).replace(/[\\,$]/g, (c) => `\\${c}`)}`;
};

/** Tracks what a multi-resource upload changed, for the single outcome the caller gets. */
export class UploadWrites {
  private readonly outcomes: WriteResult['outcome'][] = [];

  constructor(
    private readonly ctx: ModuleContext,
    readonly unit: Unit,
    private readonly request: RequestContext,
  ) {}

  /**
   * Conditional update by business identifier (`PUT Type?identifier=system|value`): the first upload creates,
   * the same content again changes nothing (same id, same version), changed content is a new version.
   */
  async upsert<T extends Resource>(resource: T & { identifier?: { system?: string; value?: string }[] }): Promise<T & { id: string }> {
    const key = resource.identifier![0];
    const query = new URLSearchParams({ identifier: `${key.system}|${key.value}` }).toString();
    const result = await this.ctx.store.conditionalUpdateIn(this.unit, this.request, resource.resourceType, query, resource, {});
    this.outcomes.push(result.outcome);
    return result.resource as T & { id: string };
  }

  /**
   * Ids for resources keyed by business identifier, as conditional updates would find them, in a constant number of
   * statements: the conditional-update locks of all keys at once (the keys `conditionalUpdateIn` takes, so a
   * concurrent single upsert of one of them waits for us), then one identifier search per resource type for the
   * existing ones (412 when a key matches two); keys not found get a fresh id (written as update-as-create).
   * Returned by `keyOf(type, system, value)`. Lets an upload build resources that reference each other and write
   * them together with `writeAll`.
   */
  async reserve(keys: BusinessKey[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (!keys.length) return ids;
    const locks = [...new Set(keys.map((k) => `${k.type}?${new URLSearchParams({ identifier: `${k.system}|${k.value}` }).toString()}`))].sort();
    await this.unit.tx.query('select pg_advisory_xact_lock(hashtext(k)) from unnest($1::text[]) with ordinality as x(k, n) order by n', [locks]);
    for (const type of [...new Set(keys.map((k) => k.type))]) {
      const ofType = keys.filter((k) => k.type === type);
      const tokens = [...new Set(ofType.map((k) => `${k.system}|${k.value}`))];
      const found = await this.search(type as Resource['resourceType'], [['identifier', tokens.map(escapeToken).join(',')], ['_count', String(Math.min(MAX_COUNT, 2 * tokens.length))]]);
      for (const r of found) {
        for (const i of (r as { identifier?: { system?: string; value?: string }[] }).identifier ?? []) {
          const key = keyOf(type, i.system ?? '', i.value ?? '');
          if (!ofType.some((k) => keyOf(k.type, k.system, k.value) === key)) continue;
          if (ids.has(key) && ids.get(key) !== r.id) throw preconditionFailed(`Conditional update matched more than one ${type} for identifier ${i.system}|${i.value}`);
          ids.set(key, r.id!);
        }
      }
    }
    for (const k of keys) if (!ids.has(keyOf(k.type, k.system, k.value))) ids.set(keyOf(k.type, k.system, k.value), randomUUID());
    return ids;
  }

  /**
   * Writes resources (ids from `reserve`, of any types) with one `updateManyIn`: existing ids keep their version
   * when unchanged, new ones are update-as-create, audited as creates. Returned in input order.
   */
  async writeAll<T extends Resource>(resources: (T & { id: string })[]): Promise<(T & { id: string })[]> {
    if (!resources.length) return [];
    const results = await this.ctx.store.updateManyIn(this.unit, this.request, resources.map((resource) => ({ resource })), (_, err) => err);
    this.outcomes.push(...results.map((r) => r.outcome));
    return results.map((r) => r.resource as T & { id: string });
  }

  /** `reserve` + `writeAll` for resources of one type keyed by one identifier system; `extra` (e.g. withdrawals) rides along. */
  async upsertMany<T extends Resource>(resourceType: T['resourceType'], system: string, resources: (T & { identifier?: { system?: string; value?: string }[] })[], extra: Resource[] = []): Promise<(T & { id: string })[]> {
    const values = resources.map((r) => r.identifier![0].value!);
    if (!values.length && !extra.length) return [];
    const ids = await this.reserve(values.map((value) => ({ type: resourceType, system, value })));
    const written = await this.writeAll([...resources.map((r, i) => ({ ...r, id: ids.get(keyOf(resourceType, system, values[i]))! })), ...(extra as (Resource & { id: string })[])]);
    return written.slice(0, resources.length) as (T & { id: string })[];
  }

  /** A search inside the upload's transaction, with the uploader's read access. */
  async search<T extends Resource>(resourceType: T['resourceType'], query: [string, string][]): Promise<(T & { id: string })[]> {
    return (await this.ctx.store.search(this.request, resourceType, query, this.unit)).resources as (T & { id: string })[];
  }

  /** Resources by identifier values of one system, in one search (absent values are missing from the map). */
  async findMany<T extends Resource>(resourceType: T['resourceType'], system: string, values: string[]): Promise<Map<string, T & { id: string }>> {
    const tokens = [...new Set(values)].map((v) => escapeToken(`${system}|${v}`));
    const found = await this.search<T>(resourceType, [['identifier', tokens.join(',')], ['_count', String(Math.min(MAX_COUNT, 2 * tokens.length))]]);
    const out = new Map<string, T & { id: string }>();
    for (const r of found) {
      const value = (r as { identifier?: { system?: string; value?: string }[] }).identifier?.find((i) => i.system === system)?.value;
      if (value !== undefined && values.includes(value)) out.set(value, r);
    }
    return out;
  }

  async find<T extends Resource>(resourceType: T['resourceType'], system: string, value: string): Promise<(T & { id: string }) | undefined> {
    return (await this.ctx.store.findOne(this.unit, this.request, resourceType, new URLSearchParams({ identifier: `${system}|${value}` }).toString())) as (T & { id: string }) | undefined;
  }

  async update<T extends Resource>(resource: T): Promise<void> {
    this.outcomes.push((await this.ctx.store.updateIn(this.unit, this.request, resource, {})).outcome);
  }

  get outcome(): Outcome {
    if (this.outcomes.every((o) => o === 'unchanged' || o === 'existing')) return 'unchanged';
    return this.outcomes[this.outcomes.length - 1] === 'created' ? 'created' : 'updated';
  }
}

/** Runs an upload as one store transaction (FHIR writes, projection rows, blobs): all of it commits, or none. */
export function inOneTransaction<T>(ctx: ModuleContext, request: RequestContext, fn: (writes: UploadWrites) => Promise<T>): Promise<T> {
  return ctx.store.inUnit(request, (unit) => fn(new UploadWrites(ctx, unit, request)));
}

export const sha1Base64 = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('base64');

/** GB/T 2261.1 sex code → FHIR administrative gender. */
export const genderOf = (code: string | undefined): 'male' | 'female' | 'unknown' | undefined =>
  code === undefined ? undefined : code === '1' ? 'male' : code === '2' ? 'female' : 'unknown';

/** A Chinese personal name as FHIR HumanName (text first: formatters put given names first). */
export const humanName = (name: string) => ({ use: 'official' as const, text: name, family: name.slice(0, 1), given: [name.slice(1)].filter(Boolean) });
