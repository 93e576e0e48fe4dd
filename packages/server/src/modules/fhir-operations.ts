import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { badRequest, forbidden, hasPermission, type FhirOperationDeclaration, type Kernel, type ModuleContext, type ModuleDefinition } from '@medunion/kernel';
import { authenticate, contextOf, principalOf } from '../http/principal.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** `[base]/$name`, `[base]/Type/$name` or `[base]/Type/:id/$name`, relative to /fhir/R4. */
export function operationPath(op: FhirOperationDeclaration): string {
  if (op.level === 'system') return `/$${op.name}`;
  if (op.level === 'type') return `/${op.resourceType}/$${op.name}`;
  return `/${op.resourceType}/:id/$${op.name}`;
}

/**
 * Mounts the modules' FHIR operations under /fhir/R4 with the FHIR API's authentication. Static paths, so
 * `Patient/$ihe-pix` wins over the generic `/:type/:id` read route. Two modules declaring the same path stop the start.
 */
export async function mountFhirOperations(app: FastifyInstance, kernel: Kernel, modules: ModuleDefinition[], contexts: Map<string, ModuleContext>): Promise<void> {
  const seen = new Map<string, string>();
  const operations = modules.flatMap((m) => (m.fhirOperations ?? []).map((op) => ({ moduleId: m.id, op })));
  for (const { moduleId, op } of operations) {
    const path = operationPath(op);
    if (seen.has(path)) throw new Error(`FHIR operation ${path} is declared by both ${seen.get(path)} and ${moduleId}`);
    seen.set(path, moduleId);
  }
  if (operations.length === 0) return;
  await app.register(
    async (scoped) => {
      scoped.addHook('onRequest', authenticate(kernel.auth));
      for (const { moduleId, op } of operations) {
        const ctx = contexts.get(moduleId)!;
        scoped.route<{ Params: { id?: string } }>({
          method: op.methods,
          url: operationPath(op),
          handler: async (req, reply) => {
            if (op.permission && !hasPermission(principalOf(req), op.permission)) throw forbidden(`Permission ${op.permission} is required`);
            const parameters = [...queryPairs(req), ...(req.method === 'POST' ? bodyPairs(req.body) : [])];
            const result = await op.handler({ context: contextOf(req), id: req.params.id, parameters }, ctx);
            return reply.type(FHIR_JSON).send(result);
          },
        });
      }
    },
    { prefix: '/fhir/R4' },
  );
}

function queryPairs(req: FastifyRequest): [string, string][] {
  const i = req.url.indexOf('?');
  return i < 0 ? [] : [...new URLSearchParams(req.url.slice(i + 1)).entries()];
}

/** The primitive inputs of a Parameters body; an Identifier or Coding becomes `system|value` / `system|code` (the token form of a GET). */
function bodyPairs(body: unknown): [string, string][] {
  if (body === undefined || body === null || body === '') return [];
  const parameters = body as Parameters;
  if (typeof body !== 'object' || parameters.resourceType !== 'Parameters') throw badRequest('An operation POST body must be a Parameters resource', 'resourceType');
  return (parameters.parameter ?? []).flatMap((p, i): [string, string][] => {
    if (typeof p?.name !== 'string') throw badRequest(`Parameter ${i} has no name`, `Parameters.parameter[${i}].name`);
    const value = primitiveValue(p);
    if (value === undefined) throw badRequest(`Parameter "${p.name}" has no value this server understands (a primitive, an Identifier or a Coding)`, `Parameters.parameter[${i}]`);
    return [[p.name, value]];
  });
}

function primitiveValue(p: ParametersParameter): string | undefined {
  if (p.valueIdentifier) return `${p.valueIdentifier.system ?? ''}|${p.valueIdentifier.value ?? ''}`;
  if (p.valueCoding) return `${p.valueCoding.system ?? ''}|${p.valueCoding.code ?? ''}`;
  for (const [key, value] of Object.entries(p)) {
    if (key.startsWith('value') && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) return String(value);
  }
  return undefined;
}
