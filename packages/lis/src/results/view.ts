import type { Observation } from '@medplum/fhirtypes';
import { flagDisplay } from '@medunion/labcore';
import type { ResultRow } from '../contracts/results.ts';
import type { TestDefinition } from '../ports.ts';
import { EXT } from '../urls.ts';
import { instrumentFlagsOf, sourceOf } from './autoverify.ts';
import { extensionOf, idOf, subValue, testCodeOf, valueText } from './fhir.ts';
import { flagOf } from './interpretation.ts';

/** A stored result as the bench, the review screen and the EMR show it. */
export function resultRow(o: Observation & { id: string }, institution: string, tests?: Map<string, TestDefinition>): ResultRow {
  const code = testCodeOf(o, institution) ?? '';
  const flag = flagOf(o.interpretation);
  const delta = extensionOf(o, EXT.delta);
  const av = extensionOf(o, EXT.autoverification);
  const source = sourceOf(o);
  const abbreviation = tests?.get(code)?.abbreviation;
  return {
    observationId: o.id,
    testCode: code,
    testName: o.code?.text ?? code,
    ...(abbreviation ? { abbreviation } : {}),
    value: o.dataAbsentReason ? (o.dataAbsentReason.text ?? '') : valueText(o),
    ...(o.valueQuantity?.unit ? { unit: o.valueQuantity.unit } : tests?.get(code)?.unit ? { unit: tests.get(code)!.unit } : {}),
    flag,
    symbol: flagDisplay(flag).symbol,
    ...(o.referenceRange?.[0]?.text ? { referenceRange: o.referenceRange[0].text } : {}),
    status: o.status,
    source: source === 'manual' || source === 'calculated' ? source : 'instrument',
    ...(idOf(o.device) ? { instrumentId: idOf(o.device) } : {}),
    instrumentFlags: instrumentFlagsOf(o),
    ...(delta
      ? {
          delta: {
            status: subValue(delta, 'status')?.valueCode ?? '',
            ...(subValue(delta, 'previousValue')?.valueDecimal !== undefined ? { previousValue: subValue(delta, 'previousValue')!.valueDecimal } : {}),
            reason: subValue(delta, 'reason')?.valueString ?? '',
          },
        }
      : {}),
    ...(av
      ? {
          autoverification: {
            decision: subValue(av, 'decision')?.valueCode === 'verify' ? 'verify' : 'hold',
            reasons: (av.extension ?? []).filter((e) => e.url === 'reason').map((e) => e.valueString ?? ''),
            at: subValue(av, 'at')?.valueDateTime ?? '',
          },
        }
      : {}),
    critical: flagDisplay(flag).critical,
  };
}
