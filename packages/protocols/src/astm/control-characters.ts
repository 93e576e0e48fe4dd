/** ASCII control characters of the E1381 / LIS1-A low-level protocol. */
export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const ENQ = 0x05;
export const ACK = 0x06;
export const LF = 0x0a;
export const CR = 0x0d;
export const NAK = 0x15;
export const ETB = 0x17;

/** Characters LIS1-A forbids in frame text (CR is allowed only as the record terminator). */
export const RESTRICTED_TEXT_BYTES: ReadonlySet<number> = new Set([
  0x01, STX, ETX, EOT, ENQ, ACK, 0x10, NAK, 0x16, ETB, LF, 0x11, 0x12, 0x13, 0x14,
]);

export function controlName(byte: number): string {
  const names: Record<number, string> = { [STX]: 'STX', [ETX]: 'ETX', [EOT]: 'EOT', [ENQ]: 'ENQ', [ACK]: 'ACK', [LF]: 'LF', [CR]: 'CR', [NAK]: 'NAK', [ETB]: 'ETB' };
  return names[byte] ?? `0x${byte.toString(16).padStart(2, '0')}`;
}
