import type { ActivityDefinition, ObservationDefinition, Resource, SpecimenDefinition } from '@medplum/fhirtypes';
import { MAX_COUNT, type ModuleContext, type RequestContext, type Unit } from '@medunion/kernel';
import type { CataloguePanel, CatalogueTest, CatalogueTube } from '../contracts/catalogue.ts';
import { CATALOGUE_TAG } from './codes.ts';
import { panelFromFhir } from './panel-fhir.ts';
import { testFromFhir } from './test-fhir.ts';
import { tubeFromFhir } from './tube-fhir.ts';

export interface Stored<M, R extends Resource> {
  model: M;
  resource: R & { id: string };
}

/** One institution's whole catalogue as stored, by code (retired entries included). */
export interface StoredCatalogue {
  tests: Map<string, Stored<CatalogueTest, ObservationDefinition>>;
  panels: Map<string, Stored<CataloguePanel, ActivityDefinition>>;
  tubes: Map<string, Stored<CatalogueTube, SpecimenDefinition>>;
}

/** Every resource of a type carrying the institution's catalogue tag, page by page. */
async function allTagged<R extends Resource>(ctx: ModuleContext, request: RequestContext, type: string, institution: string, unit?: Unit): Promise<(R & { id: string })[]> {
  const out: (R & { id: string })[] = [];
  for (let offset = 0; ; offset += MAX_COUNT) {
    const page = await ctx.store.search(
      request,
      type,
      [
        ['_tag', `${CATALOGUE_TAG}|${institution}`],
        ['_count', String(MAX_COUNT)],
        ['_offset', String(offset)],
        ['_sort', '_id'],
      ],
      unit,
    );
    out.push(...(page.resources as (R & { id: string })[]));
    if (page.resources.length < MAX_COUNT) return out;
  }
}

/**
 * Reads an institution's catalogue through the store as `request` (inside `unit` when given, so a write sees its
 * own transaction). Three indexed searches; a county catalogue is a few hundred resources.
 */
export async function readCatalogue(ctx: ModuleContext, request: RequestContext, institution: string, unit?: Unit): Promise<StoredCatalogue> {
  const [tests, panels, tubes] = [
    await allTagged<ObservationDefinition>(ctx, request, 'ObservationDefinition', institution, unit),
    await allTagged<ActivityDefinition>(ctx, request, 'ActivityDefinition', institution, unit),
    await allTagged<SpecimenDefinition>(ctx, request, 'SpecimenDefinition', institution, unit),
  ];
  const byCode = <M extends { code: string }, R extends Resource>(resources: (R & { id: string })[], read: (r: R) => M) =>
    new Map(resources.map((resource) => {
      const model = read(resource);
      return [model.code, { model, resource }] as const;
    }));
  return {
    tests: byCode(tests, (r) => testFromFhir(r, institution)),
    panels: byCode(panels, (r) => panelFromFhir(r, institution)),
    tubes: byCode(tubes, tubeFromFhir),
  };
}
