import type { Parameters } from '@medplum/fhirtypes';
import { badRequest, notFound, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { findConcept } from '../concepts/concept-queries.ts';
import type { CodeSystemResolver } from '../concepts/resolver.ts';
import { OperationParams, outputParameters } from './params.ts';

/**
 * CodeSystem/$subsumes: how codeA relates to codeB in the code system's hierarchy — equivalent, subsumes
 * (A is an ancestor of B), subsumed-by, or not-subsumed. Unknown codes are errors, as the operation requires.
 */
export async function subsumes(ctx: ModuleContext, resolver: CodeSystemResolver, request: RequestContext, params: OperationParams): Promise<Parameters> {
  const fallback = params.one('system');
  const a = params.concept({ code: 'codeA', system: 'system', coding: 'codingA' }, fallback);
  const b = params.concept({ code: 'codeB', system: 'system', coding: 'codingB' }, fallback);
  if (a.system !== b.system) throw badRequest(`codeA and codeB must be from the same code system (${a.system} ≠ ${b.system})`, 'codingB');
  const cs = await resolver.resolve(request, a.system, params.one('version'));
  if (!cs.hierarchical) throw badRequest(`CodeSystem ${cs.url} has no hierarchy, so subsumption is not defined for it`, 'system');
  const [conceptA, conceptB] = await Promise.all([findConcept(ctx.db, cs, a.code), findConcept(ctx.db, cs, b.code)]);
  if (!conceptA) throw notFound(`codeA "${a.code}" is not in CodeSystem ${cs.url}`);
  if (!conceptB) throw notFound(`codeB "${b.code}" is not in CodeSystem ${cs.url}`);
  const outcome =
    conceptA.code === conceptB.code ? 'equivalent' : conceptB.ancestors.includes(conceptA.code) ? 'subsumes' : conceptA.ancestors.includes(conceptB.code) ? 'subsumed-by' : 'not-subsumed';
  return outputParameters([{ name: 'outcome', valueCode: outcome }]);
}
