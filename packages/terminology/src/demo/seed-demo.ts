import type { ModuleContext } from '@medunion/kernel';
import { CodeSystemResolver } from '../concepts/resolver.ts';
import { importDictionary } from '../import/import-service.ts';
import { currentConceptMap } from '../mapping/concept-map.ts';
import { saveMappings } from '../mapping/save-mappings.ts';
import { dictionaryUrl } from '../urls.ts';
import { DEMO_DICTIONARIES, type DemoDictionary } from './demo-dictionaries.ts';

/** The business version the demo dictionaries are imported as; a database that has it is left alone. */
const DEMO_VERSION = '1';

/**
 * Terminology demo (module `demo` hook): the demo institutions' item dictionaries, imported and mapped through the
 * module's own import and mapping functions, as an institution administrator would in the console. Institutions
 * that do not exist (no demo region) and catalogues that are not stored (recognition not loaded) are skipped.
 */
export async function seedTerminologyDemo(ctx: ModuleContext): Promise<void> {
  const resolver = new CodeSystemResolver(ctx);
  for (const dictionary of DEMO_DICTIONARIES) {
    if (!(await exists(ctx, 'Organization', { _id: dictionary.institution }))) continue;
    await importOnce(ctx, resolver, dictionary);
    if (!(await exists(ctx, 'CodeSystem', { url: dictionary.standard }))) continue;
    const url = dictionaryUrl(dictionary.institution, dictionary.kind);
    if (await currentConceptMap(ctx, ctx.systemContext, url)) continue;
    const mappings = dictionary.items.filter((i) => i.target).map((i) => ({ code: i.code, target: i.target }));
    await saveMappings(ctx, resolver, ctx.systemContext, { dictionary: url, target: dictionary.standard, mappings });
  }
}

/** Imports the dictionary as CSV (the format hospitals export), unless version 1 is already stored. */
async function importOnce(ctx: ModuleContext, resolver: CodeSystemResolver, dictionary: DemoDictionary): Promise<void> {
  const url = dictionaryUrl(dictionary.institution, dictionary.kind);
  if ((await resolver.fresh(url)).some((v) => v.version === DEMO_VERSION)) return;
  const csv = ['编码,名称,上级编码', ...dictionary.items.map((i) => `${i.code},${i.name},${i.parent ?? ''}`)].join('\n');
  await importDictionary(ctx, resolver, ctx.systemContext, Buffer.from(`${csv}\n`, 'utf8'), {
    kind: dictionary.kind,
    institution: dictionary.institution,
    version: DEMO_VERSION,
    title: dictionary.title,
  });
}

async function exists(ctx: ModuleContext, type: string, params: Record<string, string>): Promise<boolean> {
  const { resources } = await ctx.store.search(ctx.systemContext, type, [...Object.entries(params), ['_count', '1']]);
  return resources.length > 0;
}
