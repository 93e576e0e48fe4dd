import { createHash, randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { MAX_COUNT, preconditionFailed, type ModuleContext, type RequestContext, type Unit, type UpdateManyEntry, type WriteResult } from '@medunion/kernel';

export type Outcome = 'created' | 'updated' | 'unchanged';

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
   * `upsert` for many resources of one type keyed by one identifier system, in a constant number of statements:
   * the conditional-update locks of all keys at once, one search for the existing ones, then one `updateManyIn`
   * (existing ids keep their id and stay at their version when unchanged; new ones are update-as-create under a
   * fresh id, audited as creates). `extra` entries (e.g. withdrawals) ride in the same bulk call, after them.
   * `createManyIn` is not used for the new ones: for non-system callers it checks write policies one row at a time.
   */
  async upsertMany<T extends Resource>(resourceType: T['resourceType'], system: string, resources: (T & { identifier?: { system?: string; value?: string }[] })[], extra: Resource[] = []): Promise<(T & { id: string })[]> {
    const values = resources.map((r) => r.identifier![0].value!);
    if (!values.length && !extra.length) return [];
    // The same lock keys `conditionalUpdateIn` takes, so a concurrent single upsert of one of them waits for us.
    const keys = values.map((v) => `${resourceType}?${new URLSearchParams({ identifier: `${system}|${v}` }).toString()}`).sort();
    await this.unit.tx.query('select pg_advisory_xact_lock(hashtext(k)) from unnest($1::text[]) with ordinality as x(k, n) order by n', [keys]);
    const existing = new Map<string, string>();
    if (values.length) {
      const found = await this.search(resourceType, [['identifier', values.map((v) => `${system}|${v}`).join(',')], ['_count', String(Math.min(MAX_COUNT, 2 * values.length))]]);
      for (const r of found) {
        const value = (r as { identifier?: { system?: string; value?: string }[] }).identifier?.find((i) => i.system === system)?.value;
        if (value === undefined) continue;
        if (existing.has(value)) throw preconditionFailed(`Conditional update matched more than one ${resourceType} for identifier ${system}|${value}`);
        existing.set(value, r.id!);
      }
    }
    const entries: UpdateManyEntry[] = [
      ...resources.map((r, i) => ({ resource: { ...r, id: existing.get(values[i]) ?? randomUUID() } })),
      ...extra.map((resource) => ({ resource })),
    ];
    const results = await this.ctx.store.updateManyIn(this.unit, this.request, entries, (_, err) => err);
    this.outcomes.push(...results.map((r) => r.outcome));
    return results.slice(0, resources.length).map((r) => r.resource as T & { id: string });
  }

  /** A search inside the upload's transaction, with the uploader's read access. */
  async search<T extends Resource>(resourceType: T['resourceType'], query: [string, string][]): Promise<(T & { id: string })[]> {
    return (await this.ctx.store.search(this.request, resourceType, query, this.unit)).resources as (T & { id: string })[];
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
