import type { Resource } from '@medplum/fhirtypes';
import type { FhirOperationDeclaration, FhirOperationRequest, ModuleContext } from '@medunion/kernel';
import { CodeSystemResolver } from '../concepts/resolver.ts';
import { audited } from './audit.ts';
import { expand } from './expand.ts';
import { lookup } from './lookup.ts';
import { OperationParams } from './params.ts';
import { subsumes } from './subsumes.ts';
import { translate } from './translate.ts';
import { validateCodeInCodeSystem, validateCodeInValueSet } from './validate-code.ts';

type Run = (ctx: ModuleContext, resolver: CodeSystemResolver, request: FhirOperationRequest, params: OperationParams) => Promise<Resource>;

const SPEC = 'http://hl7.org/fhir/OperationDefinition';

/** One declaration per level; the handler audits the call and gives the operation a resolver over the concept index. */
function operation(resourceType: string, name: string, level: 'type' | 'instance', documentation: string, run: Run): FhirOperationDeclaration {
  return {
    name,
    level,
    resourceType,
    methods: ['GET', 'POST'],
    permission: 'terminology.read',
    definition: `${SPEC}/${resourceType}-${name}`,
    documentation,
    handler: (request, ctx) =>
      audited(ctx, request.context, { operation: name, resourceType, resourceId: request.id, query: request.parameters }, () =>
        run(ctx, new CodeSystemResolver(ctx), request, new OperationParams(request.parameters)),
      ),
  };
}

/** The FHIR terminology operations, mounted by the server under /fhir/R4. */
export const TERMINOLOGY_OPERATIONS: FhirOperationDeclaration[] = [
  operation('CodeSystem', 'lookup', 'type', 'Display, designations, properties, parent and child codes of a code', (ctx, r, req, p) => lookup(ctx, r, req.context, p)),
  operation('CodeSystem', 'validate-code', 'type', 'Whether a code (and display) is defined by a code system', (ctx, r, req, p) => validateCodeInCodeSystem(ctx, r, req.context, p)),
  operation('CodeSystem', 'validate-code', 'instance', 'Whether a code (and display) is defined by this code system', (ctx, r, req, p) => validateCodeInCodeSystem(ctx, r, req.context, p, req.id)),
  operation('CodeSystem', 'subsumes', 'type', 'Subsumption of two codes of a hierarchical code system', (ctx, r, req, p) => subsumes(ctx, r, req.context, p)),
  operation('ValueSet', 'expand', 'type', 'Expansion by url (or <code system>?fhir_vs) with filter on code, display and pinyin, paged', (ctx, r, req, p) => expand(ctx, r, req.context, p)),
  operation('ValueSet', 'expand', 'instance', 'Expansion of this value set with filter on code, display and pinyin, paged', (ctx, r, req, p) => expand(ctx, r, req.context, p, req.id)),
  operation('ValueSet', 'validate-code', 'type', 'Whether a code is in a value set', (ctx, r, req, p) => validateCodeInValueSet(ctx, r, req.context, p)),
  operation('ValueSet', 'validate-code', 'instance', 'Whether a code is in this value set', (ctx, r, req, p) => validateCodeInValueSet(ctx, r, req.context, p, req.id)),
  operation('ConceptMap', 'translate', 'type', 'Targets of a source code with their equivalence (reverse=true for sources)', (ctx, _r, req, p) => translate(ctx, req.context, p)),
  operation('ConceptMap', 'translate', 'instance', 'Targets of a source code in this concept map', (ctx, _r, req, p) => translate(ctx, req.context, p, req.id)),
];
