import type { Logger, Queryable } from '@medunion/kernel';
import type { LinkLogEntry, TextCodec } from '@medunion/protocols';
import { textCodec } from '@medunion/protocols';
import type { Instrument } from '../../contracts/instruments.ts';
import type { IngestOutcome } from '../ingest/received.ts';
import type { InstrumentServices } from '../ingest/services.ts';
import { LedgerWriter } from './ledger-writer.ts';
import { TrafficRecorder } from './traffic-recorder.ts';

/** What a protocol session needs: the instrument's live configuration, the LIS areas, the ledger's database. */
export interface SessionDeps {
  db: Queryable;
  log: Logger;
  services: InstrumentServices;
  /** Read at each message: channel edits apply without reconnecting. */
  instrument: () => Instrument;
  /** Names the transport session in the ledger, e.g. `tcp 127.0.0.1:50211 #3`. */
  connection: string;
  /** Called after each message handled (status `lastMessageAt`). */
  onActivity?: () => void;
}

/** One open connection speaking a protocol; `closed` resolves when the peer or `close()` ended it. */
export interface InstrumentSession {
  close(): void;
  readonly closed: Promise<void>;
  /** Resolves once the ledger has written everything seen so far. */
  drained(): Promise<void>;
}

/** The parts every driver shares: the ledger recorder, a log hook, and the per-connection processing queue. */
export class SessionBase {
  readonly codec: TextCodec;
  readonly writer: LedgerWriter;
  readonly recorder: TrafficRecorder;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly deps: SessionDeps, defaultEncoding: string) {
    const instrument = deps.instrument();
    this.codec = textCodec(instrument.connection.encoding ?? defaultEncoding);
    this.writer = new LedgerWriter(deps.db, deps.log);
    this.recorder = new TrafficRecorder(
      () => {
        const current = deps.instrument();
        return { institution: current.institution, instrumentId: current.id, instrumentCode: current.code, connection: deps.connection, protocol: current.connection.protocol };
      },
      this.codec,
      this.writer,
      instrument.connection.encoding ?? defaultEncoding,
    );
    this.recorder.note('opened', `连接已建立 / connection opened: ${deps.connection}`);
  }

  readonly onLog = (entry: LinkLogEntry): void => {
    this.recorder.log(entry);
    if (entry.level === 'warn' || entry.level === 'error') this.deps.log.warn({ instrument: this.deps.instrument().code, code: entry.code, connection: this.deps.connection }, entry.message);
  };

  /** Messages of one connection are handled one after another, in the order they arrived. */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  onClosed(): void {
    this.recorder.close();
    this.recorder.note('closed', `连接已关闭 / connection closed: ${this.deps.connection}`);
  }
}

/** The ledger outcome of a results message: processed, partly-unmatched or unmatched, with what happened per sample. */
export function resultsOutcome(outcomes: IngestOutcome[]): { outcome: string; detail: string } {
  const total = (k: 'recorded' | 'qc' | 'held') => outcomes.reduce((n, o) => n + o[k], 0);
  const stored = total('recorded') + total('qc');
  const outcome = total('held') === 0 ? 'processed' : stored > 0 ? 'partly-unmatched' : 'unmatched';
  const detail = outcomes
    .map((o) => `${o.sampleId || '?'}: ${o.recorded} recorded${o.qc ? `, ${o.qc} QC` : ''}${o.held ? `, ${o.held} held (${o.problems.map((p) => p.text).join('; ')})` : ''}`)
    .join(' | ');
  return { outcome, detail };
}
