import type { TextCodec } from '@medunion/protocols';

const NAMES: Record<number, string> = {
  0x00: 'NUL', 0x02: 'STX', 0x03: 'ETX', 0x04: 'EOT', 0x05: 'ENQ', 0x06: 'ACK', 0x0a: 'LF', 0x0b: 'VT', 0x0d: 'CR', 0x15: 'NAK', 0x17: 'ETB', 0x1c: 'FS',
};

/**
 * Bytes as a person reads them in the traffic ledger: text decoded in the instrument's encoding, control characters
 * named (`<STX>`, `<ACK>`, …), a line break after each frame (ASTM: LF) or segment (HL7: CR). Control bytes never
 * occur inside a multi-byte GB 18030 or UTF-8 character, so decoding first and naming them after is safe.
 */
export function renderTraffic(bytes: Uint8Array, codec: TextCodec, breakAfter: 'LF' | 'CR'): string {
  const text = codec.decode(bytes);
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) {
      const name = NAMES[code] ?? `0x${code.toString(16).padStart(2, '0')}`;
      out += `<${name}>`;
      if (name === breakAfter) out += '\n';
    } else {
      out += ch;
    }
  }
  return out;
}
