import type { DiagnosticReport, Observation } from '@medplum/fhirtypes';
import { MAX_COUNT, type ModuleContext } from '@medunion/kernel';
import { loadCatalogue } from '../catalogue/lookup.ts';
import type { PatientResults, TrendPoint, TrendSeries } from '../contracts/results.ts';
import { summariesOf } from '../reports/summary.ts';
import { CS, sid } from '../urls.ts';
import { RELEASED_OBSERVATION, RELEASED_REPORT } from './codes.ts';
import { identifierValue, idOf, isLisResult, testCodeOf, valueText } from './fhir.ts';
import { flagOf } from './interpretation.ts';
import { resultRow } from './view.ts';
import { type LabCaller } from '../http/caller.ts';

type WithId<T> = T & { id: string };

/**
 * A patient's released results at this laboratory, grouped into trend series per test (走趋图: the EMR's and the
 * doctor station's charts), oldest first; only numbers plot, texts are kept as points without a value. One search.
 */
export async function patientTrend(ctx: ModuleContext, caller: LabCaller, patientId: string, filter: { tests?: string[]; from?: string; to?: string }): Promise<TrendSeries[]> {
  const query: [string, string][] = [
    ['subject', `Patient/${patientId}`],
    ['status', RELEASED_OBSERVATION.join(',')],
    ['_sort', 'date'],
    ['_count', String(MAX_COUNT)],
  ];
  if (filter.tests?.length) query.push(['code', filter.tests.map((t) => `${CS.tests(caller.institution)}|${t}`).join(',')]);
  query.push(['_revinclude', 'DiagnosticReport:result']);
  if (filter.from) query.push(['date', `ge${filter.from}`]);
  if (filter.to) query.push(['date', `le${filter.to}`]);
  const page = await ctx.store.search(caller.request, 'Observation', query);
  const found = page.resources as WithId<Observation>[];
  const reportOf = new Map<string, string>();
  for (const r of page.included) if (r.resourceType === 'DiagnosticReport') for (const ref of r.result ?? []) reportOf.set(idOf(ref) ?? '', r.id!);
  const { tests } = await loadCatalogue(ctx, caller.institution);
  const series = new Map<string, TrendSeries>();
  for (const o of found) {
    if (!isLisResult(o, caller.institution)) continue;
    const code = testCodeOf(o, caller.institution) ?? '';
    const s = series.get(code) ?? { testCode: code, testName: o.code?.text ?? code, ...(o.valueQuantity?.unit ?? tests.get(code)?.unit ? { unit: o.valueQuantity?.unit ?? tests.get(code)?.unit } : {}), points: [] };
    series.set(code, s);
    const point: TrendPoint = {
      time: o.effectiveDateTime ?? o.issued ?? '',
      value: o.valueQuantity?.value ?? null,
      text: valueText(o),
      flag: flagOf(o.interpretation),
      ...(reportOf.has(o.id) ? { reportId: reportOf.get(o.id) } : {}),
      ...(o.referenceRange?.[0]?.low?.value !== undefined ? { referenceLow: o.referenceRange[0].low.value } : {}),
      ...(o.referenceRange?.[0]?.high?.value !== undefined ? { referenceHigh: o.referenceRange[0].high.value } : {}),
    };
    s.points.push(point);
  }
  const order = (code: string) => tests.get(code)?.order ?? Number.MAX_SAFE_INTEGER;
  return [...series.values()].sort((a, b) => order(a.testCode) - order(b.testCode));
}

/** The patient's released reports with their results (newest first) and the trend of every test in them. */
export async function patientResults(ctx: ModuleContext, caller: LabCaller, patientId: string, filter: { from?: string; to?: string; count: number }): Promise<PatientResults> {
  const query: [string, string][] = [
    ['subject', `Patient/${patientId}`],
    ['status', RELEASED_REPORT.join(',')],
    ['_include', 'DiagnosticReport:result'],
    ['_sort', '-date'],
    ['_count', String(Math.min(MAX_COUNT, filter.count))],
  ];
  if (filter.from) query.push(['date', `ge${filter.from}`]);
  if (filter.to) query.push(['date', `le${filter.to}`]);
  const page = await ctx.store.search(caller.request, 'DiagnosticReport', query);
  const reports = (page.resources as WithId<DiagnosticReport>[]).filter((r) => !!identifierValue(r.identifier, sid.report(caller.institution)));
  const observations = new Map(page.included.filter((r) => r.resourceType === 'Observation').map((o) => [o.id!, o as WithId<Observation>]));
  const { tests } = await loadCatalogue(ctx, caller.institution);
  const summaries = await summariesOf(ctx.db, caller.institution, reports);
  return {
    patientId,
    reports: reports.map((r, i) => ({
      ...summaries[i],
      results: (r.result ?? []).map((ref) => observations.get(idOf(ref) ?? '')).filter((o): o is WithId<Observation> => !!o).map((o) => resultRow(o, caller.institution, tests)),
    })),
    trends: await patientTrend(ctx, caller, patientId, filter),
  };
}
