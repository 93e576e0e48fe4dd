import type { Duplex } from 'node:stream';
import { textCodec, type TextCodec } from '../text/charset.ts';
import type { LinkLogEntry } from '../transport/events.ts';
import { ACK, controlName, ENQ, EOT, NAK } from './control-characters.ts';
import { AstmLinkError } from './errors.ts';
import { decodeFrame } from './frame.ts';
import { FrameReader, type ReaderEvent } from './frame-reader.ts';
import { resolveAstmLinkOptions, type AstmLinkOptions, type ResolvedAstmLinkOptions } from './link-options.ts';
import { MessageAssembler } from './message-assembler.ts';
import { buildMessageFrames } from './message-frames.ts';

interface SendJob {
  frames: Buffer[];
  busyAttempts: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

type LinkState =
  | { kind: 'neutral' }
  | { kind: 'establishing'; job: SendJob }
  | { kind: 'transferring'; job: SendJob; index: number; attempts: number; interruptRequested: boolean }
  | { kind: 'receiving'; lastFrameNumber: number | undefined }
  | { kind: 'closed' };

export type AstmLinkPhase = LinkState['kind'];

/**
 * The E1381 / LIS1-A link over any byte stream (TCP socket, serial port): establishment (ENQ),
 * transfer (numbered, checksummed frames, each ACKed), termination (EOT), in both directions.
 * One `send()` is one transfer; sends made while the line is busy wait their turn.
 * Protocol faults from the peer are reported through `onLog`, never thrown.
 */
export class AstmLink {
  private readonly options: ResolvedAstmLinkOptions;
  private readonly codec: TextCodec;
  private readonly reader: FrameReader;
  private readonly assembler: MessageAssembler;
  private readonly queue: SendJob[] = [];
  private state: LinkState = { kind: 'neutral' };
  /** No ENQ of ours before this time (busy receiver, contention, interrupt request). */
  private holdUntil = 0;
  private holdReason: 'busy' | 'contention' | 'interrupt' | undefined;
  private phaseTimer: NodeJS.Timeout | undefined;
  private pumpTimer: NodeJS.Timeout | undefined;

  constructor(private readonly stream: Duplex, options: AstmLinkOptions) {
    this.options = resolveAstmLinkOptions(options);
    this.codec = textCodec(this.options.encoding);
    this.reader = new FrameReader(this.options.maxReceiveFrameBytes);
    this.assembler = new MessageAssembler(this.codec);
    stream.on('data', (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk));
    stream.on('error', (error: Error) => this.log('error', 'stream-error', error.message));
    stream.on('end', () => this.onClosed());
    stream.on('close', () => this.onClosed());
  }

  /** What the link is doing now. */
  get phase(): AstmLinkPhase {
    return this.state.kind;
  }

  /** Messages accepted by `send()` and not yet delivered or failed. */
  get pendingSends(): number {
    return this.queue.length;
  }

  /**
   * Sends one message (its records, without CRs). Resolves once the receiver has acknowledged
   * every frame; rejects with an AstmLinkError when it refuses a frame 6 times, stops answering,
   * stays busy, or the connection closes.
   */
  send(records: string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.state.kind === 'closed') {
        reject(new AstmLinkError('closed', 'the ASTM link is closed'));
        return;
      }
      let frames: Buffer[];
      try {
        frames = buildMessageFrames(records.map((r) => this.codec.encode(r)), this.options.frameMode, this.options.maxFrameText);
      } catch (error) {
        reject(error);
        return;
      }
      this.queue.push({ frames, busyAttempts: 0, resolve, reject });
      this.pump();
    });
  }

  /** Stops the link: pending sends are rejected and the stream is ended. */
  close(): void {
    if (this.state.kind === 'closed') return;
    this.onClosed();
    this.stream.end();
  }

  // ---- establishment ------------------------------------------------------------------------

  private pump(): void {
    if (this.state.kind !== 'neutral' || this.queue.length === 0) return;
    const wait = this.holdUntil - Date.now();
    if (wait > 0) {
      clearTimeout(this.pumpTimer);
      this.pumpTimer = setTimeout(() => this.pump(), wait);
      return;
    }
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    this.holdReason = undefined;
    this.state = { kind: 'establishing', job: this.queue[0] };
    this.write(ENQ);
    this.armTimer(this.options.replyTimeoutMs, () => this.replyTimedOut('ENQ'));
  }

  private hold(ms: number, reason: 'busy' | 'contention' | 'interrupt'): void {
    this.holdUntil = Math.max(this.holdUntil, Date.now() + ms);
    this.holdReason = reason;
  }

  private onEstablishingControl(job: SendJob, byte: number): void {
    if (byte === ACK) {
      this.state = { kind: 'transferring', job, index: 0, attempts: 1, interruptRequested: false };
      this.sendCurrentFrame();
    } else if (byte === NAK) {
      this.clearTimer();
      this.state = { kind: 'neutral' };
      job.busyAttempts++;
      if (job.busyAttempts >= this.options.maxEstablishAttempts) {
        this.failCurrent('busy', `the receiver answered NAK to ${job.busyAttempts} ENQs`);
      } else {
        this.log('info', 'busy', `receiver busy (NAK to ENQ), retrying in ${this.options.busyRetryMs} ms`);
        this.hold(this.options.busyRetryMs, 'busy');
      }
      this.pump();
    } else if (byte === ENQ) {
      // Line contention: LIS1-A gives the line to the instrument. The host stays quiet and answers
      // the instrument's next ENQ; the instrument ignores the host's ENQ and tries again shortly.
      this.clearTimer();
      this.state = { kind: 'neutral' };
      const wait = this.options.role === 'host' ? this.options.contentionHostWaitMs : this.options.contentionInstrumentWaitMs;
      this.log('info', 'contention', `line contention: ${this.options.role === 'host' ? 'host yields' : 'instrument keeps priority'}, next ENQ in ${wait} ms`);
      this.hold(wait, 'contention');
      this.pump();
    } else {
      this.log('debug', 'ignored', `ignored ${controlName(byte)} while waiting for the reply to ENQ`);
    }
  }

  // ---- transfer (sender) --------------------------------------------------------------------

  private sendCurrentFrame(): void {
    if (this.state.kind !== 'transferring') return;
    this.write(this.state.job.frames[this.state.index]);
    this.armTimer(this.options.replyTimeoutMs, () => this.replyTimedOut(`frame ${this.state.kind === 'transferring' ? this.state.index + 1 : '?'}`));
  }

  private onTransferringControl(byte: number): void {
    const state = this.state;
    if (state.kind !== 'transferring') return;
    if (byte === ACK || byte === EOT) {
      this.clearTimer();
      if (byte === EOT) {
        // EOT in place of ACK: the frame is accepted and the receiver would like the line. We finish
        // the message (messages are never split) and then leave the line to the peer for a while.
        state.interruptRequested = true;
        this.log('info', 'interrupt-request', 'receiver asked to interrupt (EOT in place of ACK)');
      }
      state.index++;
      state.attempts = 1;
      if (state.index < state.job.frames.length) {
        this.sendCurrentFrame();
        return;
      }
      this.write(EOT);
      this.state = { kind: 'neutral' };
      this.queue.shift();
      state.job.resolve();
      if (state.interruptRequested) this.hold(this.options.interruptYieldMs, 'interrupt');
      this.pump();
    } else if (byte === NAK) {
      this.clearTimer();
      if (state.attempts >= this.options.maxFrameAttempts) {
        this.write(EOT);
        this.state = { kind: 'neutral' };
        this.failCurrent('frame-rejected', `frame ${state.index + 1} was rejected ${state.attempts} times; transfer aborted`);
        this.pump();
        return;
      }
      state.attempts++;
      this.log('warn', 'retransmit', `frame ${state.index + 1} rejected (NAK), sending it again (attempt ${state.attempts})`);
      this.sendCurrentFrame();
    } else {
      this.log('debug', 'ignored', `ignored ${controlName(byte)} while waiting for the reply to a frame`);
    }
  }

  private replyTimedOut(what: string): void {
    this.write(EOT);
    this.state = { kind: 'neutral' };
    this.failCurrent('reply-timeout', `no reply to ${what} within ${this.options.replyTimeoutMs} ms; transfer aborted`);
    this.pump();
  }

  private failCurrent(code: string, message: string): void {
    const job = this.queue.shift();
    this.log('error', code, message);
    job?.reject(new AstmLinkError(code, message));
  }

  // ---- transfer (receiver) ------------------------------------------------------------------

  private onNeutralEnq(): void {
    if (this.options.acceptSession && !this.options.acceptSession()) {
      this.log('info', 'refused', 'not ready: answered ENQ with NAK');
      this.write(NAK);
      return;
    }
    this.assembler.clear();
    this.state = { kind: 'receiving', lastFrameNumber: undefined };
    this.write(ACK);
    this.armTimer(this.options.receiveTimeoutMs, () => this.receiveTimedOut());
  }

  private onFrame(bytes: Buffer): void {
    const state = this.state;
    if (state.kind !== 'receiving') return;
    this.armTimer(this.options.receiveTimeoutMs, () => this.receiveTimedOut());
    const frame = decodeFrame(bytes, this.options.maxReceiveFrameText);
    if (!frame.ok) {
      this.log('warn', frame.code, `frame rejected: ${frame.reason}`);
      this.write(NAK);
      return;
    }
    if (state.lastFrameNumber === frame.frameNumber) {
      // Our ACK was lost and the sender repeated the frame: acknowledge it again, keep one copy.
      this.log('info', 'duplicate-frame', `frame number ${frame.frameNumber} repeated: acknowledged and discarded`);
      this.write(ACK);
      return;
    }
    const expected = ((state.lastFrameNumber ?? 0) + 1) % 8;
    if (frame.frameNumber !== expected) {
      this.log('warn', 'bad-frame-number', `frame number ${frame.frameNumber}, expected ${expected}`);
      this.write(NAK);
      return;
    }
    state.lastFrameNumber = frame.frameNumber;
    this.assembler.add(frame.text, frame.final);
    const wantLine = this.options.requestInterrupt && this.queue.length > 0;
    this.write(wantLine ? EOT : ACK);
  }

  private onReceivingControl(byte: number): void {
    if (byte === EOT) {
      this.clearTimer();
      this.state = { kind: 'neutral' };
      const transfer = this.assembler.take();
      for (const records of transfer.messages) this.deliver(records);
      for (const records of transfer.incomplete) {
        this.log('warn', 'incomplete-message', `message without its terminator record (${records.length} records, starting ${JSON.stringify(records[0]?.slice(0, 30))})${this.options.deliverIncomplete ? '' : ': discarded'}`);
        if (this.options.deliverIncomplete) this.deliver(records);
      }
      if (this.holdReason === 'interrupt') this.holdUntil = 0;
      this.pump();
    } else if (byte === ENQ) {
      // The sender gave up on its transfer (e.g. our replies were lost) and starts again.
      this.log('warn', 'session-restarted', 'ENQ during a transfer: the partial message is discarded');
      this.clearTimer();
      this.state = { kind: 'neutral' };
      this.onNeutralEnq();
    } else {
      this.log('debug', 'ignored', `ignored ${controlName(byte)} while receiving`);
    }
  }

  private receiveTimedOut(): void {
    this.log('warn', 'receive-timeout', `no frame or EOT within ${this.options.receiveTimeoutMs} ms: the partial message is discarded`);
    this.assembler.clear();
    this.reader.reset();
    this.state = { kind: 'neutral' };
    this.pump();
  }

  private deliver(records: string[]): void {
    if (!this.options.onMessage) {
      this.log('info', 'message-unhandled', `message of ${records.length} records received with no onMessage handler`);
      return;
    }
    try {
      const outcome = this.options.onMessage(records);
      if (outcome instanceof Promise) outcome.catch((error: unknown) => this.log('error', 'handler-failed', String(error)));
    } catch (error) {
      this.log('error', 'handler-failed', String(error));
    }
  }

  // ---- bytes in and out ---------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    this.options.onTraffic?.({ direction: 'in', bytes: Buffer.from(chunk), at: new Date() });
    for (const event of this.reader.push(chunk)) this.onEvent(event);
  }

  private onEvent(event: ReaderEvent): void {
    const state = this.state;
    if (state.kind === 'closed') return;
    if (event.kind === 'control') {
      if (state.kind === 'neutral') {
        if (event.byte === ENQ) this.onNeutralEnq();
        else this.log('debug', 'ignored', `ignored ${controlName(event.byte)} on an idle line`);
      } else if (state.kind === 'establishing') this.onEstablishingControl(state.job, event.byte);
      else if (state.kind === 'transferring') this.onTransferringControl(event.byte);
      else this.onReceivingControl(event.byte);
      return;
    }
    const receiving = state.kind === 'receiving';
    if (event.kind === 'frame') {
      if (receiving) this.onFrame(event.bytes);
      else this.log('warn', 'unexpected-frame', `frame received outside a transfer (${state.kind}): ignored`);
    } else if (event.kind === 'oversized-frame') {
      this.log('warn', 'frame-too-long', `frame of ${event.length} bytes dropped`);
      if (receiving) this.write(NAK);
    } else {
      this.log('warn', 'garbage', `${event.bytes.length} stray bytes: ${JSON.stringify(event.bytes.toString('latin1').slice(0, 40))}`);
      // A line without STX is most likely a frame whose start was garbled: ask for it again.
      if (receiving && event.lineEnded) this.write(NAK);
    }
  }

  private write(data: Buffer | number): void {
    const bytes = typeof data === 'number' ? Buffer.from([data]) : data;
    if (this.stream.destroyed || this.stream.writableEnded) return;
    this.options.onTraffic?.({ direction: 'out', bytes: Buffer.from(bytes), at: new Date() });
    this.stream.write(bytes);
  }

  private armTimer(ms: number, onExpiry: () => void): void {
    clearTimeout(this.phaseTimer);
    this.phaseTimer = setTimeout(onExpiry, ms);
  }

  private clearTimer(): void {
    clearTimeout(this.phaseTimer);
    this.phaseTimer = undefined;
  }

  private onClosed(): void {
    if (this.state.kind === 'closed') return;
    if (this.state.kind === 'receiving' && !this.assembler.isEmpty) {
      this.log('warn', 'incomplete-message', 'connection closed during a transfer: the partial message is discarded');
    }
    this.state = { kind: 'closed' };
    this.clearTimer();
    clearTimeout(this.pumpTimer);
    for (const job of this.queue.splice(0)) job.reject(new AstmLinkError('closed', 'the connection closed before the message was delivered'));
    this.options.onClose?.();
  }

  private log(level: LinkLogEntry['level'], code: string, message: string): void {
    this.options.onLog?.({ level, code, message });
  }
}
