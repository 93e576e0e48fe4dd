/**
 * Raw analyzer traffic as a person reads it, pure. The ledger's readable text already names control characters
 * (`<STX>`, `<CR>`, `<0x1f>`) and breaks lines after each frame or segment; here it is cut into pieces so the names
 * can be drawn apart from the data, and the exact bytes are laid out as a hex dump.
 */

export type TrafficPiece = { kind: 'text'; text: string } | { kind: 'control'; name: string };

// The names the ledger writes (packages/lis instruments/drivers/render.ts), and any other control byte as <0xNN>.
const CONTROL = /<(NUL|STX|ETX|EOT|ENQ|ACK|LF|VT|CR|NAK|ETB|FS|0x[0-9a-f]{2})>/g;

export function trafficPieces(text: string): TrafficPiece[] {
  const pieces: TrafficPiece[] = [];
  let at = 0;
  for (const match of text.matchAll(CONTROL)) {
    if (match.index > at) pieces.push({ kind: 'text', text: text.slice(at, match.index) });
    pieces.push({ kind: 'control', name: match[1] });
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}

/** The bytes of the ledger's `rawBase64`. */
export function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** `00000010  4d 53 48 7c …  |MSH|…|`: 16 bytes a line, printable ASCII on the right, anything else as a dot. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    const hexes = [...row].map((b) => hex(b, 2));
    const left = hexes.slice(0, 8).join(' ');
    const right = hexes.slice(8).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${hex(offset, 8)}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|`);
  }
  return lines.join('\n');
}
