import { roundTo } from './round.ts';

export interface FunctionDefinition {
  minArgs: number;
  maxArgs: number;
  apply: (args: number[]) => number;
}

/**
 * The functions a formula may call. `if(c, a, b)` is not here: it evaluates only the branch it takes, so the
 * evaluator handles it itself.
 */
export const FUNCTIONS: Readonly<Record<string, FunctionDefinition>> = {
  min: { minArgs: 1, maxArgs: Infinity, apply: (a) => Math.min(...a) },
  max: { minArgs: 1, maxArgs: Infinity, apply: (a) => Math.max(...a) },
  abs: { minArgs: 1, maxArgs: 1, apply: ([x]) => Math.abs(x) },
  round: { minArgs: 1, maxArgs: 2, apply: ([x, n]) => roundTo(x, n ?? 0) },
  ln: { minArgs: 1, maxArgs: 1, apply: ([x]) => Math.log(x) },
  log10: { minArgs: 1, maxArgs: 1, apply: ([x]) => Math.log10(x) },
  exp: { minArgs: 1, maxArgs: 1, apply: ([x]) => Math.exp(x) },
  pow: { minArgs: 2, maxArgs: 2, apply: ([x, y]) => x ** y },
  sqrt: { minArgs: 1, maxArgs: 1, apply: ([x]) => Math.sqrt(x) },
};

export const IF_FUNCTION = 'if';
