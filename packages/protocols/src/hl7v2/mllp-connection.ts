import type { Duplex } from 'node:stream';
import type { LinkLogEntry, LogListener, TrafficListener } from '../transport/events.ts';
import { buildAck, HL7_ERROR_CODES } from './ack.ts';
import { decodeHl7, encodeHl7 } from './charset.ts';
import { Hl7Message } from './message.ts';
import { encodeMllp, MllpDecoder } from './mllp.ts';

/** A message that got no answer (`ack-timeout`) or could not be sent (`closed`). */
export class MllpError extends Error {
  readonly code: 'ack-timeout' | 'closed';

  constructor(code: 'ack-timeout' | 'closed', message: string) {
    super(message);
    this.name = 'MllpError';
    this.code = code;
  }
}

export interface MllpConnectionOptions {
  /** How long `send()` waits for the answer whose MSA-2 names the message. Default 30 s. */
  ackTimeoutMs?: number;
  /** Charset when MSH-18 is empty. Default UTF-8. */
  defaultCharset?: string;
  /** Larger frames are dropped (and reported). Default 16 MiB. */
  maxMessageBytes?: number;
  /**
   * A message that is not the answer to one of our sends. A message returned (or resolved) is sent
   * back as the reply; if the handler throws, the sender gets an AE acknowledgement (table 0357
   * code 207) carrying the error text.
   */
  onMessage?: (message: Hl7Message, raw: Buffer) => Hl7Message | void | Promise<Hl7Message | void>;
  onLog?: LogListener;
  onTraffic?: TrafficListener;
  onClose?: () => void;
}

interface Pending {
  resolve: (answer: Hl7Message) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * HL7 v2 over MLLP on any byte stream. Sends wait, one at a time (original-mode HL7), for the
 * answer whose MSA-2 echoes their MSH-10; other incoming messages go to `onMessage`.
 */
export class MllpConnection {
  private readonly decoder: MllpDecoder;
  private readonly pending = new Map<string, Pending>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly ackTimeoutMs: number;
  private readonly defaultCharset: string;

  constructor(private readonly stream: Duplex, private readonly options: MllpConnectionOptions = {}) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
    this.defaultCharset = options.defaultCharset ?? 'utf-8';
    this.decoder = new MllpDecoder(options.maxMessageBytes);
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    stream.on('error', (error: Error) => this.log('error', 'stream-error', error.message));
    stream.on('end', () => this.onClosed());
    stream.on('close', () => this.onClosed());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Sends a message. With `awaitResponse` (default) resolves with the answer (ACK, QCK, …) once it
   * arrives, and rejects with MllpError `ack-timeout` after `timeoutMs`. Such sends go one at a time.
   * Without it (replies), it is written at once and resolves with undefined.
   */
  send(message: Hl7Message | string, options: { awaitResponse?: boolean; timeoutMs?: number } = {}): Promise<Hl7Message | undefined> {
    const parsed = typeof message === 'string' ? Hl7Message.parse(message) : message;
    if (options.awaitResponse === false) {
      return this.closed ? Promise.reject(new MllpError('closed', 'connection closed')) : Promise.resolve(this.write(parsed)).then(() => undefined);
    }
    const run = (): Promise<Hl7Message> => this.exchange(parsed, options.timeoutMs ?? this.ackTimeoutMs);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.onClosed();
    this.stream.end();
  }

  private exchange(message: Hl7Message, timeoutMs: number): Promise<Hl7Message> {
    return new Promise<Hl7Message>((resolve, reject) => {
      if (this.closed) {
        reject(new MllpError('closed', 'connection closed'));
        return;
      }
      const controlId = message.controlId;
      const timer = setTimeout(() => {
        this.pending.delete(controlId);
        const text = `no answer to ${message.messageType.code}^${message.messageType.trigger} ${controlId} within ${timeoutMs} ms`;
        this.log('warn', 'ack-timeout', text);
        reject(new MllpError('ack-timeout', text));
      }, timeoutMs);
      this.pending.set(controlId, { resolve, reject, timer });
      this.write(message);
    });
  }

  private write(message: Hl7Message): void {
    const frame = encodeMllp(encodeHl7(message, this.defaultCharset));
    if (this.stream.destroyed || this.stream.writableEnded) return;
    this.options.onTraffic?.({ direction: 'out', bytes: frame, at: new Date() });
    this.stream.write(frame);
  }

  private onData(chunk: Buffer): void {
    this.options.onTraffic?.({ direction: 'in', bytes: Buffer.from(chunk), at: new Date() });
    for (const event of this.decoder.push(chunk)) {
      if (event.kind === 'garbage') this.log('warn', 'garbage', `${event.bytes.length} bytes outside MLLP frames skipped: ${JSON.stringify(event.bytes.toString('latin1').slice(0, 40))}`);
      else if (event.kind === 'oversized') this.log('error', 'message-too-large', `MLLP frame of ${event.length} bytes dropped`);
      else this.onFrame(event.payload);
    }
  }

  private onFrame(payload: Buffer): void {
    let message: Hl7Message;
    try {
      message = decodeHl7(payload, this.defaultCharset);
    } catch (error) {
      this.log('error', 'unparseable', `${(error as Error).message}: ${JSON.stringify(payload.toString('latin1').slice(0, 60))}`);
      return;
    }
    const answers = message.segment('MSA') ? message.get('MSA-2') : undefined;
    const waiting = answers === undefined ? undefined : this.pending.get(answers);
    if (waiting && answers !== undefined) {
      clearTimeout(waiting.timer);
      this.pending.delete(answers);
      waiting.resolve(message);
      return;
    }
    void this.handle(message, payload);
  }

  private async handle(message: Hl7Message, raw: Buffer): Promise<void> {
    if (!this.options.onMessage) {
      this.log('info', 'message-unhandled', `${message.messageType.code}^${message.messageType.trigger} ${message.controlId} received with no handler`);
      return;
    }
    try {
      const reply = await this.options.onMessage(message, raw);
      if (reply && !this.closed) this.write(reply);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.log('error', 'handler-failed', text);
      if (!message.segment('MSA') && !this.closed) {
        this.write(buildAck(message, { code: 'AE', errors: [{ code: HL7_ERROR_CODES.applicationInternalError, text }] }));
      }
    }
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const event of this.decoder.finish()) {
      if (event.kind === 'garbage') this.log('warn', 'incomplete-message', `connection closed inside a frame: ${event.bytes.length} bytes dropped`);
    }
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new MllpError('closed', `connection closed before ${id} was answered`));
    }
    this.pending.clear();
    this.options.onClose?.();
  }

  private log(level: LinkLogEntry['level'], code: string, message: string): void {
    this.options.onLog?.({ level, code, message });
  }
}
