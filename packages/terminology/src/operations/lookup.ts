import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { notFound, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { childCodes, findConcept } from '../concepts/concept-queries.ts';
import type { CodeSystemResolver } from '../concepts/resolver.ts';
import { OperationParams, outputParameters } from './params.ts';

/**
 * CodeSystem/$lookup: the details of a code — display (or the designation in `displayLanguage`), definition,
 * designations, properties, and the hierarchy as `parent` and `child` properties.
 */
export async function lookup(ctx: ModuleContext, resolver: CodeSystemResolver, request: RequestContext, params: OperationParams): Promise<Parameters> {
  const { system, code } = params.concept({ code: 'code', system: 'system', coding: 'coding' });
  const cs = await resolver.resolve(request, system, params.one('version'));
  const concept = await findConcept(ctx.db, cs, code);
  if (!concept) throw notFound(`Code "${code}" is not in CodeSystem ${cs.url}${cs.version ? `|${cs.version}` : ''}`);
  const language = params.one('displayLanguage');
  const localized = language ? concept.designations.find((d) => d.language === language)?.value : undefined;
  const property = (code: string, value: Partial<ParametersParameter>): ParametersParameter => ({
    name: 'property',
    part: [{ name: 'code', valueCode: code }, { name: 'value', ...value }],
  });
  return outputParameters([
    { name: 'name', valueString: cs.title ?? cs.name ?? cs.url },
    cs.version ? { name: 'version', valueString: cs.version } : undefined,
    { name: 'display', valueString: localized ?? concept.display ?? concept.code },
    concept.definition ? { name: 'definition', valueString: concept.definition } : undefined,
    ...concept.designations.map((d) => ({
      name: 'designation',
      part: [
        ...(d.language ? [{ name: 'language', valueCode: d.language }] : []),
        ...(d.use ? [{ name: 'use', valueCoding: d.use }] : []),
        { name: 'value', valueString: d.value },
      ],
    })),
    ...concept.parents.map((p) => property('parent', { valueCode: p })),
    ...(await childCodes(ctx.db, cs, concept.code)).map((c) => property('child', { valueCode: c })),
    ...Object.entries(concept.properties).flatMap(([name, values]) => values.map((v) => property(name, { valueString: v }))),
    property('inactive', { valueBoolean: concept.inactive }),
  ]);
}
