import type { Duplex } from 'node:stream';
import { startAstmSession } from './astm-session.ts';
import { startHl7Session } from './hl7-session.ts';
import type { InstrumentSession, SessionDeps } from './session.ts';

/** The driver for the instrument's protocol, over any byte stream (TCP socket, serial port). */
export function openSession(stream: Duplex, deps: SessionDeps): InstrumentSession {
  return deps.instrument().connection.protocol === 'hl7' ? startHl7Session(stream, deps) : startAstmSession(stream, deps);
}
