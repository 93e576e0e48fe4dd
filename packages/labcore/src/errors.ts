import { bilingual, type Bilingual } from './text.ts';

/**
 * Input the library cannot compute with (an SD of zero, a time that is not a time, a formula with a syntax error).
 * Data problems that are part of normal laboratory work — a missing result, an implausible value — are not errors:
 * they come back as outcomes with reasons.
 */
export class LabcoreError extends Error {
  readonly reason: Bilingual;
  /** Where the problem is, e.g. `results[3].target.sd` or `formulas.LDL-C`. */
  readonly path: string;

  constructor(reason: Bilingual, path: string) {
    super(`${reason['zh-CN']} / ${reason.en}`);
    this.name = 'LabcoreError';
    this.reason = reason;
    this.path = path;
  }
}

export function inputError(path: string, zh: string, en: string): LabcoreError {
  return new LabcoreError(bilingual(zh, en), path);
}
