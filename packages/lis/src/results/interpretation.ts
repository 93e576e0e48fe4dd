import type { CodeableConcept, ObservationReferenceRange } from '@medplum/fhirtypes';
import { formatReferenceRange, type Interpretation, type ReferenceRange, type ResultFlag } from '@medunion/labcore';
import { INTERPRETATION } from '../urls.ts';
import { RESULT_FLAG_SYSTEM } from './codes.ts';

const FLAG_DISPLAY: Record<ResultFlag, string> = {
  N: 'Normal',
  L: 'Low',
  H: 'High',
  LL: 'Critical low',
  HH: 'Critical high',
  A: 'Abnormal',
  AA: 'Critical abnormal',
  implausible: 'Implausible',
};

/**
 * Observation.interpretation of a labcore flag, its text the reason in both languages. `implausible` has no v3 code
 * and is kept in the LIS's own system, so a FHIR reader never mistakes it for a normal result.
 */
export function interpretationOf(i: Interpretation): CodeableConcept[] | undefined {
  if (!i.flag) return [{ text: `${i.reason['zh-CN']} / ${i.reason.en}` }];
  const system = i.flag === 'implausible' ? RESULT_FLAG_SYSTEM : INTERPRETATION;
  return [{ coding: [{ system, code: i.flag, display: FLAG_DISPLAY[i.flag] }], text: `${i.reason['zh-CN']} / ${i.reason.en}` }];
}

/** The flag stored on an Observation (labcore's code), or null. */
export function flagOf(interpretation: CodeableConcept[] | undefined): ResultFlag | null {
  const code = interpretation?.[0]?.coding?.find((c) => c.system === INTERPRETATION || c.system === RESULT_FLAG_SYSTEM)?.code;
  return code && code in FLAG_DISPLAY ? (code as ResultFlag) : null;
}

/** Observation.referenceRange of the range labcore applied (bounds in the result's unit, the printed text). */
export function referenceRangeOf(range: ReferenceRange | undefined, unit: string | undefined): ObservationReferenceRange[] | undefined {
  if (!range) return undefined;
  const q = (value: number) => ({ value, ...(unit ? { unit } : {}) });
  return [
    {
      ...(range.low !== undefined ? { low: q(range.low) } : {}),
      ...(range.high !== undefined ? { high: q(range.high) } : {}),
      text: range.text ?? formatReferenceRange(range),
    },
  ];
}
