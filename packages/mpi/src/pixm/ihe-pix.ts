import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { FhirError, type FhirOperationDeclaration, type FhirOperationRequest, type ModuleContext } from '@medunion/kernel';
import { loadGolden } from '../index-store/goldens.ts';
import { identifiersOfGolden, isRecognizedSystem, parseIdentifierToken, resolveIdentifier } from '../resolve.ts';

const PIXM_OPERATION = 'https://profiles.ihe.net/ITI/PIXm/OperationDefinition/IHE.PIXm.pix';

/**
 * IHE PIXm Mobile Patient Identifier Cross-reference Query [ITI-83]: `GET [base]/Patient/$ihe-pix?sourceIdentifier=
 * system|value[&targetSystem=uri…]` answers a Parameters resource with the person's identifiers in the other
 * domains (`targetIdentifier`) and the golden record (`targetId`). Failures as ITI-83 specifies them
 * (PIXm Rev. 2.1, Gazelle assertions ITI83-019/020): unknown source domain 400 `code-invalid`, unknown
 * identifier 404 `not-found`, unknown target domain 403 `code-invalid`.
 */
export async function ihePix(request: FhirOperationRequest, ctx: ModuleContext): Promise<Parameters> {
  const sources = request.parameters.filter(([name]) => name === 'sourceIdentifier').map(([, value]) => value);
  if (sources.length !== 1) throw new FhirError(400, 'Exactly one sourceIdentifier (system|value) is required', 'invalid', 'sourceIdentifier');
  const { system, value } = parseIdentifierToken(sources[0], 'sourceIdentifier');
  const targets = request.parameters.filter(([name]) => name === 'targetSystem').flatMap(([, v]) => v.split(',').filter(Boolean));
  const unknownParameter = request.parameters.find(([name]) => !['sourceIdentifier', 'targetSystem'].includes(name) && !name.startsWith('_'));
  if (unknownParameter) throw new FhirError(400, `Unknown parameter "${unknownParameter[0].slice(0, 40)}" (sourceIdentifier, targetSystem)`, 'invalid', unknownParameter[0].slice(0, 40));
  if (!(await isRecognizedSystem(ctx, system))) throw new FhirError(400, 'sourceIdentifier Assigning Authority not found', 'code-invalid', 'sourceIdentifier');
  const resolution = await resolveIdentifier(ctx.db, system, value, request.context.principal.institution);
  if (resolution.goldenIds.length === 0) throw new FhirError(404, 'sourceIdentifier Patient Identifier not found', 'not-found', 'sourceIdentifier');
  for (const target of targets) {
    if (!(await isRecognizedSystem(ctx, target))) throw new FhirError(403, 'targetSystem not found', 'code-invalid', 'targetSystem');
  }
  const parameter: ParametersParameter[] = [];
  for (const goldenId of resolution.goldenIds) {
    const golden = (await loadGolden(ctx.db, goldenId))!;
    for (const identifier of await identifiersOfGolden(ctx.db, goldenId, golden.empi)) {
      if (identifier.system === system && identifier.value === value) continue; // the question, not an answer
      if (targets.length && !targets.includes(identifier.system!)) continue;
      parameter.push({ name: 'targetIdentifier', valueIdentifier: identifier });
    }
    parameter.push({ name: 'targetId', valueReference: { reference: `Patient/${goldenId}` } });
  }
  await ctx.audit.record({
    action: 'operation',
    principal: request.context.principal,
    resourceType: 'Patient',
    patientId: resolution.goldenIds[0],
    query: `$ihe-pix?sourceIdentifier=${system}|${value}${targets.map((t) => `&targetSystem=${t}`).join('')}`,
    sourceIp: request.context.sourceIp,
  });
  return { resourceType: 'Parameters', parameter };
}

export const ihePixOperation: FhirOperationDeclaration = {
  name: 'ihe-pix',
  level: 'type',
  resourceType: 'Patient',
  methods: ['GET', 'POST'],
  permission: 'mpi.read',
  definition: PIXM_OPERATION,
  documentation: 'IHE PIXm [ITI-83]: identifiers of the same person in other domains, and the golden record',
  handler: ihePix,
};
