/** MLLP (HL7 v2 minimal lower layer protocol): `<VT> message <FS><CR>`. */
export const VT = 0x0b;
export const FS = 0x1c;
export const MLLP_CR = 0x0d;

export function encodeMllp(payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([VT]), payload, Buffer.from([FS, MLLP_CR])]);
}

export type MllpEvent =
  | { kind: 'message'; payload: Buffer }
  /** Bytes outside a frame (or a frame cut short by a new VT), skipped. */
  | { kind: 'garbage'; bytes: Buffer }
  /** A frame longer than the limit, dropped up to its FS. */
  | { kind: 'oversized'; length: number };

const MAX_GARBAGE_KEPT = 256;

/**
 * Incremental MLLP decoder: feed it chunks as they arrive (any split, down to one byte) and it
 * returns complete messages. Bytes between frames are reported as garbage and skipped; a VT
 * inside a frame starts a new frame (the partial one is garbage). A missing CR after FS is tolerated.
 */
export class MllpDecoder {
  private inFrame = false;
  private frame: Buffer[] = [];
  private frameLength = 0;
  private oversized = false;
  private garbage: number[] = [];
  private garbageLength = 0;
  private afterFs = false;

  constructor(private readonly maxMessageBytes = 16 * 1024 * 1024) {}

  push(chunk: Uint8Array): MllpEvent[] {
    const events: MllpEvent[] = [];
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let i = 0;
    while (i < bytes.length) {
      if (this.afterFs) {
        this.afterFs = false;
        if (bytes[i] === MLLP_CR) {
          i++;
          continue;
        }
      }
      if (!this.inFrame) {
        const vt = bytes.indexOf(VT, i);
        const end = vt < 0 ? bytes.length : vt;
        this.addGarbage(bytes.subarray(i, end));
        if (vt < 0) break;
        this.flushGarbage(events);
        this.startFrame();
        i = vt + 1;
        continue;
      }
      // Inside a frame: copy up to the next FS or VT in one go.
      let j = i;
      while (j < bytes.length && bytes[j] !== FS && bytes[j] !== VT) j++;
      this.addToFrame(bytes.subarray(i, j));
      if (j >= bytes.length) break;
      if (bytes[j] === VT) {
        this.addGarbage(Buffer.concat(this.frame));
        this.flushGarbage(events);
        this.startFrame();
      } else {
        this.endFrame(events);
        this.afterFs = true;
      }
      i = j + 1;
    }
    if (!this.inFrame) this.flushGarbageIfLarge(events);
    return events;
  }

  /** Reports what is left over (at end of stream) as garbage. */
  finish(): MllpEvent[] {
    const events: MllpEvent[] = [];
    if (this.inFrame && !this.oversized) this.addGarbage(Buffer.concat(this.frame));
    this.inFrame = false;
    this.frame = [];
    this.flushGarbage(events);
    return events;
  }

  private startFrame(): void {
    this.inFrame = true;
    this.frame = [];
    this.frameLength = 0;
    this.oversized = false;
  }

  private addToFrame(bytes: Buffer): void {
    this.frameLength += bytes.length;
    if (this.oversized) return;
    if (this.frameLength > this.maxMessageBytes) {
      this.oversized = true;
      this.frame = [];
      return;
    }
    if (bytes.length > 0) this.frame.push(Buffer.from(bytes));
  }

  private endFrame(events: MllpEvent[]): void {
    if (this.oversized) events.push({ kind: 'oversized', length: this.frameLength });
    else events.push({ kind: 'message', payload: Buffer.concat(this.frame) });
    this.inFrame = false;
    this.frame = [];
  }

  private addGarbage(bytes: Uint8Array): void {
    this.garbageLength += bytes.length;
    for (const b of bytes) {
      if (this.garbage.length >= MAX_GARBAGE_KEPT) break;
      this.garbage.push(b);
    }
  }

  private flushGarbage(events: MllpEvent[]): void {
    // Line ends and NULs between frames are common keep-alive noise, not worth a report.
    const meaningful = this.garbage.some((b) => b !== 0x0d && b !== 0x0a && b !== 0x00);
    if (this.garbageLength > 0 && meaningful) events.push({ kind: 'garbage', bytes: Buffer.from(this.garbage) });
    this.garbage = [];
    this.garbageLength = 0;
  }

  private flushGarbageIfLarge(events: MllpEvent[]): void {
    if (this.garbageLength >= MAX_GARBAGE_KEPT) this.flushGarbage(events);
  }
}
