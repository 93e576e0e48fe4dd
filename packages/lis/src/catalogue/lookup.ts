import type { ModuleContext } from '@medunion/kernel';
import type { DeliveredEventLike, ModuleBatchEventHandler } from '@medunion/kernel';
import type { CatalogueTube } from '../contracts/catalogue.ts';
import type { LoadCatalogue, PanelDefinition, TestDefinition } from '../ports.ts';
import { readCatalogue, type StoredCatalogue } from './read.ts';

export { formulaDefinitionOf, referenceRangesOf, criticalLimitsOf, plausibilityOf, deltaRuleOf, autoverifyConfigOf } from './labcore-config.ts';

/** What is cached: the port's tests and panels, plus the tubes the specimens area labels and accessions with. */
type Catalogue = Awaited<ReturnType<LoadCatalogue>> & { tubes: Map<string, CatalogueTube> };

interface Entry {
  loaded: Promise<Catalogue>;
  at: number;
}

/**
 * Cached catalogues by institution. An entry is dropped when a definition of its institution changes (the
 * `*Definition:*` reactions below, from any process) and right after this process's own catalogue writes; a load
 * in flight is shared by every caller. Entries also expire after `MAX_AGE_MS`, a bound on staleness should an event
 * be delayed.
 */
const cache = new Map<string, Entry>();
const MAX_AGE_MS = 10 * 60_000;

/**
 * catalogue/lookup.ts (port `LoadCatalogue`): the institution's active tests and panels, parsed once. Tests
 * include calculated ones; `order` is the test's report order; `resource` is the ObservationDefinition with its
 * ranges (see `referenceRangesOf`, `criticalLimitsOf`, … for them in labcore's terms). Retired tests and panels
 * are left out. Reads as the module (system) context: callers check their own permissions.
 */
export const loadCatalogue: LoadCatalogue = (ctx, institution) => loadFull(ctx, institution);

/** The institution's active tubes (SpecimenDefinitions) by code, from the same cache (used by accession and labels). */
export async function loadTubes(ctx: ModuleContext, institution: string): Promise<Map<string, CatalogueTube>> {
  return (await loadFull(ctx, institution)).tubes;
}

async function loadFull(ctx: ModuleContext, institution: string): Promise<Catalogue> {
  const now = Date.now();
  const hit = cache.get(institution);
  if (hit && now - hit.at < MAX_AGE_MS) return hit.loaded;
  const loaded = readCatalogue(ctx, ctx.systemContext, institution).then(toDefinitions);
  const entry = { loaded, at: now };
  cache.set(institution, entry);
  loaded.catch(() => {
    if (cache.get(institution) === entry) cache.delete(institution); // a failed read is not cached
  });
  return loaded;
}

/** Forgets an institution's catalogue (or all), so the next `loadCatalogue` reads it again. */
export function invalidateCatalogue(institution?: string | null): void {
  if (institution) cache.delete(institution);
  else cache.clear();
}

/** Reaction to committed definition changes: one invalidation per institution in the batch. */
export const invalidateOnDefinitionChange: ModuleBatchEventHandler = {
  batch: async (events: DeliveredEventLike[]) => {
    const institutions = new Set(events.map((e) => e.institution));
    for (const institution of institutions) invalidateCatalogue(institution);
  },
};

function toDefinitions(c: StoredCatalogue): Catalogue {
  const tests = new Map<string, TestDefinition>();
  for (const [code, { model, resource }] of c.tests) {
    if (!model.active) continue;
    tests.set(code, {
      code,
      name: model.name,
      ...(model.abbreviation ? { abbreviation: model.abbreviation } : {}),
      ...(model.unit ? { unit: model.unit } : {}),
      ...(model.decimals !== undefined ? { decimals: model.decimals } : {}),
      order: model.reportOrder ?? Number.MAX_SAFE_INTEGER,
      ...(model.formula ? { formula: model.formula } : {}),
      resource,
    });
  }
  const panels = new Map<string, PanelDefinition>();
  for (const [code, { model }] of c.panels) {
    if (!model.active) continue;
    panels.set(code, {
      code,
      name: model.name,
      section: model.section,
      tests: model.tests.filter((t) => tests.has(t)),
      specimenDefinition: model.tube,
      ...(model.price !== undefined ? { price: model.price } : {}),
      ...(model.tatTargetMinutes !== undefined ? { tatTargetMinutes: model.tatTargetMinutes } : {}),
    });
  }
  const tubes = new Map([...c.tubes].filter(([, t]) => t.model.active).map(([code, t]) => [code, t.model] as const));
  return { tests, panels, tubes };
}
