import { AstmRecord } from './record.ts';

/**
 * L-3 termination code: N normal, T sender aborted, R receiver requested abort, E unknown error,
 * Q error in last request for information, I no information available from last query,
 * F last request for information processed.
 */
export type AstmTerminationCode = 'N' | 'T' | 'R' | 'E' | 'Q' | 'I' | 'F' | (string & {});

export interface AstmTerminator {
  /** L-2 */ sequence: number;
  /** L-3 */ code: AstmTerminationCode;
}

export function readTerminator(record: AstmRecord): AstmTerminator {
  return { sequence: Number(record.get(2)) || 0, code: record.get(3) };
}

export function buildTerminator(code: AstmTerminationCode = 'N', sequence = 1): AstmRecord {
  return new AstmRecord('L').set(2, String(sequence)).set(3, code);
}

