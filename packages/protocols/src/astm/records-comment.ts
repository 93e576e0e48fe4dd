import { AstmRecord } from './record.ts';

/** C record: a comment on the record before it. */
export interface AstmComment {
  /** C-2 */ sequence: number;
  /** C-3 source: P practice, L information system, I instrument. */ source: string;
  /** C-4 text (first component; `textComponents` has them all). */ text: string;
  textComponents: string[];
  /** C-5 type: G generic, T test name, P positive, N negative, I instrument flag. */ type: string;
}

export interface AstmCommentInput {
  sequence?: number;
  source?: string;
  text: string | string[];
  type?: string;
}

export function readComment(record: AstmRecord): AstmComment {
  return {
    sequence: Number(record.get(2)) || 0,
    source: record.get(3),
    text: record.get(4),
    textComponents: record.components(4),
    type: record.get(5),
  };
}

export function buildComment(input: AstmCommentInput): AstmRecord {
  return new AstmRecord('C')
    .set(2, String(input.sequence ?? 1))
    .set(3, input.source ?? 'L')
    .set(4, input.text)
    .set(5, input.type ?? 'G');
}
