import { CR, RESTRICTED_TEXT_BYTES } from './control-characters.ts';
import { encodeFrame, MAX_FRAME_TEXT } from './frame.ts';

/**
 * How records map onto frames.
 * - `record`: each record (with its CR) starts a new frame and its last frame ends in ETX — what most
 *   analyzers send and expect;
 * - `message`: all records, CR-separated, are cut into frames and only the very last ends in ETX.
 * Receivers accept both (see `MessageAssembler`).
 */
export type FrameMode = 'record' | 'message';

/** Refuses characters that would break framing: LIS1-A restricts control characters in text, and CR ends a record. */
export function checkRecordBytes(record: Uint8Array, index: number): void {
  for (const byte of record) {
    if (byte === CR || RESTRICTED_TEXT_BYTES.has(byte)) {
      throw new TypeError(`record ${index + 1} contains control character 0x${byte.toString(16).padStart(2, '0')}`);
    }
  }
}

function cut(text: Buffer, maxText: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let start = 0; start < text.length; start += maxText) pieces.push(text.subarray(start, start + maxText));
  return pieces.length > 0 ? pieces : [Buffer.alloc(0)];
}

/** The frames of one transfer, numbered from 1 (then 2 … 7, 0, 1 …) as LIS1-A requires. */
export function buildMessageFrames(records: Uint8Array[], mode: FrameMode = 'record', maxText = MAX_FRAME_TEXT): Buffer[] {
  if (!Number.isInteger(maxText) || maxText < 1 || maxText > MAX_FRAME_TEXT) throw new RangeError(`maxText must be 1-${MAX_FRAME_TEXT}`);
  records.forEach(checkRecordBytes);
  const withCr = records.map((record) => Buffer.concat([record, Buffer.from([CR])]));
  const groups = mode === 'record' ? withCr : [Buffer.concat(withCr)];
  const frames: Buffer[] = [];
  for (const group of groups) {
    const pieces = cut(group, maxText);
    pieces.forEach((piece, i) => frames.push(encodeFrame(frames.length + 1, piece, i === pieces.length - 1)));
  }
  return frames;
}
