import type { ValueSet } from '@medplum/fhirtypes';
import { notFound, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { splitCanonical } from '../concepts/resolver.ts';

/** The implicit value set of a whole code system (`<system>?fhir_vs`) or of a subtree (`?fhir_vs=isa/<code>`). */
export function implicitValueSet(canonical: string): ValueSet | undefined {
  const m = /^(.+)\?fhir_vs(?:=isa\/(.+))?$/.exec(canonical);
  if (!m) return undefined;
  const [, system, isa] = m;
  return {
    resourceType: 'ValueSet',
    url: canonical,
    status: 'active',
    compose: { include: [{ system, ...(isa ? { filter: [{ property: 'concept', op: 'is-a', value: decodeURIComponent(isa) }] } : {}) }] },
  };
}

/**
 * A ValueSet by canonical url (optionally `url|version`), read through the store as the caller (so access
 * policies apply). Several versions: the requested one, else an active one before others, newest first.
 */
export async function valueSetByUrl(ctx: ModuleContext, request: RequestContext, canonical: string, version?: string): Promise<ValueSet> {
  const implicit = implicitValueSet(canonical);
  if (implicit) return implicit;
  const [url, pinned] = splitCanonical(canonical);
  const wanted = version ?? pinned;
  const query: [string, string][] = [
    ['url', url],
    ['_count', '50'],
  ];
  if (wanted) query.push(['version', wanted]);
  const { resources } = await ctx.store.search(request, 'ValueSet', query);
  const sets = (resources as ValueSet[]).sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active') || (b.meta?.lastUpdated ?? '').localeCompare(a.meta?.lastUpdated ?? ''));
  if (!sets[0]) throw notFound(wanted ? `ValueSet ${url}|${wanted} is not known to this server` : `ValueSet ${url} is not known to this server`);
  return sets[0];
}

/** A ValueSet by id (instance-level operations). */
export async function valueSetById(ctx: ModuleContext, request: RequestContext, id: string): Promise<ValueSet> {
  return (await ctx.store.read(request, 'ValueSet', id)) as ValueSet;
}
