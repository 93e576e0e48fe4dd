import { astmDateValue } from './date.ts';
import { AstmRecord } from './record.ts';
import { readTestId, testIdComponents, type AstmTestId } from './records-test-id.ts';

/**
 * Q-13 request information status: O orders only (the worklist query), F final results, P
 * preliminary, C correction, X cannot be done, I pending, S unfinalized, M MIC, R previously
 * transmitted, A abort/cancel the last request, N new or edited only, D demographics only.
 */
export type AstmRequestStatus = 'O' | 'F' | 'P' | 'C' | 'X' | 'I' | 'S' | 'M' | 'R' | 'A' | 'N' | 'D' | (string & {});

/** Q record: an instrument asking the host (host query), typically for a specimen's worklist. */
export interface AstmQuery {
  /** */ sequence: number;
  /** Q-3 starting range ID: patient ID^specimen ID^… (`^SPECIMEN` asks by specimen). */ startingRange: string[];
  /** */ patientId: string;
  /** */ specimenId: string;
  /** Q-4 ending range ID. */ endingRange: string[];
  /** Q-5, `^^^ALL` for every test. */ tests: AstmTestId[];
  /** Q-6 nature of request time limits: S specimen collect date, R result test date. */ timeLimits: string;
  /** */ beginAt: string;
  /** */ endAt: string;
  /** */ requestStatus: AstmRequestStatus;
}

export interface AstmQueryInput {
  sequence?: number;
  specimenId?: string;
  patientId?: string;
  /** Components after the specimen ID (rack, position, …). */
  extraRange?: string[];
  tests?: (string | string[])[];
  beginAt?: Date | string;
  endAt?: Date | string;
  requestStatus?: AstmRequestStatus;
}

export function readQuery(record: AstmRecord): AstmQuery {
  return {
    sequence: Number(record.get(2)) || 0,
    startingRange: record.components(3),
    patientId: record.get(3, 1),
    specimenId: record.get(3, 2),
    endingRange: record.components(4),
    tests: record.repeats(5).map(readTestId),
    timeLimits: record.get(6),
    beginAt: record.get(7),
    endAt: record.get(8),
    requestStatus: record.get(13),
  };
}

export function buildQuery(input: AstmQueryInput): AstmRecord {
  const record = new AstmRecord('Q')
    .set(2, String(input.sequence ?? 1))
    .set(3, [input.patientId ?? '', input.specimenId ?? '', ...(input.extraRange ?? [])])
    .set(5, (input.tests ?? ['ALL']).map(testIdComponents));
  if (input.beginAt) record.set(7, astmDateValue(input.beginAt));
  if (input.endAt) record.set(8, astmDateValue(input.endAt));
  record.set(13, input.requestStatus ?? 'O');
  return record;
}
