import type { CodeSystem, Parameters } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import { findConcept, type IndexedConcept } from '../concepts/concept-queries.ts';
import type { IndexedCodeSystem } from '../concepts/concept-index.ts';
import type { CodeSystemResolver } from '../concepts/resolver.ts';
import { ComposeCompiler } from '../valuesets/compose-sql.ts';
import { valueSetById, valueSetByUrl } from '../valuesets/value-set-source.ts';
import { OperationParams, outputParameters } from './params.ts';

/** The answer of both $validate-code operations: result, the code's display, and why it failed. */
function verdict(concept: IndexedConcept | undefined, display: string | undefined, notFoundMessage: string): Parameters {
  if (!concept) return outputParameters([{ name: 'result', valueBoolean: false }, { name: 'message', valueString: notFoundMessage }]);
  const known = [concept.display, ...concept.designations.map((d) => d.value)].filter((d): d is string => !!d);
  const displayWrong = display !== undefined && known.length > 0 && !known.includes(display);
  return outputParameters([
    { name: 'result', valueBoolean: !displayWrong },
    concept.display ? { name: 'display', valueString: concept.display } : undefined,
    displayWrong ? { name: 'message', valueString: `The display "${display}" is not a display of code "${concept.code}"; expected "${concept.display}"` } : undefined,
    concept.inactive ? { name: 'inactive', valueBoolean: true } : undefined,
  ]);
}

/** CodeSystem/$validate-code: is `code` defined by the code system (and is `display` one of its displays)? */
export async function validateCodeInCodeSystem(ctx: ModuleContext, resolver: CodeSystemResolver, request: RequestContext, params: OperationParams, id?: string): Promise<Parameters> {
  let url = params.one('url');
  if (id) url = ((await ctx.store.read(request, 'CodeSystem', id)) as CodeSystem).url;
  const { system, code } = params.concept({ code: 'code', system: 'url', coding: 'coding' }, url);
  const cs = await resolver.resolve(request, system, params.one('version'));
  const concept = await findConcept(ctx.db, cs, code);
  return verdict(concept, params.one('display'), `Code "${code}" is not in CodeSystem ${cs.url}${cs.version ? `|${cs.version}` : ''}`);
}

/** ValueSet/$validate-code: is the concept (`code` + `system`, or `coding`) a member of the value set? */
export async function validateCodeInValueSet(ctx: ModuleContext, resolver: CodeSystemResolver, request: RequestContext, params: OperationParams, id?: string): Promise<Parameters> {
  const vs = id ? await valueSetById(ctx, request, id) : await valueSetByUrl(ctx, request, params.required('url', 'for a type-level $validate-code'), params.one('valueSetVersion'));
  const { system, code } = params.concept({ code: 'code', system: 'system', coding: 'coding' });
  const notMember = `Code ${system}|${code} is not in ValueSet ${vs.url ?? vs.id}`;
  const compiler = new ComposeCompiler(resolver, request, (canonical) => valueSetByUrl(ctx, request, canonical));
  const compiled = await compiler.compile(vs);
  const cs: IndexedCodeSystem | undefined = compiled.systems.find((s) => s.url === system) ?? (await resolver.resolve(request, system, params.one('systemVersion')));
  const concept = await findConcept(ctx.db, cs, code);
  if (!concept) return verdict(undefined, undefined, notMember);
  const p = (v: unknown) => compiler.params.add(v);
  const { rows } = await ctx.db.query(`select 1 from terminology_concept c where ${compiled.where} and c.system_key = ${p(cs.key)} and c.code = ${p(concept.code)} limit 1`, compiler.params.values);
  return verdict(rows.length ? concept : undefined, params.one('display'), notMember);
}
