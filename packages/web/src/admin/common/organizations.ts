import type { Coding, Organization, Reference, Resource } from '@medplum/fhirtypes';

/** FHIR organization-type codes as the demo region and the kernel use them (prov, dept, govt …). */
export const ORG_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/organization-type';
/** Owning-institution extension the store stamps on every resource (kernel INSTITUTION_EXTENSION). */
export const INSTITUTION_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/institution';
/** Institution codes (机构编码); department codes use `<this>/<institution code>`. */
export const ORG_CODE_SYSTEM = 'https://medunion.org/fhir/NamingSystem/organization-code';

export const DEPARTMENT_TYPE: Coding = { system: ORG_TYPE_SYSTEM, code: 'dept', display: 'Hospital Department' };

export function hasTypeCode(org: Organization, code: string): boolean {
  return !!org.type?.some((t) => t.coding?.some((c) => c.system === ORG_TYPE_SYSTEM && c.code === code));
}

export const isDepartment = (org: Organization): boolean => hasTypeCode(org, 'dept');

/** `Organization/<id>` → `<id>` (undefined for other types or absent references). */
export function idOf(ref: Reference | undefined, type = 'Organization'): string | undefined {
  const m = ref?.reference ? new RegExp(`^${type}/([^/]+)$`).exec(ref.reference) : null;
  return m?.[1] ?? undefined;
}

export const referenceTo = (resource: Resource & { id?: string }, display?: string): Reference => ({
  reference: `${resource.resourceType}/${resource.id}`,
  ...(display ? { display } : {}),
});

/** The meta that assigns a new resource to an institution (region administrators may name any; others their own). */
export const ownedBy = (institution: string) => ({ extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }] });

/** The institution the store recorded as owner of a resource. */
export const ownerOf = (resource: Resource): string | undefined => idOf(resource.meta?.extension?.find((e) => e.url === INSTITUTION_EXTENSION)?.valueReference);

/** The institution code (or department code) of an organization. */
export const orgCode = (org: Organization): string | undefined => org.identifier?.find((i) => i.system?.startsWith(ORG_CODE_SYSTEM))?.value;
