/**
 * A location in a message: `SEG[occurrence]-field[repetition].component.subcomponent`, all 1-based,
 * e.g. `PID-3[2].1`, `OBX[2]-5`, `MSH-9.2`. Omitted parts are undefined (their meaning depends on
 * the operation: reads default them to 1, writes address the whole enclosing element).
 */
export interface Hl7Path {
  segment: string;
  occurrence: number;
  field: number | undefined;
  repetition: number | undefined;
  component: number | undefined;
  subcomponent: number | undefined;
}

const PATH = /^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?(?:-(\d+)(?:\[(\d+)\])?(?:\.(\d+)(?:\.(\d+))?)?)?$/;

export function parseHl7Path(path: string): Hl7Path {
  const m = PATH.exec(path.trim());
  if (!m) throw new RangeError(`not an HL7 path: "${path}" (expected e.g. PID-3[2].1)`);
  const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));
  const result: Hl7Path = {
    segment: m[1],
    occurrence: num(m[2]) ?? 1,
    field: num(m[3]),
    repetition: num(m[4]),
    component: num(m[5]),
    subcomponent: num(m[6]),
  };
  for (const [name, value] of Object.entries(result)) {
    if (typeof value === 'number' && value < (name === 'field' ? 0 : 1)) throw new RangeError(`HL7 path "${path}": ${name} must be ≥ 1`);
  }
  return result;
}
