/**
 * A computed number to 12 significant digits, so that binary noise does not cross a limit it sits on:
 * 5.4 − 5.1 is 0.3000000000000007 in floating point, and a delta limit of 0.3 must not fail it.
 */
export function tidy(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(12)) : x;
}
