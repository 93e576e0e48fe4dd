import type { Coding, Resource } from '@medplum/fhirtypes';

/** Tags golden records (主索引记录), so PDQm clients can ask for them alone: `Patient?_tag=<system>|golden`. */
export const MPI_TAG_SYSTEM = 'https://medunion.org/fhir/CodeSystem/mpi-record';
export const GOLDEN_TAG: Coding = { system: MPI_TAG_SYSTEM, code: 'golden', display: '主索引记录' };

/** The principal of the module's own background work (the server names it `module:<id>`). */
export const MPI_PRINCIPAL_ID = 'module:mpi';

export function isGoldenRecord(resource: Resource): boolean {
  return !!resource.meta?.tag?.some((t) => t.system === MPI_TAG_SYSTEM && t.code === GOLDEN_TAG.code);
}
