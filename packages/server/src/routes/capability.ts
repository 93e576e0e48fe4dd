import type { CapabilityStatement, CapabilityStatementRestResource, CapabilityStatementRestResourceOperation } from '@medplum/fhirtypes';
import { getSearchParameters } from '@medplum/core';
import { compositeParameters, isDerivedSearchParameter, RESOURCE_TYPES, type FhirOperationDeclaration } from '@medunion/kernel';
import { operationPath } from '../modules/fhir-operations.ts';

const SUPPORTED_KINDS = new Set(['string', 'token', 'date', 'number', 'quantity', 'reference', 'uri']);
const NO_OPERATIONS: readonly FhirOperationDeclaration[] = [];
// Built once per operation list (i.e. per platform): describing every type's search parameters is not free.
const cache = new WeakMap<readonly FhirOperationDeclaration[], CapabilityStatement>();

/**
 * Describes exactly what the server does: composite and special parameters are not listed because they are not
 * supported; the modules' FHIR operations are listed on their resource (type and instance level) or on the server.
 */
export function buildCapabilityStatement(base: string, operations: readonly FhirOperationDeclaration[] = NO_OPERATIONS): CapabilityStatement {
  const statement = cache.get(operations) ?? describeServer(base, operations);
  cache.set(operations, statement);
  // The cache is per process; several platforms (tests) may live in one, each with its own base URL.
  return statement.implementation?.url === base ? statement : { ...statement, implementation: { description: 'Medunion FHIR R4 server', url: base } };
}

function describeServer(base: string, operations: readonly FhirOperationDeclaration[]): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: 'Medunion', version: '0.1.0' },
    implementation: { description: 'Medunion FHIR R4 server', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Search supports string (:exact, :contains), token (system|code, :not, :text), date and number with prefixes eq ne gt lt ge le sa eb ap, quantity, reference (Type/id, :Type), uri (:below, :above), :missing, _id, _lastUpdated, _tag, _profile, _security, _source, _sort, _count/_offset paging, _total=accurate, _summary (true, count, text, data), _elements, _include/_revinclude with :iterate (one level), chained parameters (one level) and _has (one level). composite parameters (components joined with $, matched within one element). near (latitude|longitude|distance|units, great-circle distance), _text and _content (case-insensitive contains, unindexed). Unknown parameters are ignored and reported unless Prefer: handling=strict.',
        security: {
          cors: true,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }] }],
          description: 'Bearer tokens from POST /auth/login (password) or POST /oauth2/token (client_credentials).',
        },
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
        resource: RESOURCE_TYPES.map((type) => withOperations(describeType(type), operations.filter((op) => op.level !== 'system' && op.resourceType === type))),
        ...(operations.some((op) => op.level === 'system') ? { operation: operations.filter((op) => op.level === 'system').map(describeOperation) } : {}),
      },
    ],
  };
}

function describeOperation(op: FhirOperationDeclaration): CapabilityStatementRestResourceOperation {
  const where = `${op.methods.join('/')} ${operationPath(op)}`;
  return { name: op.name, definition: op.definition ?? `https://medunion.org/fhir/OperationDefinition/${op.name}`, documentation: op.documentation ? `${where}: ${op.documentation}` : where };
}

/** A type's operations, one entry per name (type and instance level of the same operation share a definition). */
function withOperations(resource: CapabilityStatementRestResource, operations: FhirOperationDeclaration[]): CapabilityStatementRestResource {
  if (operations.length === 0) return resource;
  const byName = new Map<string, CapabilityStatementRestResourceOperation>();
  for (const op of operations) {
    const described = describeOperation(op);
    const known = byName.get(op.name);
    byName.set(op.name, known ? { ...known, documentation: `${known.documentation}; ${described.documentation}` } : described);
  }
  return { ...resource, operation: [...byName.values()] };
}

function describeType(type: string): CapabilityStatementRestResource {
  const composites = new Set(compositeParameters(type).map((c) => c.sp.code));
  const params = Object.values(getSearchParameters(type) ?? {}).filter(
    (p) =>
      p.expression &&
      (SUPPORTED_KINDS.has(p.type as string) || composites.has(p.code as string) || p.code === 'near' || p.code === '_text' || p.code === '_content') &&
      !['_query', '_list'].includes(p.code as string),
  );
  const readOnly = type === 'AuditEvent';
  return {
    type: type as CapabilityStatementRestResource['type'],
    interaction: (readOnly ? ['read', 'search-type'] : ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type']).map(
      (code) => ({ code: code as 'read' }),
    ),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: !readOnly,
    conditionalCreate: !readOnly,
    conditionalUpdate: !readOnly,
    conditionalDelete: 'not-supported',
    searchInclude: readOnly ? [] : ['*'],
    searchRevInclude: readOnly ? [] : ['*'],
    // Parameters the server adds (e.g. pinyin) are not in the FHIR spec, so they carry their description.
    searchParam: params.map((p) => ({ name: p.code as string, type: p.type as 'string', definition: p.url, ...(isDerivedSearchParameter(p) ? { documentation: p.description } : {}) })),
  };
}
