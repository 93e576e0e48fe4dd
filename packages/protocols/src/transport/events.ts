/** A diagnostic from a link: protocol errors are reported here rather than thrown (a bad frame must never crash a listener). */
export interface LinkLogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  /** Stable machine-readable code, e.g. `bad-checksum`, `contention`, `reply-timeout`. */
  code: string;
  message: string;
}

/** Every byte exchanged, for the message log the LIS keeps. */
export interface TrafficEvent {
  direction: 'in' | 'out';
  bytes: Buffer;
  at: Date;
}

export type LogListener = (entry: LinkLogEntry) => void;
export type TrafficListener = (event: TrafficEvent) => void;
