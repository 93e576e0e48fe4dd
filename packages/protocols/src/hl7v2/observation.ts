import { hl7DateValue } from './date.ts';
import type { Hl7Message } from './message.ts';
import { impliedValueType, obxValueRaw, readObxValues, type Hl7Coded, type Hl7ObxValue, type Hl7ObxValueInput } from './obx-values.ts';
import type { Hl7Segment } from './segment.ts';

/** One OBX to write. */
export interface Hl7ObservationInput {
  /** OBX-3 observation identifier. */
  code: string;
  text?: string;
  codingSystem?: string;
  /** OBX-4 sub-ID. */
  subId?: string;
  /** OBX-2; default from the value (number → NM, string → ST, number[] → NA, coded → CE, `{ ed }` → ED). */
  valueType?: string;
  /** OBX-5 */
  value: Hl7ObxValueInput;
  /** OBX-6 */ units?: string;
  /** OBX-7 */ referenceRange?: string;
  /** OBX-8 abnormal flags: L, H, LL, HH, <, >, N, A, AA, … */ abnormalFlags?: string | string[];
  /** OBX-11 result status: F final (default), P preliminary, C correction, X cannot be obtained, … */ status?: string;
  /** OBX-14 */ observedAt?: Date | string;
  /** OBX-16 responsible observer (operator). */ operator?: string;
  /** OBX-18 equipment instance identifier (instrument ID). */ equipment?: string;
}

/** One OBX as read. */
export interface Hl7Observation {
  segment: Hl7Segment;
  setId: string;
  valueType: string;
  identifier: Hl7Coded;
  subId: string;
  values: Hl7ObxValue[];
  units: string;
  referenceRange: string;
  abnormalFlags: string[];
  status: string;
  observedAt: string;
  operator: string;
  equipment: string;
}

export function addObservation(message: Hl7Message, setId: number, input: Hl7ObservationInput): Hl7Segment {
  const obx = message.addSegment('OBX', [
    String(setId),
    input.valueType ?? impliedValueType(input.value),
    [input.code, input.text ?? '', input.codingSystem ?? ''],
    input.subId,
  ]);
  obx.setRaw(5, {}, obxValueRaw(input.value, obx));
  const flags = input.abnormalFlags === undefined ? [] : Array.isArray(input.abnormalFlags) ? input.abnormalFlags : [input.abnormalFlags];
  obx.setField(6, input.units);
  obx.setField(7, input.referenceRange);
  obx.setField(8, flags.map((f) => [f]));
  obx.setField(11, input.status ?? 'F');
  obx.setField(14, hl7DateValue(input.observedAt));
  obx.setField(16, input.operator);
  obx.setField(18, input.equipment);
  return obx;
}

export function readObservation(obx: Hl7Segment): Hl7Observation {
  return {
    segment: obx,
    setId: obx.get(1),
    valueType: obx.get(2),
    identifier: { code: obx.get(3, 1, 1), text: obx.get(3, 1, 2), codingSystem: obx.get(3, 1, 3) },
    subId: obx.get(4),
    values: readObxValues(obx),
    units: obx.get(6, 1, 1),
    referenceRange: obx.get(7),
    abnormalFlags: obx.repetitions(8).map((_, i) => obx.get(8, i + 1)).filter((f) => f !== ''),
    status: obx.get(11),
    observedAt: obx.get(14),
    operator: obx.get(16),
    equipment: obx.get(18),
  };
}
