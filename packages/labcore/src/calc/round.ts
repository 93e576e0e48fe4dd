/**
 * Rounds half away from zero (四舍五入) to `digits` decimals, correcting binary representation first so that
 * 1.005 → 1.01 and 2.675 → 2.68 as a person rounding the printed number would.
 */
export function roundTo(x: number, digits = 0): number {
  if (!Number.isFinite(x)) return x;
  const factor = 10 ** digits;
  const scaled = Number((Math.abs(x) * factor).toPrecision(15));
  return (Math.sign(x) * Math.round(scaled)) / factor || 0;
}
