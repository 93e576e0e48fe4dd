import { createHash } from 'node:crypto';
import type { DiagnosticReport, Observation } from '@medplum/fhirtypes';
import { sid } from '../../urls.ts';
import { identifierValue, idOf, testCodeOf, valueText } from '../../results/fhir.ts';

/** Characters of the digest printed in the QR code: enough to expose a changed report, short enough to scan easily. */
export const QR_DIGEST_LENGTH = 16;

/**
 * The digest of what a released report says: number, patient, specimen, every result (test, value, unit, flag) and
 * the release time. Recomputed by the public check, so a report changed after release — or a paper copy of an older
 * version — no longer matches.
 */
export function reportDigest(institution: string, report: DiagnosticReport, observations: Observation[]): string {
  const results = observations
    .map((o) => [testCodeOf(o, institution) ?? '', valueText(o), o.valueQuantity?.unit ?? '', o.interpretation?.[0]?.coding?.[0]?.code ?? ''])
    .sort((a, b) => a[0].localeCompare(b[0]));
  const content = {
    reportNo: identifierValue(report.identifier, sid.report(institution)) ?? '',
    patient: idOf(report.subject) ?? '',
    specimen: (report.specimen ?? []).map((s) => idOf(s) ?? '').sort(),
    issued: report.issued ?? '',
    results,
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
