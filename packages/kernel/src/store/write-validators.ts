import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { RequestContext } from './context.ts';

/**
 * A module's check of a resource about to be written (create, update, patch, Bundle entries), after the
 * StructureDefinition validation and inside the write transaction. It returns the problems found (an empty
 * array accepts the write); any error-level issue rejects the write with 400 and nothing is stored. Issues
 * should carry `expression` paths (`Patient.identifier[0].value`) so a client can point at the field.
 *
 * Synchronous and pure on purpose: a validator judges the resource and the caller, it does not read the
 * database (matching against other records is event work, after commit).
 */
export type ResourceWriteValidator = (resource: Resource, ctx: RequestContext) => OperationOutcomeIssue[];

/** Validators per resource type, registered by modules at start; run in registration order. */
export class WriteValidators {
  private readonly byType = new Map<string, { owner: string; validate: ResourceWriteValidator }[]>();

  register(owner: string, resourceType: string, validate: ResourceWriteValidator): void {
    const list = this.byType.get(resourceType) ?? [];
    list.push({ owner, validate });
    this.byType.set(resourceType, list);
  }

  /** Every error-level issue of every validator for the resource's type. */
  check(resource: Resource, ctx: RequestContext): OperationOutcomeIssue[] {
    const list = this.byType.get(resource.resourceType);
    if (!list) return [];
    return list.flatMap(({ validate }) => validate(resource, ctx)).filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  }
}
