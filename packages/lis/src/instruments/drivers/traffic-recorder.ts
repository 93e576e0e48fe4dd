import type { Hl7Message, LinkLogEntry, TextCodec, TrafficEvent } from '@medunion/protocols';
import type { InstrumentMessageKind, InstrumentProtocol } from '../../contracts/instruments.ts';
import type { LinkEvent, MessageRow } from '../store/message-ledger.ts';
import { decodeAstmTransfer, decodeHl7Frame, describeAstm, describeHl7 } from './decode-transfer.ts';
import type { LedgerWriter } from './ledger-writer.ts';
import { renderTraffic } from './render.ts';

const EOT = 0x04;
const ENQ = 0x05;
const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;

type Direction = 'in' | 'out';

/** Who the entries belong to; read at each cut (the instrument's code may be edited while connected). */
export interface RecorderContext {
  institution: string;
  instrumentId: string;
  instrumentCode: string;
  connection: string;
  protocol: InstrumentProtocol;
}

/** A ledger entry for one message, as drivers see it: to tie processing outcomes to it. */
export interface RecordedMessage {
  direction: Direction;
  /** Resolves to the ledger id once written (undefined if the write failed). */
  id: Promise<string | undefined>;
  /** ASTM: the complete messages of the transfer, by records. */
  astm?: string[][];
  /** HL7: the frame's payload and the message it carries. */
  payload?: Buffer;
  hl7?: Hl7Message;
  claimed: number;
}

interface Pending {
  row: MessageRow;
  recorded?: RecordedMessage;
  written?: (id: string | undefined) => void;
}

const LINE_NOISE = new Set([0x00, 0x0a, 0x0d, 0x20]);

/**
 * Cuts the bytes of one connection into ledger entries, so the ledger holds every byte exchanged, grouped the way a
 * person reads traffic:
 * - ASTM: a transfer (ENQ … EOT) is one `message` entry in its direction; the other side's ACK/NAK replies during it
 *   are one `link` entry; bytes on an idle line are `noise`.
 * - HL7: each MLLP frame (VT … FS CR) is one `message` entry; bytes between frames are `noise`.
 * Link diagnostics (bad checksum → NAK, garbage, timeouts) are attached to the entry they happened in. Entries are
 * written a tick after the cut, so a diagnostic raised right after the closing byte still lands in its entry.
 */
export class TrafficRecorder {
  private readonly buffers: Record<Direction, { chunks: Buffer[]; at?: Date; last?: Date }> = { in: { chunks: [] }, out: { chunks: [] } };
  private pendingEvents: LinkEvent[] = [];
  private justCut: Pending[] = [];
  private flushScheduled = false;
  private readonly inbound: RecordedMessage[] = [];
  private closed = false;

  constructor(
    private readonly context: () => RecorderContext,
    private readonly codec: TextCodec,
    private readonly writer: LedgerWriter,
    /** HL7: the charset for frames whose MSH-18 is empty. */
    private readonly defaultCharset = 'utf-8',
  ) {}

  private get protocol(): InstrumentProtocol {
    return this.context().protocol;
  }

  /** Feed every byte exchanged (the protocol engines' `onTraffic`). */
  readonly traffic = (event: TrafficEvent): void => {
    if (this.closed) return;
    const dir = event.direction;
    const bytes = Buffer.from(event.bytes);
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== (this.protocol === 'astm' ? EOT : FS)) continue;
      // MLLP: the CR after FS belongs to the frame (a CR arriving in a later chunk opens the next entry instead).
      const end = this.protocol === 'hl7' && bytes[i + 1] === CR ? i + 2 : i + 1;
      this.append(dir, bytes.subarray(start, end), event.at);
      start = end;
      i = end - 1;
      this.cut(dir, event.at);
    }
    if (start < bytes.length) this.append(dir, bytes.subarray(start), event.at);
  };

  /** Feed the link's diagnostics (`onLog`). */
  readonly log = (entry: LinkLogEntry): void => {
    if (entry.level === 'debug') return;
    const event: LinkEvent = { level: entry.level, code: entry.code, message: entry.message };
    // Raised by the byte that closed a message (`incomplete-message` at EOT, `frame-rejected` after our EOT, a bad
    // checksum in a transfer that arrived in one chunk): it belongs to that message.
    const target = this.justCut.find((p) => p.row.kind === 'message');
    if (target) {
      target.row.events.push(event);
      return;
    }
    this.pendingEvents.push(event);
    // Noise on an idle line: write it now, as its own entry, so the ledger shows it where it happened.
    if (entry.code === 'garbage' && !this.startsMessage(this.buffers.in.chunks)) this.cut('in', new Date(), 'noise');
  };

  /** The inbound message a driver is processing: the first unclaimed one that matches. */
  claimInbound(match: (m: RecordedMessage) => boolean): RecordedMessage | undefined {
    const found = this.inbound.find(match);
    if (found) {
      found.claimed++;
      if (!found.astm || found.claimed >= found.astm.length) this.inbound.splice(this.inbound.indexOf(found), 1);
    }
    return found;
  }

  claimAstm(records: string[]): RecordedMessage | undefined {
    const text = records.join('\r');
    return this.claimInbound((m) => !!m.astm?.some((g) => g.join('\r') === text));
  }

  claimHl7(payload: Buffer): RecordedMessage | undefined {
    return this.claimInbound((m) => !!m.payload?.equals(payload));
  }

  /** An entry of kind `connection` (opened, closed, refused), with no bytes. */
  note(outcome: string, detail: string): void {
    this.enqueue({ row: { ...this.baseRow('in', 'connection', new Date()), outcome, detail, text: detail, raw: Buffer.alloc(0) } });
  }

  /** Writes whatever is left (a message cut short by a disconnect, trailing noise). */
  close(): void {
    if (this.closed) return;
    const now = new Date();
    this.cut('in', now);
    this.cut('out', now);
    this.flush();
    this.closed = true;
  }

  private append(dir: Direction, bytes: Buffer, at: Date): void {
    if (!bytes.length) return;
    const buffer = this.buffers[dir];
    buffer.at ??= at;
    buffer.last = at;
    buffer.chunks.push(Buffer.from(bytes));
  }

  private startsMessage(chunks: Buffer[]): boolean {
    const marker = this.protocol === 'astm' ? ENQ : VT;
    return chunks.some((c) => c.includes(marker));
  }

  /** Ends the current entry of `dir` (the closing byte is in it); for ASTM the other side's replies end with it. */
  private cut(dir: Direction, at: Date, forceKind?: InstrumentMessageKind): void {
    const bytes = this.take(dir);
    if (bytes.raw.length) this.emit(dir, bytes, forceKind);
    if (this.protocol === 'astm' && !forceKind) {
      const other: Direction = dir === 'in' ? 'out' : 'in';
      const replies = this.take(other);
      if (replies.raw.length) this.enqueue({ row: { ...this.baseRow(other, 'link', replies.at ?? at), endedAt: replies.last, outcome: 'link', text: this.render(replies.raw), raw: replies.raw } });
    }
    this.scheduleFlush();
  }

  private take(dir: Direction): { raw: Buffer; at?: Date; last?: Date } {
    const buffer = this.buffers[dir];
    const taken = { raw: Buffer.concat(buffer.chunks), at: buffer.at, last: buffer.last };
    this.buffers[dir] = { chunks: [] };
    return taken;
  }

  private emit(dir: Direction, bytes: { raw: Buffer; at?: Date; last?: Date }, forceKind?: InstrumentMessageKind): void {
    const marker = this.protocol === 'astm' ? ENQ : VT;
    let start = forceKind === 'noise' ? -1 : bytes.raw.indexOf(marker);
    // Stray line ends before a message (a CR that trailed the previous frame) stay with it.
    if (start > 0 && bytes.raw.subarray(0, start).every((b) => LINE_NOISE.has(b))) start = 0;
    const at = bytes.at ?? new Date();
    if (start !== 0) {
      // Bytes before the message starts (or with no message at all) are line noise.
      const noise = start < 0 ? bytes.raw : bytes.raw.subarray(0, start);
      this.enqueue({ row: { ...this.baseRow(dir, 'noise', at), endedAt: start < 0 ? bytes.last : at, outcome: 'noise', text: this.render(noise), raw: noise } });
      if (start < 0) return;
    }
    const raw = bytes.raw.subarray(start);
    const row: MessageRow = { ...this.baseRow(dir, 'message', at), endedAt: bytes.last, outcome: dir === 'in' ? 'received' : 'sent', text: this.render(raw), raw };
    let written!: (id: string | undefined) => void;
    const recorded: RecordedMessage = { direction: dir, id: new Promise((resolve) => (written = resolve)), claimed: 0 };
    if (this.protocol === 'astm') {
      const decoded = decodeAstmTransfer(raw, this.codec);
      recorded.astm = decoded.messages;
      const described = decoded.messages.length ? describeAstm(decoded.messages.flat()) : undefined;
      Object.assign(row, described ?? {});
      const ended = raw.at(-1) === EOT;
      if (!decoded.messages.length || decoded.incomplete || !ended) row.outcome = decoded.messages.length || raw.length > 2 ? 'incomplete' : dir === 'in' ? 'received' : 'sent';
    } else {
      const payload = frameFromMllp(raw);
      recorded.payload = payload;
      const decoded = decodeHl7Frame(payload, this.defaultCharset);
      if (decoded.message) {
        recorded.hl7 = decoded.message;
        Object.assign(row, describeHl7(decoded.message));
      } else {
        row.outcome = 'unparseable';
        row.detail = decoded.error;
      }
      if (!raw.includes(FS)) row.outcome = 'incomplete';
    }
    const pending: Pending = { row, recorded, written };
    this.enqueue(pending);
    if (dir === 'in' && (recorded.astm?.length || recorded.payload)) this.inbound.push(recorded);
    // A message nobody claims (an answer to one of our sends, one the link discarded) must not be matched later.
    if (this.inbound.length > 32) this.inbound.shift();
  }

  private baseRow(direction: Direction, kind: InstrumentMessageKind, at: Date): Omit<MessageRow, 'outcome' | 'text' | 'raw'> {
    const c = this.context();
    return { institution: c.institution, instrumentId: c.instrumentId, instrumentCode: c.instrumentCode, connection: c.connection, protocol: c.protocol, direction, kind, at, events: [] };
  }

  private enqueue(pending: Pending): void {
    if (pending.row.kind === 'message' || pending.row.kind === 'noise') {
      pending.row.events.push(...this.pendingEvents);
      this.pendingEvents = [];
    }
    this.justCut.push(pending);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || !this.justCut.length) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.justCut;
    this.justCut = [];
    for (const p of batch) {
      if (p.row.direction === 'out' && p.row.kind === 'message' && p.row.events.some((e) => e.level === 'error')) p.row.outcome = 'failed';
      const id = this.writer.insert(p.row);
      if (p.written) void id.then(p.written);
    }
  }

  private render(raw: Buffer): string {
    return renderTraffic(raw, this.codec, this.protocol === 'astm' ? 'LF' : 'CR');
  }
}

/** The payload of `<VT> payload <FS><CR>` (what MllpConnection hands to its handler as `raw`). */
function frameFromMllp(raw: Buffer): Buffer {
  const start = raw.indexOf(VT);
  const end = raw.lastIndexOf(FS);
  return raw.subarray(start + 1, end < 0 ? raw.length : end);
}
