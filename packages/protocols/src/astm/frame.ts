import { CR, ETB, ETX, LF, STX } from './control-characters.ts';

/** LIS1-A: a frame carries at most 240 text characters (247 with the 7 framing characters). */
export const MAX_FRAME_TEXT = 240;

/** A frame read off the wire, checked. */
export type DecodedFrame =
  | { ok: true; frameNumber: number; text: Buffer; final: boolean }
  | { ok: false; code: 'malformed-frame' | 'bad-checksum' | 'frame-too-long'; reason: string };

/** Sum of the bytes from the frame number through ETB/ETX, modulo 256, as two uppercase hex digits. */
export function frameChecksum(bytes: Uint8Array): string {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xff;
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/** `<STX> FN text <ETB|ETX> C1 C2 <CR><LF>`; `frameNumber` is taken modulo 8. */
export function encodeFrame(frameNumber: number, text: Uint8Array, final: boolean): Buffer {
  if (text.length > MAX_FRAME_TEXT) throw new RangeError(`frame text of ${text.length} bytes exceeds ${MAX_FRAME_TEXT}`);
  const body = Buffer.concat([Buffer.from([0x30 + (frameNumber % 8)]), text, Buffer.from([final ? ETX : ETB])]);
  return Buffer.concat([Buffer.from([STX]), body, Buffer.from(frameChecksum(body), 'latin1'), Buffer.from([CR, LF])]);
}

/** Checks a complete frame (STX … LF). Lowercase checksum digits are accepted. */
export function decodeFrame(frame: Uint8Array, maxText = Number.POSITIVE_INFINITY): DecodedFrame {
  const bytes = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  const n = bytes.length;
  if (n < 7 || bytes[0] !== STX || bytes[n - 2] !== CR || bytes[n - 1] !== LF) {
    return { ok: false, code: 'malformed-frame', reason: `not <STX>…<CR><LF> (${n} bytes)` };
  }
  const terminator = bytes[n - 5];
  if (terminator !== ETX && terminator !== ETB) return { ok: false, code: 'malformed-frame', reason: 'no ETX/ETB before the checksum' };
  const fnChar = bytes[1];
  if (fnChar < 0x30 || fnChar > 0x37) return { ok: false, code: 'malformed-frame', reason: `frame number "${String.fromCharCode(fnChar)}" is not 0-7` };
  const body = bytes.subarray(1, n - 4);
  const expected = frameChecksum(body);
  const received = bytes.subarray(n - 4, n - 2).toString('latin1').toUpperCase();
  if (received !== expected) return { ok: false, code: 'bad-checksum', reason: `checksum ${received}, expected ${expected}` };
  const text = Buffer.from(bytes.subarray(2, n - 5));
  if (text.length > maxText) return { ok: false, code: 'frame-too-long', reason: `${text.length} text bytes exceed ${maxText}` };
  return { ok: true, frameNumber: fnChar - 0x30, text, final: terminator === ETX };
}
