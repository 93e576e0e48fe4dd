import type { DiagnosticReport, Observation, Resource } from '@medplum/fhirtypes';
import { MAX_COUNT, type ModuleContext, type RequestContext, type Unit } from '@medunion/kernel';
import { CS } from '../../urls.ts';
import { RELEASED_OBSERVATION, isLiveStatus } from '../codes.ts';
import { isLisResult, testCodeOf } from '../fhir.ts';

type WithId<T> = T & { id: string };

/** Every page of a search inside the unit (the caller's access applies). */
export async function searchAll<T extends Resource>(ctx: ModuleContext, request: RequestContext, unit: Unit | undefined, type: T['resourceType'], query: [string, string][]): Promise<WithId<T>[]> {
  const out: WithId<T>[] = [];
  for (let offset = 0; ; offset += MAX_COUNT) {
    const page = await ctx.store.search(request, type, [...query, ['_count', String(MAX_COUNT)], ['_offset', String(offset)]], unit);
    out.push(...(page.resources as WithId<T>[]));
    if (page.resources.length < MAX_COUNT) return out;
  }
}

/** The live results (not withdrawn) the LIS holds for a specimen, any report. */
export async function specimenResults(ctx: ModuleContext, request: RequestContext, unit: Unit | undefined, institution: string, specimenId: string): Promise<WithId<Observation>[]> {
  const found = await searchAll<Observation>(ctx, request, unit, 'Observation', [['specimen', `Specimen/${specimenId}`]]);
  return found.filter((o) => isLisResult(o, institution) && isLiveStatus(o.status));
}

/** Every report of a specimen, recalled ones included (they count for the reissue number). */
export function specimenReports(ctx: ModuleContext, request: RequestContext, unit: Unit | undefined, specimenId: string): Promise<WithId<DiagnosticReport>[]> {
  return searchAll<DiagnosticReport>(ctx, request, unit, 'DiagnosticReport', [['specimen', `Specimen/${specimenId}`]]);
}

/** A released result of the patient for a test, as history for delta checks and auto-verification. */
export interface PreviousResult {
  id: string;
  test: string;
  value: string | number;
  time: string;
}

/**
 * The patient's released results of the given tests at this institution, newest first, outside `excludeSpecimen`
 * (the specimen being resulted) and not after `before`. One search for all tests.
 */
export async function previousResults(
  ctx: ModuleContext,
  request: RequestContext,
  unit: Unit | undefined,
  args: { institution: string; patientId: string; tests: string[]; before: string; excludeSpecimen: string },
): Promise<PreviousResult[]> {
  if (!args.tests.length) return [];
  const page = await ctx.store.search(
    request,
    'Observation',
    [
      ['subject', `Patient/${args.patientId}`],
      ['code', args.tests.map((t) => `${CS.tests(args.institution)}|${t}`).join(',')],
      ['status', RELEASED_OBSERVATION.join(',')],
      ['date', `le${args.before}`],
      ['_sort', '-date'],
      ['_count', String(Math.min(MAX_COUNT, args.tests.length * 10))],
    ],
    unit,
  );
  return (page.resources as WithId<Observation>[])
    .filter((o) => isLisResult(o, args.institution) && o.specimen?.reference !== `Specimen/${args.excludeSpecimen}`)
    .flatMap((o) => {
      const test = testCodeOf(o, args.institution);
      const value = o.valueQuantity?.value ?? o.valueString;
      const time = o.effectiveDateTime ?? o.issued;
      return test && value !== undefined && time ? [{ id: o.id, test, value, time }] : [];
    });
}
