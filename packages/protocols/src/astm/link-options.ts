import type { LogListener, TrafficListener } from '../transport/events.ts';
import type { FrameMode } from './message-frames.ts';

/**
 * Which end of the line we are. LIS1-A resolves line contention (both sides send ENQ at once) in
 * favour of the instrument: the computer system (host, the LIS) yields.
 */
export type AstmRole = 'host' | 'instrument';

export interface AstmLinkOptions {
  role: AstmRole;
  /** Character set of record text: `latin1` (default), `ascii`, `utf-8`, `gb18030`. */
  encoding?: string;
  /** Records → frames when sending (receiving accepts both). Default `record`. */
  frameMode?: FrameMode;
  /** Text bytes per frame when sending; default and maximum 240. */
  maxFrameText?: number;
  /** Sender: how long to wait for the reply to ENQ or to a frame. LIS1-A: 15 s. */
  replyTimeoutMs?: number;
  /** Receiver: how long to wait for the next frame or EOT. LIS1-A: 30 s. */
  receiveTimeoutMs?: number;
  /** Sender: wait after a NAK to our ENQ (receiver busy) before trying again. LIS1-A: at least 10 s. */
  busyRetryMs?: number;
  /** Host after contention: wait before its next ENQ. LIS1-A: at least 20 s. */
  contentionHostWaitMs?: number;
  /** Instrument after contention: wait before re-sending ENQ. LIS1-A: at least 1 s. */
  contentionInstrumentWaitMs?: number;
  /** Transmissions of one frame before the sender gives up (LIS1-A: 6). */
  maxFrameAttempts?: number;
  /** ENQs answered with NAK before a send is rejected. Default 6. */
  maxEstablishAttempts?: number;
  /** After the peer asked to interrupt (EOT in place of ACK), leave the line to it this long. Default 15 s. */
  interruptYieldMs?: number;
  /** Receiver: answer frames with EOT instead of ACK while we have messages waiting (the peer may honour it). */
  requestInterrupt?: boolean;
  /** Receiver: return false to answer an ENQ with NAK (busy). */
  acceptSession?: () => boolean;
  /** Frames longer than this (bytes, STX … LF) are dropped and NAKed. Default 64 KiB: some analyzers exceed 247. */
  maxReceiveFrameBytes?: number;
  /** Receiver: frames with more than this many text bytes are NAKed. Default: no limit beyond `maxReceiveFrameBytes`. */
  maxReceiveFrameText?: number;
  /**
   * Deliver messages that lack their L record (sender aborted, or an analyzer that never sends L).
   * Default false: they are reported as `incomplete-message` and dropped.
   */
  deliverIncomplete?: boolean;
  /** A complete message (H … L) received, as its records. A returned promise is awaited only to report its failure. */
  onMessage?: (records: string[]) => unknown;
  onLog?: LogListener;
  onTraffic?: TrafficListener;
  onClose?: () => void;
}

export type ResolvedAstmLinkOptions = Required<Omit<AstmLinkOptions, 'onMessage' | 'onLog' | 'onTraffic' | 'onClose' | 'acceptSession' | 'maxReceiveFrameText'>> &
  Pick<AstmLinkOptions, 'onMessage' | 'onLog' | 'onTraffic' | 'onClose' | 'acceptSession' | 'maxReceiveFrameText'>;

/** LIS1-A defaults for everything the caller leaves out. */
export function resolveAstmLinkOptions(options: AstmLinkOptions): ResolvedAstmLinkOptions {
  return {
    encoding: 'latin1',
    frameMode: 'record',
    maxFrameText: 240,
    replyTimeoutMs: 15_000,
    receiveTimeoutMs: 30_000,
    busyRetryMs: 10_000,
    contentionHostWaitMs: 20_000,
    contentionInstrumentWaitMs: 1_000,
    maxFrameAttempts: 6,
    maxEstablishAttempts: 6,
    interruptYieldMs: 15_000,
    requestInterrupt: false,
    deliverIncomplete: false,
    maxReceiveFrameBytes: 64 * 1024,
    ...stripUndefined(options),
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
