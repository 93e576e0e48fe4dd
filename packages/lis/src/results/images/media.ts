import type { Media } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext, Unit } from '@medunion/kernel';
import type { SpecimenWork } from '../../ports.ts';
import { RESULT_EXT, mediaSid } from '../codes.ts';
import { ref } from '../fhir.ts';
import type { StoredImage } from './prepare.ts';

const MEDIA_TYPE = 'http://terminology.hl7.org/CodeSystem/media-type';

/**
 * A histogram or scattergram as a Media resource (LIS README "Results": referenced from the report), its picture a
 * blob URN, the numbers it was drawn from (if any) kept beside it. One per specimen and image name: a re-run
 * replaces the picture, the store keeps the earlier version.
 */
export async function upsertImages(
  ctx: ModuleContext,
  unit: Unit,
  request: RequestContext,
  args: { institution: string; work: SpecimenWork; instrumentId?: string; images: StoredImage[]; at: string },
): Promise<{ id: string; name: string; test: string }[]> {
  const out: { id: string; name: string; test: string }[] = [];
  for (const img of args.images) {
    const key = `${args.work.barcode}/${img.name}`;
    const media: Media = {
      resourceType: 'Media',
      identifier: [{ system: mediaSid(args.institution), value: key }],
      ...(img.values ? { extension: [{ url: RESULT_EXT.histogramValues, valueString: img.values.join(' ') }] } : {}),
      basedOn: args.work.orders.map((o) => ref('ServiceRequest', o.id)),
      status: 'completed',
      type: { coding: [{ system: MEDIA_TYPE, code: 'image', display: 'Image' }] },
      ...(args.work.patientId ? { subject: ref('Patient', args.work.patientId) } : {}),
      createdDateTime: args.at,
      ...(args.instrumentId ? { device: ref('Device', args.instrumentId) } : {}),
      content: { contentType: img.contentType, url: img.urn, size: img.size, title: img.name },
    };
    const query = new URLSearchParams({ identifier: `${mediaSid(args.institution)}|${key}` }).toString();
    const written = await ctx.store.conditionalUpdateIn(unit, request, 'Media', query, media, { institution: args.institution });
    out.push({ id: written.resource.id!, name: img.name, test: img.test });
  }
  return out;
}
