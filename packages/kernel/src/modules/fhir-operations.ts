import type { Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../store/context.ts';
import type { ModuleContext } from './context.ts';

/**
 * A FHIR operation a module adds to the REST API at /fhir/R4 (`$name`):
 * - `system`:   `[base]/$name`
 * - `type`:     `[base]/<resourceType>/$name` (e.g. `Patient/$ihe-pix`)
 * - `instance`: `[base]/<resourceType>/<id>/$name`
 * The server mounts it behind the same bearer authentication as the rest of the FHIR API and answers errors
 * (thrown `FhirError`s) as OperationOutcomes. Modules never register FHIR routes themselves.
 */
export interface FhirOperationDeclaration {
  /** Operation name without the `$`, e.g. `ihe-pix`. */
  name: string;
  level: 'system' | 'type' | 'instance';
  /** Required for `type` and `instance` operations. */
  resourceType?: string;
  /** `GET` for operations without side effects (parameters in the query); `POST` takes a Parameters body. */
  methods: ('GET' | 'POST')[];
  /** Checked before the handler runs (403 when missing); finer checks are the handler's. */
  permission?: string;
  /** Canonical URL of the OperationDefinition it implements (listed in the CapabilityStatement). */
  definition?: string;
  /** One line for the CapabilityStatement. */
  documentation?: string;
  handler: (request: FhirOperationRequest, ctx: ModuleContext) => Promise<Resource>;
}

export interface FhirOperationRequest {
  /** The caller's context: their principal, interface `fhir`, source IP. */
  context: RequestContext;
  /** The resource id of an `instance` operation. */
  id?: string;
  /**
   * Input parameters as ordered name/value pairs: the query string of a GET, or the primitive values of a POST
   * Parameters body (`valueString`, `valueUri`, `valueCode`…; an Identifier becomes `system|value`).
   */
  parameters: [string, string][];
}

const NAME = /^[a-z][a-z0-9-]{0,63}$/;

/** Throws when a declaration is malformed, so a broken manifest fails at start-up. */
export function checkFhirOperation(moduleId: string, op: FhirOperationDeclaration): void {
  const fail = (why: string): never => {
    throw new Error(`FHIR operation $${op.name} of module ${moduleId}: ${why}`);
  };
  if (!NAME.test(op.name)) fail('name must be lower-case letters, digits or dashes (without the $)');
  if (!['system', 'type', 'instance'].includes(op.level)) fail(`unknown level "${String(op.level)}"`);
  if (op.level !== 'system' && !/^[A-Z][A-Za-z]{1,63}$/.test(op.resourceType ?? '')) fail('type and instance operations need a resourceType');
  if (op.level === 'system' && op.resourceType) fail('a system operation has no resourceType');
  if (!Array.isArray(op.methods) || op.methods.length === 0 || op.methods.some((m) => m !== 'GET' && m !== 'POST')) fail('methods must list GET and/or POST');
}
