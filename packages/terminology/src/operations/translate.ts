import type { ConceptMap, ConceptMapGroup, Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { badRequest, notFound, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { splitCanonical } from '../concepts/resolver.ts';
import { OperationParams, outputParameters } from './params.ts';

/** Equivalences that say the target is not a translation (FHIR R4 ConceptMapEquivalence). */
const NO_MATCH = new Set(['unmatched', 'disjoint']);

interface Match {
  equivalence: string;
  system?: string;
  version?: string;
  code?: string;
  display?: string;
  comment?: string;
  source: string;
}

/** The ConceptMaps to consult: the one named by `url` (+ `conceptMapVersion`), else every map from the source system. */
async function conceptMaps(ctx: ModuleContext, request: RequestContext, params: OperationParams, sourceSystem: string, id?: string): Promise<ConceptMap[]> {
  if (id) return [(await ctx.store.read(request, 'ConceptMap', id)) as ConceptMap];
  const canonical = params.one('url');
  if (canonical) {
    const [url, pinned] = splitCanonical(canonical);
    const version = params.one('conceptMapVersion') ?? pinned;
    const query: [string, string][] = [['url', url]];
    if (version) query.push(['version', version]);
    const { resources } = await ctx.store.search(request, 'ConceptMap', query);
    if (!resources.length) throw notFound(`ConceptMap ${canonical} is not known to this server`);
    return resources as ConceptMap[];
  }
  const { resources } = await ctx.store.search(request, 'ConceptMap', [
    ['source-system', sourceSystem],
    ['_count', '100'],
  ]);
  return resources as ConceptMap[];
}

function matchesIn(map: ConceptMap, group: ConceptMapGroup, code: string, reverse: boolean): Match[] {
  const source = map.url ?? `ConceptMap/${map.id}`;
  if (!reverse) {
    const element = group.element?.find((e) => e.code === code);
    if (!element) {
      // `unmapped` says what to do with codes the group does not list: keep the code, or map to a fixed one.
      const unmapped = group.unmapped;
      if (unmapped?.mode === 'provided') return [{ equivalence: 'equal', system: group.target, code, source }];
      if (unmapped?.mode === 'fixed' && unmapped.code) return [{ equivalence: 'equivalent', system: group.target, code: unmapped.code, display: unmapped.display, source }];
      return [];
    }
    return (element.target ?? []).map((t) => ({ equivalence: t.equivalence ?? 'equivalent', system: group.target, version: group.targetVersion, code: t.code, display: t.display, comment: t.comment, source }));
  }
  return (group.element ?? []).flatMap((e) =>
    (e.target ?? []).filter((t) => t.code === code).map((t) => ({ equivalence: t.equivalence ?? 'equivalent', system: group.source, version: group.sourceVersion, code: e.code, display: e.display, comment: t.comment, source })),
  );
}

/**
 * ConceptMap/$translate: the targets of a source `code` + `system` (or `coding`) with their equivalence; with
 * `reverse=true`, the sources of a target code. `targetsystem` narrows the maps' target system.
 */
export async function translate(ctx: ModuleContext, request: RequestContext, params: OperationParams, id?: string): Promise<Parameters> {
  const { system, code } = params.concept({ code: 'code', system: 'system', coding: 'coding' });
  const reverse = params.bool('reverse') ?? false;
  const targetSystem = params.one('targetsystem');
  if (params.one('target') && !targetSystem) throw badRequest('Translating into a target ValueSet is not supported; give targetsystem', 'target');
  const maps = await conceptMaps(ctx, request, params, system, id);
  const matches = maps.flatMap((map) =>
    (map.group ?? [])
      .filter((g) => (reverse ? g.target === system : g.source === system))
      .filter((g) => !targetSystem || (reverse ? g.source === targetSystem : g.target === targetSystem))
      .flatMap((g) => matchesIn(map, g, code, reverse)),
  );
  const found = matches.filter((m) => !NO_MATCH.has(m.equivalence));
  const part = (m: Match): ParametersParameter => ({
    name: 'match',
    part: [
      { name: 'equivalence', valueCode: m.equivalence },
      ...(m.code ? [{ name: 'concept', valueCoding: { system: m.system, ...(m.version ? { version: m.version } : {}), code: m.code, ...(m.display ? { display: m.display } : {}) } }] : []),
      { name: 'source', valueUri: m.source },
      ...(m.comment ? [{ name: 'message', valueString: m.comment }] : []),
    ],
  });
  return outputParameters([
    { name: 'result', valueBoolean: found.length > 0 },
    found.length ? undefined : { name: 'message', valueString: maps.length ? `No mapping for ${system}|${code}` : `No ConceptMap translates from ${system}` },
    ...matches.map(part),
  ]);
}
