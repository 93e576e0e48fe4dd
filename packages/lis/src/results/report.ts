import type { DiagnosticReport, Extension } from '@medplum/fhirtypes';
import type { SpecimenWork } from '../ports.ts';
import { CS, V2_0074, sid } from '../urls.ts';
import { RESULT_EXT } from './codes.ts';
import { extensionOf, identifierValue, ref, subValue } from './fhir.ts';
import type { ReportGroup } from './report-groups.ts';

export interface ReportArgs {
  id: string;
  institution: string;
  work: SpecimenWork;
  group: ReportGroup;
  reportNo: string;
  /** The group's number before reissues, to find a group's reports again whatever their suffix. */
  baseNo: string;
  /** Result Observation ids in report order. */
  results: string[];
  /** Histogram / scattergram Media ids. */
  media: { id: string; name: string }[];
  complete: boolean;
  collectedAt: string;
  /** The stored version: what release and printing recorded on it is kept. */
  previous?: DiagnosticReport;
}

export function reportGroupExtension(group: ReportGroup, baseNo: string): Extension {
  return {
    url: RESULT_EXT.reportGroup,
    extension: [{ url: 'section', valueCode: group.section || 'none' }, { url: 'baseNumber', valueString: baseNo }, ...group.panels.map((p) => ({ url: 'panel', valueCode: p.code }))],
  };
}

/** The group key of a stored report: its base number (stable across reissues). */
export const baseNumberOf = (r: DiagnosticReport): string | undefined => subValue(extensionOf(r, RESULT_EXT.reportGroup), 'baseNumber')?.valueString;
export const sectionOf = (r: DiagnosticReport): string => {
  const code = subValue(extensionOf(r, RESULT_EXT.reportGroup), 'section')?.valueCode;
  return !code || code === 'none' ? '' : code;
};
export const panelCodesOf = (r: DiagnosticReport): string[] => (extensionOf(r, RESULT_EXT.reportGroup)?.extension ?? []).filter((e) => e.url === 'panel').map((e) => e.valueCode!);
export const reportNoOf = (r: DiagnosticReport, institution: string): string => identifierValue(r.identifier, sid.report(institution)) ?? '';

/** The report's images: those it had, each replaced by a new one of the same name. */
function mediaOf(previous: DiagnosticReport | undefined, added: { id: string; name: string }[]): Pick<DiagnosticReport, 'media'> {
  const names = new Set(added.map((m) => m.name));
  const media = [...(previous?.media ?? []).filter((m) => !names.has(m.comment ?? '')), ...added.map((m) => ({ comment: m.name, link: ref('Media', m.id) }))];
  return media.length ? { media } : {};
}

/**
 * The report of one specimen × section while results come in (LIS README "Reports"): `partial` until every ordered
 * test has a result, then `preliminary` until review. Release, printing and verification add their own elements,
 * which a rebuild keeps — except a stored PDF, which no longer shows the results.
 */
export function buildReport(a: ReportArgs): DiagnosticReport & { id: string } {
  const { group, institution, work } = a;
  const kept = (a.previous?.extension ?? []).filter((e) => e.url !== RESULT_EXT.reportGroup);
  const single = group.panels.length === 1 ? group.panels[0] : undefined;
  return {
    resourceType: 'DiagnosticReport',
    id: a.id,
    extension: [reportGroupExtension(group, a.baseNo), ...kept],
    identifier: [{ system: sid.report(institution), value: a.reportNo }],
    ...(group.orderIds.length ? { basedOn: group.orderIds.map((id) => ref('ServiceRequest', id)) } : {}),
    status: a.complete ? 'preliminary' : 'partial',
    category: [
      { coding: [{ system: V2_0074, code: 'LAB', display: 'Laboratory' }] },
      ...(group.section ? [{ coding: [{ system: CS.labSection, code: group.section }] }] : []),
    ],
    code: single
      ? { coding: [{ system: CS.panels(institution), code: single.code, display: single.name }], text: single.name }
      : { text: group.panels.map((p) => p.name).join('、') || '检验报告' },
    ...(work.patientId ? { subject: ref('Patient', work.patientId) } : {}),
    effectiveDateTime: a.collectedAt,
    ...(a.previous?.issued ? { issued: a.previous.issued } : {}),
    performer: [ref('Organization', institution)],
    ...(a.previous?.resultsInterpreter ? { resultsInterpreter: a.previous.resultsInterpreter } : {}),
    specimen: [ref('Specimen', work.specimen.id)],
    result: a.results.map((id) => ref('Observation', id)),
    ...mediaOf(a.previous, a.media),
  } as DiagnosticReport & { id: string };
}
