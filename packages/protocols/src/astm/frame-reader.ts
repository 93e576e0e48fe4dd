import { ACK, ENQ, EOT, LF, NAK, STX } from './control-characters.ts';

/** What the byte stream contains, in order. */
export type ReaderEvent =
  | { kind: 'control'; byte: number }
  | { kind: 'frame'; bytes: Buffer }
  /** Bytes outside any frame; `lineEnded` when they ended with LF, i.e. a frame whose STX was lost. */
  | { kind: 'garbage'; bytes: Buffer; lineEnded: boolean }
  /** A frame that grew past `maxFrameBytes` and was dropped up to its LF. */
  | { kind: 'oversized-frame'; length: number };

const CONTROLS = new Set([ENQ, EOT, ACK, NAK]);
const MAX_GARBAGE_KEPT = 256;

/**
 * Splits an arbitrary chunked byte stream into control characters and frames. A control character
 * inside a frame cannot be frame text (LIS1-A restricts them), so it cuts the frame short: the
 * partial frame is reported as garbage and the control character is delivered.
 */
export class FrameReader {
  private frame: number[] | undefined;
  private oversizedLength = 0;
  private garbage: number[] = [];
  private garbageLength = 0;

  constructor(private readonly maxFrameBytes = 64 * 1024) {}

  push(chunk: Uint8Array): ReaderEvent[] {
    const events: ReaderEvent[] = [];
    for (const byte of chunk) this.take(byte, events);
    return events;
  }

  /** Forgets a partial frame (after a timeout or a new session). */
  reset(): void {
    this.frame = undefined;
    this.oversizedLength = 0;
    this.garbage = [];
    this.garbageLength = 0;
  }

  private take(byte: number, events: ReaderEvent[]): void {
    if (this.oversizedLength > 0) {
      this.oversizedLength++;
      if (byte === LF) {
        events.push({ kind: 'oversized-frame', length: this.oversizedLength });
        this.oversizedLength = 0;
      }
      return;
    }
    if (this.frame) {
      if (CONTROLS.has(byte) || byte === STX) {
        this.addGarbage(this.frame);
        this.frame = undefined;
        this.flushGarbage(events, false);
        this.take(byte, events);
        return;
      }
      this.frame.push(byte);
      if (byte === LF) {
        events.push({ kind: 'frame', bytes: Buffer.from(this.frame) });
        this.frame = undefined;
      } else if (this.frame.length > this.maxFrameBytes) {
        this.oversizedLength = this.frame.length;
        this.frame = undefined;
      }
      return;
    }
    if (byte === STX) {
      this.flushGarbage(events, false);
      this.frame = [byte];
    } else if (CONTROLS.has(byte)) {
      this.flushGarbage(events, false);
      events.push({ kind: 'control', byte });
    } else if (byte === LF) {
      this.addGarbage([byte]);
      this.flushGarbage(events, true);
    } else {
      this.addGarbage([byte]);
    }
  }

  private addGarbage(bytes: number[]): void {
    this.garbageLength += bytes.length;
    for (const b of bytes) if (this.garbage.length < MAX_GARBAGE_KEPT) this.garbage.push(b);
  }

  private flushGarbage(events: ReaderEvent[], lineEnded: boolean): void {
    if (this.garbageLength === 0) return;
    // Stray line ends and NULs (some senders pad frames) are noise, not a lost frame.
    const meaningful = this.garbage.some((b) => b !== 0x0d && b !== 0x0a && b !== 0x00 && b !== 0x20);
    if (meaningful) events.push({ kind: 'garbage', bytes: Buffer.from(this.garbage), lineEnded });
    this.garbage = [];
    this.garbageLength = 0;
  }
}
