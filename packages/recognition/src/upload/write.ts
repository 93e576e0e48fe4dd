import { createHash } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext, Unit, WriteResult } from '@medunion/kernel';

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
