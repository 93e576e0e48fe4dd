import { LabcoreError } from '../errors.ts';
import type { Bilingual } from '../text.ts';

/**
 * A formula that cannot be parsed or evaluated. `kind` says which: a syntax error (with the character position),
 * inputs that are missing (all of them, by name), a mathematical domain error (division by zero, log of a
 * non-positive number), or a cycle among formulas.
 */
export class ExpressionError extends LabcoreError {
  readonly kind: 'syntax' | 'missing-input' | 'domain' | 'cycle';
  readonly missing: string[];
  readonly position?: number;

  constructor(kind: ExpressionError['kind'], reason: Bilingual, path: string, extra: { missing?: string[]; position?: number } = {}) {
    super(reason, path);
    this.name = 'ExpressionError';
    this.kind = kind;
    this.missing = extra.missing ?? [];
    if (extra.position !== undefined) this.position = extra.position;
  }
}
