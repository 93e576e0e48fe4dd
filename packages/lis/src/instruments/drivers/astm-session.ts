import type { Duplex } from 'node:stream';
import {
  AstmLink,
  buildHeader,
  buildOrder,
  buildPatient,
  buildTerminator,
  encodeAstmMessage,
  groupAstmMessage,
  parseAstmDate,
  parseAstmMessage,
  type AstmOrderEntry,
  type AstmQuery,
  type AstmRecord,
} from '@medunion/protocols';
import type { Instrument } from '../../contracts/instruments.ts';
import { ingestSample } from '../ingest/ingest-results.ts';
import type { IngestOutcome, ReceivedResult, ReceivedSample } from '../ingest/received.ts';
import { worklistFor } from '../ingest/worklist.ts';
import type { RecordedMessage } from './traffic-recorder.ts';
import { resultsOutcome, SessionBase, type InstrumentSession, type SessionDeps } from './session.ts';

const CHINA = 480;

/** A message that asks (Q records) and reports nothing (no O or R records). */
const isQueryOnly = (records: string[]): boolean => records.some((r) => r.startsWith('Q')) && !records.some((r) => r.startsWith('O') || r.startsWith('R'));

/**
 * The LIS as the host (computer system) of an ASTM E1381/E1394 analyzer: the link layer (ENQ/ACK/NAK/EOT, frame
 * checksums, retransmission, timeouts) is `AstmLink`; this answers host queries (Q → the specimen's orders as O
 * records, in the analyzer's channel codes) and takes results (O + R, with C comments) into the LIS.
 */
export function startAstmSession(stream: Duplex, deps: SessionDeps): InstrumentSession {
  const base = new SessionBase(deps, 'latin1');
  const config = deps.instrument().connection;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const link: AstmLink = new AstmLink(stream, {
    role: 'host',
    encoding: base.codec.name,
    frameMode: config.frameMode ?? 'record',
    replyTimeoutMs: config.timeouts?.replyMs,
    receiveTimeoutMs: config.timeouts?.receiveMs,
    onTraffic: base.recorder.traffic,
    onLog: base.onLog,
    onMessage: (records) => {
      const entry = base.recorder.claimAstm(records);
      // A host query is answered at once: the analyzer waits for its worklist within its own timeout, while results it
      // sent before (acknowledged frame by frame, so it does not wait for them) may still be queued for recording.
      const work = () => handle(records, entry);
      return (isQueryOnly(records) ? work() : base.serially(work)).catch((err: unknown) => {
        deps.log.error({ err, instrument: deps.instrument().code }, 'ASTM message not processed');
        if (entry) void base.writer.complete(entry.id, { outcome: 'failed', detail: `处理失败 / processing failed: ${(err as Error).message}` });
      });
    },
    onClose: () => {
      base.onClosed();
      resolveClosed();
    },
  });

  async function handle(records: string[], entry: RecordedMessage | undefined): Promise<void> {
    const instrument = deps.instrument();
    let tree;
    try {
      tree = groupAstmMessage(parseAstmMessage(records));
    } catch (error) {
      if (entry) await base.writer.complete(entry.id, { outcome: 'rejected', detail: `无法解析 / unparseable: ${(error as Error).message}` });
      return;
    }
    const notes: string[] = [];
    let answered = 0;
    for (const query of tree.queries) {
      const found = await answerQuery(instrument, query, notes);
      if (found) answered++;
    }
    const outcomes: IngestOutcome[] = [];
    const messageId = entry ? await entry.id : undefined;
    for (const patient of tree.patients) {
      for (const order of patient.orders) {
        const sample = receivedSample(order, instrument);
        if (!sample.results.length) continue;
        outcomes.push(await ingestSample({ db: deps.db, services: deps.services, instrument, messageId }, sample));
      }
    }
    deps.onActivity?.();
    if (!entry) return;
    if (outcomes.length) {
      const { outcome, detail } = resultsOutcome(outcomes);
      await base.writer.complete(entry.id, { outcome, detail: [detail, ...notes].join(' | ') });
    } else if (tree.queries.length) {
      await base.writer.complete(entry.id, { outcome: answered ? 'answered' : 'not-found', detail: notes.join(' | ') });
    } else {
      await base.writer.complete(entry.id, { outcome: 'processed', detail: '无结果或查询 / no results or queries' });
    }
  }

  /** Q → H, P, O (the tests this analyzer runs, report type Q), L|F; or H, L|I when there is nothing to run. */
  async function answerQuery(instrument: Instrument, query: AstmQuery, notes: string[]): Promise<boolean> {
    const asked = query.specimenId || query.patientId;
    const requested = query.tests.map((t) => t.code);
    const answer = await worklistFor(deps.services, instrument, asked, requested);
    const header = buildHeader({ sender: ['LIS'], receiverId: instrument.code, processingId: 'P' });
    let records: AstmRecord[];
    if (answer.found) {
      const p = answer.patient;
      records = [
        header,
        buildPatient({ sequence: 1, practicePatientId: p?.id, name: p?.name, birthDate: p?.birthDate?.replaceAll('-', ''), sex: p?.sex }),
        buildOrder({
          sequence: 1,
          specimenId: asked,
          instrumentSpecimenId: answer.sampleNumber,
          tests: answer.tests.map((t) => t.channel),
          priority: answer.stat ? 'S' : 'R',
          actionCode: 'N',
          reportType: 'Q',
        }),
        buildTerminator('F'),
      ];
      notes.push(`${asked}: ${answer.tests.map((t) => t.channel).join(',')}`);
    } else {
      records = [header, buildTerminator('I')];
      notes.push(answer.reason ?? `${asked}: not found`);
    }
    try {
      await link.send(encodeAstmMessage(records));
    } catch (error) {
      notes.push(`答复未送达 / answer not delivered: ${(error as Error).message}`);
    }
    return answer.found;
  }

  return {
    close: () => {
      link.close();
      stream.destroy();
    },
    closed,
    drained: () => base.writer.drained(),
  };
}

/** An O record and its R records (with comments) as the protocol-neutral sample the ingest takes. */
export function receivedSample(order: AstmOrderEntry, instrument: Instrument): ReceivedSample {
  const offset = instrument.connection.utcOffsetMinutes ?? CHINA;
  const results: ReceivedResult[] = [];
  for (const { result, comments } of order.results) {
    const value = result.value || result.valueComponents.filter(Boolean).join('^');
    // "Cannot be done" and empty values are not results; the raw ledger keeps them.
    if (!value.trim()) continue;
    const flags = result.abnormalFlags.filter((f) => f !== 'N');
    for (const c of comments) {
      const text = c.textComponents.filter(Boolean).join(' ');
      if (text) flags.push(c.type === 'I' ? text : `comment: ${text}`);
    }
    const completed = parseAstmDate(result.completedAt, { utcOffsetMinutes: offset });
    const received: ReceivedResult = { channel: result.test.code, value, flags };
    if (result.test.name) received.channelName = result.test.name;
    if (result.units) received.unit = result.units;
    if (completed) received.completedAt = completed.toISOString();
    results.push(received);
  }
  return {
    sampleIds: [order.order.specimenId, order.order.instrumentSpecimenId],
    qcHint: order.order.actionCode === 'Q',
    results,
    graphs: [],
  };
}
