import { Duplex } from 'node:stream';

/**
 * Faults a simulator can inject into what it writes, for testing how the LIS copes. Frames are
 * counted from 1 in the order they are written, retransmissions included (so "frame 2" is the
 * second frame on the wire).
 */
export interface FaultPlan {
  /** Frames written with a wrong checksum (ASTM). */
  badChecksumFrames?: number[];
  /** Frames preceded by a few bytes of line noise. */
  garbageBeforeFrames?: number[];
  /** Write half of this frame, then drop the connection. */
  disconnectInFrame?: number;
  /** Hold each ACK we send this long (ASTM: a slow receiver). */
  ackDelayMs?: number;
  /** Never send ACK (ASTM: the peer's reply timeout). */
  dropAcks?: boolean;
}

const GARBAGE = Buffer.from([0xff, 0x7e, 0x00, 0x4e, 0x4f, 0x49, 0x53, 0x45]); // "\xff~\0NOISE": no STX, VT or LF

/**
 * Sits between a protocol engine and its socket, altering outgoing writes according to a plan.
 * It relies on the engines writing each frame, and each control character, in one `write()`.
 */
export class FaultInjector extends Duplex {
  private framesWritten = 0;

  constructor(private readonly inner: Duplex, private readonly plan: FaultPlan, private readonly frameStart: number, private readonly ackByte?: number) {
    super();
    inner.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('close', () => this.destroy());
    inner.on('error', (error) => this.destroy(error));
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.ackByte !== undefined && chunk.length === 1 && chunk[0] === this.ackByte) {
      if (this.plan.dropAcks) return callback();
      if (this.plan.ackDelayMs) {
        setTimeout(() => this.forward(chunk), this.plan.ackDelayMs);
        return callback();
      }
    }
    if (chunk[0] !== this.frameStart) {
      this.forward(chunk);
      return callback();
    }
    const n = ++this.framesWritten;
    if (this.plan.garbageBeforeFrames?.includes(n)) this.forward(GARBAGE);
    if (this.plan.disconnectInFrame === n) {
      this.forward(chunk.subarray(0, Math.ceil(chunk.length / 2)));
      this.inner.end(() => this.inner.destroy());
      return callback();
    }
    this.forward(this.plan.badChecksumFrames?.includes(n) ? corruptChecksum(chunk) : chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.inner.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner.destroy();
    callback(error);
  }

  private forward(bytes: Buffer): void {
    if (!this.inner.destroyed && !this.inner.writableEnded) this.inner.write(bytes);
  }
}

/** ASTM frame `… C1 C2 CR LF`: replace the checksum with a different valid-looking one. */
function corruptChecksum(frame: Buffer): Buffer {
  const copy = Buffer.from(frame);
  const i = copy.length - 4;
  if (i < 0) return copy;
  const current = parseInt(copy.subarray(i, i + 2).toString('latin1'), 16);
  copy.write(((current + 1) & 0xff).toString(16).toUpperCase().padStart(2, '0'), i, 'latin1');
  return copy;
}
