import type { Duplex } from 'node:stream';
import {
  buildAck,
  buildDsrQ03,
  buildOrmO01,
  buildQckQ02,
  HL7_ERROR_CODES,
  MllpConnection,
  readAck,
  readOruResults,
  readWorklistQuery,
  replyHeader,
  type Hl7ErrorDetail,
  type Hl7Message,
} from '@medunion/protocols';
import type { Instrument } from '../../contracts/instruments.ts';
import { ingestSample } from '../ingest/ingest-results.ts';
import type { IngestOutcome } from '../ingest/received.ts';
import { worklistFor, type WorklistAnswer } from '../ingest/worklist.ts';
import { receivedFromOru } from './hl7-results.ts';
import type { RecordedMessage } from './traffic-recorder.ts';
import { resultsOutcome, SessionBase, type InstrumentSession, type SessionDeps } from './session.ts';

const CHINA = 480;
const WARNING_CODE: Record<string, string> = {
  'unknown-specimen': HL7_ERROR_CODES.unknownKeyIdentifier,
  'unknown-qc-sample': HL7_ERROR_CODES.unknownKeyIdentifier,
  'unknown-channel': HL7_ERROR_CODES.tableValueNotFound,
  'record-failed': HL7_ERROR_CODES.applicationRecordLocked,
};

/**
 * HL7 v2 over MLLP, the way hematology and chemistry analyzers speak it (Mindray BC/BS, Dirui…): ORU^R01 results
 * → AA once they are committed to the LIS or held in its unmatched queue (with ERR warnings naming what was held),
 * AE when they could not be committed; QRY^Q02 worklist queries → QCK^Q02, then DSR^Q03 (or ORM^O01), which the
 * analyzer acknowledges; other message types → AR.
 */
export function startHl7Session(stream: Duplex, deps: SessionDeps): InstrumentSession {
  const base = new SessionBase(deps, 'utf-8');
  const config = deps.instrument().connection;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const connection: MllpConnection = new MllpConnection(stream, {
    ackTimeoutMs: config.timeouts?.ackMs ?? 10_000,
    defaultCharset: config.encoding ?? 'utf-8',
    onTraffic: base.recorder.traffic,
    onLog: base.onLog,
    onClose: () => {
      base.onClosed();
      resolveClosed();
    },
    onMessage: (message, raw) => {
      const entry = base.recorder.claimHl7(raw);
      return base.serially(() => handle(message, entry)).catch(async (err: unknown) => {
        deps.log.error({ err, instrument: deps.instrument().code }, 'HL7 message not processed');
        if (entry) await base.writer.complete(entry.id, { outcome: 'failed', detail: `处理失败 / processing failed: ${(err as Error).message}` });
        throw err; // MllpConnection answers AE 207 with the error text
      });
    },
  });

  async function handle(message: Hl7Message, entry: RecordedMessage | undefined): Promise<Hl7Message | void> {
    const instrument = deps.instrument();
    const type = message.messageType.code;
    const done = (outcome: string, detail: string) => (entry ? base.writer.complete(entry.id, { outcome, detail }) : Promise.resolve());
    if (type === 'ACK') {
      await done('received', `确认 / acknowledgement ${message.get('MSA-1')} for ${message.get('MSA-2')}`);
      return;
    }
    if (type === 'ORU') return onResults(instrument, message, entry, done);
    if (type === 'QRY') {
      await onQuery(instrument, message, done);
      return;
    }
    const text = `不支持的消息类型 ${type}^${message.messageType.trigger} / unsupported message type ${type}^${message.messageType.trigger}`;
    await done('rejected', text);
    return buildAck(message, { code: 'AR', errors: [{ code: HL7_ERROR_CODES.unsupportedMessageType, segment: 'MSH', sequence: 1, field: 9, text }] });
  }

  async function onResults(instrument: Instrument, message: Hl7Message, entry: RecordedMessage | undefined, done: (o: string, d: string) => Promise<void>): Promise<Hl7Message> {
    const { orders } = readOruResults(message);
    if (!orders.length) {
      const text = 'ORU^R01 缺少 OBR 段 / ORU^R01 without an OBR segment';
      await done('rejected', text);
      return buildAck(message, { code: 'AE', errors: [{ code: HL7_ERROR_CODES.requiredFieldMissing, segment: 'OBR', sequence: 1, text }] });
    }
    const messageId = entry ? await entry.id : undefined;
    const outcomes: IngestOutcome[] = [];
    for (const group of orders) {
      const sample = receivedFromOru(group, instrument.connection.utcOffsetMinutes ?? CHINA);
      outcomes.push(await ingestSample({ db: deps.db, services: deps.services, instrument, messageId }, sample));
    }
    deps.onActivity?.();
    const { outcome, detail } = resultsOutcome(outcomes);
    await done(outcome, detail);
    // Held results are committed too (never dropped), so the analyzer must not resend: AA, with warnings.
    const warnings: Hl7ErrorDetail[] = outcomes.flatMap((o, i) =>
      o.problems.map((p) => ({ code: WARNING_CODE[p.reason] ?? HL7_ERROR_CODES.applicationInternalError, severity: 'W' as const, segment: 'OBR', sequence: i + 1, field: 2, text: p.text })),
    );
    return buildAck(message, { code: 'AA', errors: warnings, text: warnings.length ? `${outcomes.reduce((n, o) => n + o.held, 0)} result(s) held for manual assignment` : undefined });
  }

  async function onQuery(instrument: Instrument, query: Hl7Message, done: (o: string, d: string) => Promise<void>): Promise<void> {
    const asked = readWorklistQuery(query);
    if (!asked) {
      await done('rejected', 'QRY^Q02 缺少 QRD 段 / QRY^Q02 without a QRD segment');
      await connection.send(buildAck(query, { code: 'AE', errors: [{ code: HL7_ERROR_CODES.requiredFieldMissing, segment: 'QRD', sequence: 1, text: 'QRD missing' }] }), { awaitResponse: false });
      return;
    }
    const answer = await worklistFor(deps.services, instrument, asked.specimenId);
    // The QCK goes first and at once; the worklist follows as its own message, acknowledged by the analyzer.
    await connection.send(buildQckQ02(query, { found: answer.found }), { awaitResponse: false });
    if (!answer.found) {
      await done('not-found', answer.reason ?? asked.specimenId);
      return;
    }
    await done('answered', `${asked.specimenId}: ${answer.tests.map((t) => t.channel).join(',')}`);
    const worklist = worklistMessage(instrument, query, asked.specimenId, answer);
    connection.send(worklist).then(
      (ack) => {
        const summary = ack ? readAck(ack) : undefined;
        if (summary && summary.code !== 'AA' && summary.code !== 'CA') deps.log.warn({ instrument: instrument.code, ack: summary }, 'analyzer refused the worklist');
      },
      (error: Error) => deps.log.warn({ instrument: instrument.code, err: error }, 'worklist not acknowledged'),
    );
  }

  return {
    close: () => {
      connection.close();
      stream.destroy();
    },
    closed,
    drained: () => base.writer.drained(),
  };
}

function worklistMessage(instrument: Instrument, query: Hl7Message, specimenId: string, answer: WorklistAnswer): Hl7Message {
  const tests = answer.tests.map((t) => ({ code: t.channel, ...(t.name ? { text: t.name } : {}) }));
  const p = answer.patient;
  if (instrument.connection.hl7Worklist === 'orm') {
    return buildOrmO01({
      header: replyHeader(query),
      patient: { identifiers: p ? [{ id: p.id }] : [], name: p?.name, birthDate: p?.birthDate?.replaceAll('-', ''), sex: p?.sex },
      orders: [{ placerOrderNumber: specimenId, fillerOrderNumber: answer.sampleNumber, tests, priority: answer.stat ? 'S' : 'R' }],
    });
  }
  return buildDsrQ03(query, {
    found: true,
    worklist: {
      specimenId,
      sampleNumber: answer.sampleNumber,
      patientId: p?.id,
      patientName: p?.name,
      birthDate: p?.birthDate?.replaceAll('-', ''),
      sex: p?.sex,
      stat: answer.stat,
      tests,
    },
  });
}
