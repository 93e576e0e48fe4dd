import type { CodeSystem } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { CS } from '../urls.ts';

let cached: { names: Map<string, string>; at: number } | undefined;
const MAX_AGE_MS = 10 * 60_000;

/** Names of the lab sections (专业组) from their CodeSystem (seeded by the catalogue area), cached for ten minutes. */
export async function sectionNames(ctx: ModuleContext): Promise<Map<string, string>> {
  if (cached && Date.now() - cached.at < MAX_AGE_MS) return cached.names;
  const found = await ctx.store.search(ctx.systemContext, 'CodeSystem', [['url', CS.labSection]]);
  const cs = found.resources[0] as CodeSystem | undefined;
  const names = new Map((cs?.concept ?? []).map((c) => [c.code, c.display ?? c.code]));
  cached = { names, at: Date.now() };
  return names;
}
