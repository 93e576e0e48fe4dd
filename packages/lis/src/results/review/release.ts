import type { DiagnosticReport, Extension, Observation, Reference } from '@medplum/fhirtypes';
import type { Queryable } from '@medunion/kernel';
import { EXT } from '../../urls.ts';
import { issueVerification } from '../../reports/verify/verify.ts';
import { reportDigest } from '../../reports/verify/digest.ts';
import { RESULT_EXT } from '../codes.ts';
import { extensionOf, valueText, withExtensions } from '../fhir.ts';

/** Who released a report and how: a person's review (审核) or the auto-verification rules. */
export interface Release {
  mode: 'manual' | 'auto';
  /** resultsInterpreter: the reviewer's Practitioner, or for auto-verification the configured signatory or the lab. */
  interpreter: Reference<never>;
  at: string;
}

const releasedValue = (o: Observation): string => `${valueText(o)} ${o.valueQuantity?.unit ?? ''}`.trim();

/** The review trail entry (one per release and per withdrawal, so the report keeps its whole history). */
export function reviewEntry(kind: 'manual' | 'auto' | 'withdrawn' | 'recalled', by: Reference, at: string, reason?: string): Extension {
  return {
    url: RESULT_EXT.review,
    extension: [{ url: 'mode', valueCode: kind }, { url: 'by', valueReference: by }, { url: 'at', valueDateTime: at }, ...(reason ? [{ url: 'reason', valueString: reason }] : [])],
  };
}

/**
 * A report and its results as released (LIS README "Review"): Observations `final`, or `corrected` when a value
 * differs from what was released before (a re-release after un-review); the report `final`, or `corrected` when any
 * result was; `issued` and `resultsInterpreter` set; the review entry appended. Pure: the caller writes them.
 */
export function releaseContents(report: DiagnosticReport & { id: string }, observations: (Observation & { id: string })[], release: Release): { report: DiagnosticReport & { id: string }; observations: (Observation & { id: string })[] } {
  let corrected = false;
  const released = observations.map((o) => {
    const before = extensionOf(o, RESULT_EXT.releasedValue)?.valueString;
    const now = releasedValue(o);
    const changed = before !== undefined && before !== now;
    corrected ||= changed;
    return withExtensions({ ...o, status: changed ? ('corrected' as const) : ('final' as const) }, RESULT_EXT.releasedValue, [{ url: RESULT_EXT.releasedValue, valueString: now }]);
  });
  return {
    report: {
      ...report,
      status: corrected ? 'corrected' : 'final',
      issued: release.at,
      resultsInterpreter: [release.interpreter],
      extension: [...(report.extension ?? []), reviewEntry(release.mode, release.interpreter, release.at)],
    },
    observations: released,
  };
}

/**
 * Issues (or, for a re-release, re-digests) the report's anti-counterfeit code inside the release transaction and
 * stamps it on the report. The digest covers what was released, so it is computed on the released contents.
 */
export async function stampVerification(tx: Queryable, institution: string, report: DiagnosticReport & { id: string }, observations: Observation[]): Promise<DiagnosticReport & { id: string }> {
  const code = await issueVerification(tx, report.id, institution, reportDigest(institution, report, observations));
  return withExtensions(report, EXT.verifyCode, [{ url: EXT.verifyCode, valueString: code }]);
}
