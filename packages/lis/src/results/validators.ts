import type { DiagnosticReport, Observation, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '@medunion/kernel';
import { MEDUNION } from '../urls.ts';

// Any institution's LIS result or report identifier (urls.ts sid.result / sid.report).
const LIS_RESULT = `${MEDUNION}/lis/sid/result/`;
const LIS_REPORT = `${MEDUNION}/lis/sid/report/`;

const carries = (r: { identifier?: { system?: string }[] }, prefix: string): boolean => !!r.identifier?.some((i) => i.system?.startsWith(prefix));

function lisOnly(resource: Resource, ctx: RequestContext, prefix: string, noun: [string, string]): OperationOutcomeIssue[] {
  if (ctx.interface !== 'fhir' || !carries(resource as Observation | DiagnosticReport, prefix)) return [];
  return [
    {
      severity: 'error',
      code: 'business-rule',
      details: { text: `检验${noun[0]}只能通过检验系统修改（审核锁定、修改痕迹、危急值） / LIS ${noun[1]} change only through /api/lis (review locks, revision trail, critical values)` },
      expression: [`${resource.resourceType}.identifier`],
    },
  ];
}

/**
 * Locks hold on every path: a reviewed result must not change through the FHIR REST API behind the LIS's back
 * (nor may one be created there, skipping flags and critical values). Writes through /fhir/R4 of Observations and
 * DiagnosticReports carrying an LIS identifier are refused; the LIS's own routes (interface `api`) and the analyzer
 * path (`module`) are not affected. Reading stays open: clinicians read released reports through FHIR.
 */
export const resultValidators = {
  Observation: (resource: Resource, ctx: RequestContext) => lisOnly(resource, ctx, LIS_RESULT, ['结果', 'results']),
  DiagnosticReport: (resource: Resource, ctx: RequestContext) => lisOnly(resource, ctx, LIS_REPORT, ['报告', 'reports']),
};
