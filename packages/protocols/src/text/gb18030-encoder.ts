import { TextDecoder } from 'node:util';

/**
 * GB 18030 encoder. Node's TextDecoder reads GB 18030 but TextEncoder only writes UTF-8, so the
 * reverse mapping is built once, lazily, by decoding every two-byte and BMP four-byte sequence.
 * Code points above U+FFFF are algorithmic (linear from 0x90308130), as in GB 18030 itself.
 */

const QUESTION_MARK = 0x3f;
/** Four-byte sequences are counted as a linear "pointer": b1 b2 b3 b4 = 0x81+p/12600, 0x30+…, 0x81+…, 0x30+p%10. */
const BMP_FOUR_BYTE_POINTERS = 39420;
const SUPPLEMENTARY_POINTER_BASE = 189000;
const REPLACEMENT = 0xfffd;
const REPLACEMENT_BYTES = 0x8431a437;

/** Code unit → packed bytes: ≤ 0xFFFF a two-byte sequence, above that a four-byte one, 0 none. */
let table: Uint32Array | undefined;

function pointerBytes(pointer: number): number[] {
  return [
    0x81 + Math.floor(pointer / 12600),
    0x30 + (Math.floor(pointer / 1260) % 10),
    0x81 + (Math.floor(pointer / 10) % 126),
    0x30 + (pointer % 10),
  ];
}

/** Decodes sequences of `width` bytes in one call and records what each maps to (first mapping wins). */
function learn(target: Uint32Array, decoder: TextDecoder, sequences: number[][], pack: (bytes: number[]) => number): void {
  const flat = Buffer.from(sequences.flat());
  const text = decoder.decode(flat);
  if (text.length === sequences.length) {
    for (let i = 0; i < sequences.length; i++) assign(target, text.charCodeAt(i), pack(sequences[i]));
    return;
  }
  // An unmapped sequence decoded to more than one unit: fall back to one call per sequence.
  for (const sequence of sequences) {
    const one = decoder.decode(Buffer.from(sequence));
    if (one.length === 1) assign(target, one.charCodeAt(0), pack(sequence));
  }
}

function assign(target: Uint32Array, unit: number, packed: number): void {
  if (unit === REPLACEMENT || target[unit] !== 0) return;
  target[unit] = packed;
}

function buildTable(): Uint32Array {
  const target = new Uint32Array(0x10000);
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    const row: number[][] = [];
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) row.push([lead, trail]);
    learn(target, decoder, row, ([a, b]) => (a << 8) | b);
  }
  for (let start = 0; start < BMP_FOUR_BYTE_POINTERS; start += 1260) {
    const block: number[][] = [];
    for (let p = start; p < Math.min(start + 1260, BMP_FOUR_BYTE_POINTERS); p++) block.push(pointerBytes(p));
    learn(target, decoder, block, ([a, b, c, d]) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0);
  }
  target[REPLACEMENT] = REPLACEMENT_BYTES;
  return target;
}

/** Encodes text as GB 18030 bytes; unpaired surrogates and unmappable characters become '?'. */
export function gb18030Encode(text: string): Buffer {
  table ??= buildTable();
  const out: number[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x80) {
      out.push(cp);
    } else if (cp > 0xffff) {
      out.push(...pointerBytes(SUPPLEMENTARY_POINTER_BASE + cp - 0x10000));
    } else {
      const packed = table[cp];
      if (packed === 0) out.push(QUESTION_MARK);
      else if (packed <= 0xffff) out.push(packed >> 8, packed & 0xff);
      else out.push(packed >>> 24, (packed >>> 16) & 0xff, (packed >>> 8) & 0xff, packed & 0xff);
    }
  }
  return Buffer.from(out);
}
