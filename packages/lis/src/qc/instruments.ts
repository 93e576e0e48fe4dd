import type { Device } from '@medplum/fhirtypes';
import { INSTITUTION_EXTENSION, type ModuleContext } from '@medunion/kernel';
import { fieldError } from '../http/errors.ts';

export interface InstrumentName {
  id: string;
  name: string;
}

const institutionOf = (d: Device): string | undefined =>
  d.meta?.extension?.find((e) => e.url === INSTITUTION_EXTENSION)?.valueReference?.reference?.replace(/^Organization\//, '');

export const deviceName = (d: Device): string => d.deviceName?.[0]?.name ?? d.identifier?.[0]?.value ?? d.id ?? '';

/**
 * The laboratory's analyzers (FHIR Device, written by the instruments area) by id, for names in charts and reports.
 * Read as the module: the caller has already been checked for the laboratory it asks about.
 */
export async function instrumentNames(ctx: ModuleContext, institution: string, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter(Boolean))];
  const names = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 100) {
    const page = await ctx.store.search(ctx.systemContext, 'Device', [['_id', wanted.slice(i, i + 100).join(',')], ['_count', '100']]);
    for (const d of page.resources as Device[]) if (institutionOf(d) === institution) names.set(d.id!, deviceName(d));
  }
  return names;
}

/** An analyzer of the laboratory, or a 422 naming `field`. */
export async function requireInstrument(ctx: ModuleContext, institution: string, id: string, field: string): Promise<InstrumentName> {
  const name = (await instrumentNames(ctx, institution, [id])).get(id);
  if (name === undefined) throw fieldError(422, field, `仪器 ${id} 不是本实验室的仪器`, `Instrument ${id} is not an analyzer of the laboratory`, 'code-invalid');
  return { id, name };
}
