import type { Duplex } from 'node:stream';
import type { InstrumentState } from '../../contracts/instruments.ts';
import type { InstrumentSession } from '../drivers/session.ts';

/** What a runner reports about its connection (the manager adds owner and timestamps). */
export interface RunnerStatus {
  state: InstrumentState;
  listening?: { host: string; port: number };
  peers: string[];
  lastError?: string;
  since: string;
}

/** Opens a protocol session on a byte stream, under a name for the ledger (`tcp 10.1.2.3:50211 #4`). */
export type SessionFactory = (stream: Duplex, connection: string) => InstrumentSession;

/** One instrument's transport: a listening TCP server, a TCP client that redials, or a serial port that reopens. */
export interface Runner {
  start(): Promise<void>;
  /** Closes the transport and every session; resolves once the port is released. */
  stop(): Promise<void>;
  status(): RunnerStatus;
}

let sequence = 0;
/** A per-process number that tells apart successive connections from the same address in the ledger. */
export function nextConnectionNumber(): number {
  sequence = (sequence + 1) % 1_000_000;
  return sequence;
}
