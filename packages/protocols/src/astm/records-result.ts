import { astmDateValue } from './date.ts';
import { AstmRecord } from './record.ts';
import { readTestId, testIdComponents, type AstmTestId } from './records-test-id.ts';

/** R-7 abnormal flags (E1394 table): L low, H high, LL/HH critical, </> off scale, N normal, A abnormal, U/D up/down delta, B better, W worse. */
export type AstmAbnormalFlag = 'L' | 'H' | 'LL' | 'HH' | '<' | '>' | 'N' | 'A' | 'U' | 'D' | 'B' | 'W' | (string & {});
/** R-9 result status: F final, C correction, P preliminary, X cannot be done, I pending, S partial, M MIC, R previously sent, N new, Q response to query, V verified, W warning. */
export type AstmResultStatus = 'F' | 'C' | 'P' | 'X' | 'I' | 'S' | 'M' | 'R' | 'N' | 'Q' | 'V' | 'W' | (string & {});

/** R record: one measured value. */
export interface AstmResult {
  /** */ sequence: number;
  /** */ test: AstmTestId;
  /** R-4 measurement value (first component; see `valueComponents`). */ value: string;
  /** R-4 all components (some analyzers send value^interpretation). */ valueComponents: string[];
  /** */ units: string;
  /** R-6 reference range, e.g. `3.9-6.1` or `3.9 to 6.1`. */ referenceRange: string;
  /** */ abnormalFlags: AstmAbnormalFlag[];
  /** R-8 nature of abnormality testing: A age, S sex, R race, N none. */ natureOfAbnormality: string;
  /** */ status: AstmResultStatus;
  /** R-11 operator identification. */ operator: string;
  /** R-12 date/time test started. */ startedAt: string;
  /** R-13 date/time test completed. */ completedAt: string;
  /** R-14 instrument identification. */ instrumentId: string;
}

export interface AstmResultInput {
  sequence?: number;
  test: string | string[];
  value: string | number;
  units?: string;
  referenceRange?: string;
  abnormalFlags?: AstmAbnormalFlag | AstmAbnormalFlag[];
  natureOfAbnormality?: string;
  status?: AstmResultStatus;
  operator?: string;
  startedAt?: Date | string;
  completedAt?: Date | string;
  instrumentId?: string;
}

export function readResult(record: AstmRecord): AstmResult {
  return {
    sequence: Number(record.get(2)) || 0,
    test: readTestId(record.components(3)),
    value: record.get(4),
    valueComponents: record.components(4),
    units: record.get(5),
    referenceRange: record.get(6),
    abnormalFlags: record.repeats(7).map((rep) => rep[0]).filter((flag) => flag !== ''),
    natureOfAbnormality: record.get(8),
    status: record.get(9),
    operator: record.get(11),
    startedAt: record.get(12),
    completedAt: record.get(13),
    instrumentId: record.get(14),
  };
}

export function buildResult(input: AstmResultInput): AstmRecord {
  const record = new AstmRecord('R')
    .set(2, String(input.sequence ?? 1))
    .set(3, testIdComponents(input.test))
    .set(4, String(input.value));
  if (input.units) record.set(5, input.units);
  if (input.referenceRange) record.set(6, input.referenceRange);
  const flags = input.abnormalFlags === undefined ? [] : Array.isArray(input.abnormalFlags) ? input.abnormalFlags : [input.abnormalFlags];
  if (flags.length > 0) record.set(7, flags.map((flag) => [flag]));
  if (input.natureOfAbnormality) record.set(8, input.natureOfAbnormality);
  record.set(9, input.status ?? 'F');
  if (input.operator) record.set(11, input.operator);
  if (input.startedAt) record.set(12, astmDateValue(input.startedAt));
  if (input.completedAt) record.set(13, astmDateValue(input.completedAt));
  if (input.instrumentId) record.set(14, input.instrumentId);
  return record;
}
