import { getDataType } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };

/** Applies `_summary` / `_elements` to one resource (top-level elements only, as the spec requires). */
export function shapeResource(resource: Resource, summary: string | undefined, elements: string[] | undefined): Resource {
  if (elements?.length) return keep(resource, new Set(elements));
  if (summary === 'true') {
    const schema = getDataType(resource.resourceType);
    const names = new Set([...(schema.summaryProperties ?? []), ...(schema.mandatoryProperties ?? [])]);
    return keep(resource, names);
  }
  if (summary === 'text') return keep(resource, new Set(['text', ...(getDataType(resource.resourceType).mandatoryProperties ?? [])]));
  if (summary === 'data') {
    const { text: _text, ...rest } = resource as Resource & { text?: unknown };
    return markSubsetted(rest as Resource);
  }
  return resource;
}

function keep(resource: Resource, names: Set<string>): Resource {
  const out: Record<string, unknown> = { resourceType: resource.resourceType, id: resource.id, meta: resource.meta };
  for (const [key, value] of Object.entries(resource)) {
    if (names.has(key) || names.has(key.replace(/\[x\]$/, ''))) out[key] = value;
  }
  return markSubsetted(out as unknown as Resource);
}

function markSubsetted(resource: Resource): Resource {
  return { ...resource, meta: { ...resource.meta, tag: [...(resource.meta?.tag ?? []), SUBSETTED] } };
}
