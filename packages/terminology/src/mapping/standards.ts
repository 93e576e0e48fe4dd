import { badRequest, notFound, type RequestContext } from '@medunion/kernel';
import type { IndexedCodeSystem } from '../concepts/concept-index.ts';
import type { CodeSystemResolver } from '../concepts/resolver.ts';
import { dictionaryUrl, SYSTEM } from '../urls.ts';

/** The regional standard a dictionary kind maps to unless a target is named: 诊疗科目 for departments, else the regional dictionary. */
export function defaultStandardUrl(kind: string): string {
  return kind === 'departments' ? SYSTEM.departmentCategory : dictionaryUrl(undefined, kind);
}

/** The dictionary (by canonical url) and the standard it is mapped to (named, or the default of its kind). */
export async function dictionaryAndStandard(
  resolver: CodeSystemResolver,
  request: RequestContext,
  dictionary: string | undefined,
  target: string | undefined,
): Promise<{ dictionary: IndexedCodeSystem; standard: IndexedCodeSystem }> {
  if (!dictionary) throw badRequest('Parameter "dictionary" (the canonical url of the institution dictionary) is required', 'dictionary');
  const source = await resolver.resolve(request, dictionary);
  const standardUrl = target ?? (source.kind ? defaultStandardUrl(source.kind) : undefined);
  if (!standardUrl) throw badRequest(`CodeSystem ${source.url} is not tagged with a dictionary kind, so give the target standard`, 'target');
  if (standardUrl === source.url) throw badRequest('A dictionary cannot be mapped to itself', 'target');
  const standard = await resolver.resolve(request, standardUrl).catch((err: unknown) => {
    if (target) throw err;
    throw notFound(`No regional standard for dictionary kind "${source.kind}" yet (${standardUrl}): upload one with institution=region, or name a target`);
  });
  return { dictionary: source, standard };
}
