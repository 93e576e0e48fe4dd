import type { Duplex } from 'node:stream';
import { buildAck, readAck, type Hl7AckSummary } from '../hl7v2/ack.ts';
import { readDsrQ03, type Hl7DsrContent, type WorklistLayout } from '../hl7v2/dsr.ts';
import { formatHl7Date } from '../hl7v2/date.ts';
import type { Hl7HeaderInput } from '../hl7v2/header.ts';
import type { Hl7Message } from '../hl7v2/message.ts';
import { VT } from '../hl7v2/mllp.ts';
import { MllpConnection } from '../hl7v2/mllp-connection.ts';
import { histogramObservation, imageObservation } from '../hl7v2/obx-graphics.ts';
import type { Hl7ObservationInput } from '../hl7v2/observation.ts';
import { readOrders, type Hl7OrderRequest } from '../hl7v2/orders.ts';
import { buildOruR01 } from '../hl7v2/oru.ts';
import { buildQryQ02 } from '../hl7v2/query.ts';
import type { LogListener, TrafficListener } from '../transport/events.ts';
import { FaultInjector, type FaultPlan } from './fault-injection.ts';
import { CHINA_UTC_OFFSET_MINUTES } from './clock.ts';
import { histogramBitmap, sampleWbcCounts } from './histogram-bitmap.ts';
import { Inbox } from './inbox.ts';
import type { SimulatedSpecimen } from './specimens.ts';

export interface Hl7AnalyzerOptions {
  stream: Duplex;
  /** MSH-3 sending application and OBX-18 equipment. Default `SIM-HL7`. */
  instrumentId?: string;
  /** MSH-18, e.g. `UNICODE UTF-8` (default) or `GB 18030-2000`. */
  charset?: string;
  /** MSH-12. Default 2.3.1, as Mindray and Dirui analyzers send. */
  version?: string;
  /** How long to wait for the LIS's ACK / QCK / DSR. Default 10 s. */
  ackTimeoutMs?: number;
  /** DSR^Q03 line layout (default Mindray BS). */
  layout?: WorklistLayout;
  /** Frame faults (garbage before message N, disconnect inside message N), counted over MLLP frames written. */
  faults?: Pick<FaultPlan, 'garbageBeforeFrames' | 'disconnectInFrame'>;
  /**
   * Minutes east of UTC the analyzer's clock runs on, for the dates it writes (H-14/R-13, MSH-7/OBR-7/OBX-14). Default
   * 480: analyzers in China keep China time, whatever the zone of the machine running the simulator.
   */
  utcOffsetMinutes?: number;
  /** When the LIS sends a worklist (DSR/ORM/OML): `ack` at once (default), `none`, or wait `delayMs` first. */
  replyToHost?: { mode: 'ack' } | { mode: 'none' } | { mode: 'delay'; delayMs: number };
  /** Called with every message the LIS sends that is not the direct answer to one of ours. */
  onHostMessage?: (message: Hl7Message) => void;
  onLog?: LogListener;
  onTraffic?: TrafficListener;
}

export interface Hl7WorklistAnswer {
  found: boolean;
  /** The answer as read: a DSR^Q03 with the layout, or ORM/OML order requests. */
  dsr?: Hl7DsrContent;
  orders: Hl7OrderRequest[];
}

const WORKLIST_TYPES = new Set(['DSR', 'ORM', 'OML']);

/**
 * A simulated analyzer speaking HL7 v2 over MLLP, Mindray/Dirui style: QRY^Q02 host query (answered
 * by QCK^Q02 then DSR^Q03, or by ORM/OML), ORU^R01 results, optionally with a WBC histogram.
 */
export class Hl7Analyzer {
  readonly connection: MllpConnection;
  /** Every message the LIS sent that was not the direct answer to one of ours. */
  readonly inbox = new Inbox<Hl7Message>();
  readonly instrumentId: string;
  private readonly options: Hl7AnalyzerOptions;

  constructor(options: Hl7AnalyzerOptions) {
    this.options = options;
    this.instrumentId = options.instrumentId ?? 'SIM-HL7';
    const stream = options.faults ? new FaultInjector(options.stream, options.faults, VT) : options.stream;
    this.connection = new MllpConnection(stream, {
      ackTimeoutMs: options.ackTimeoutMs ?? 10_000,
      onMessage: (message) => this.onHostMessage(message),
      onLog: options.onLog,
      onTraffic: options.onTraffic,
      onClose: () => this.inbox.fail(new Error('connection closed')),
    });
  }

  /** A date as the analyzer's clock writes it (with its offset, as HL7 allows). */
  private clock(date: Date): string {
    return formatHl7Date(date, { utcOffsetMinutes: this.options.utcOffsetMinutes ?? CHINA_UTC_OFFSET_MINUTES });
  }

  private header(): Hl7HeaderInput {
    return { sendingApplication: this.instrumentId, receivingApplication: 'LIS', version: this.options.version ?? '2.3.1', charset: this.options.charset ?? 'UNICODE UTF-8', dateTime: this.clock(new Date()) };
  }

  private async onHostMessage(message: Hl7Message): Promise<Hl7Message | void> {
    this.options.onHostMessage?.(message);
    this.inbox.push(message);
    if (!WORKLIST_TYPES.has(message.messageType.code)) return;
    const reply = this.options.replyToHost ?? { mode: 'ack' };
    if (reply.mode === 'none') return;
    if (reply.mode === 'delay') await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    return buildAck(message, { code: 'AA' });
  }

  /** QRY^Q02 for a specimen; returns the worklist the LIS answers with (DSR^Q03, ORM^O01 or OML^O21). */
  async query(specimenId: string, timeoutMs = this.options.ackTimeoutMs ?? 10_000): Promise<Hl7WorklistAnswer> {
    const query = buildQryQ02({ header: this.header(), specimenId, instrument: this.instrumentId });
    const answer = (await this.connection.send(query, { timeoutMs }))!;
    let worklist = answer;
    if (answer.messageType.code === 'QCK' || answer.messageType.code === 'ACK') {
      if (answer.get('MSA-1') !== 'AA' || answer.get('QAK-2') === 'NF') return { found: false, orders: [] };
      worklist = await this.inbox.next(
        timeoutMs,
        (m) => WORKLIST_TYPES.has(m.messageType.code) && (m.get('MSA-2') === query.controlId || m.get('QRD-8') === specimenId || readOrders(m).requests.some((r) => r.specimenId === specimenId)),
        `worklist for ${specimenId}`,
      );
    }
    if (worklist.messageType.code === 'DSR') {
      const dsr = readDsrQ03(worklist, this.options.layout);
      return { found: dsr.found, dsr, orders: [] };
    }
    const orders = readOrders(worklist).requests.filter((r) => r.specimenId === specimenId);
    return { found: orders.length > 0, orders };
  }

  /** ORU^R01 with one OBR and an OBX per result (plus histogram OBXs if asked); resolves with the LIS's ACK. */
  async sendResults(specimen: SimulatedSpecimen, observedAtDate: Date = new Date()): Promise<Hl7AckSummary> {
    const observedAt = this.clock(observedAtDate);
    const observations: Hl7ObservationInput[] = specimen.results.map((r) => ({
      code: r.code,
      text: r.name ?? r.code,
      value: typeof r.value === 'number' || (r.value.trim() !== '' && Number.isFinite(Number(r.value))) ? Number(r.value) : r.value,
      units: r.unit,
      referenceRange: r.referenceRange,
      abnormalFlags: r.flag,
      status: 'F',
      observedAt,
      equipment: this.instrumentId,
    }));
    if (specimen.histogram) {
      const counts = sampleWbcCounts();
      observations.push(histogramObservation({ code: 'WBCHistogram', name: 'WBC Histogram', counts }));
      observations.push(imageObservation({ code: 'WBCHistogramBMP', name: 'WBC Histogram. BMP', mime: 'image/bmp', bytes: histogramBitmap(counts) }));
    }
    const oru = buildOruR01({
      header: this.header(),
      orders: [{ placerOrderNumber: specimen.specimenId, fillerOrderNumber: specimen.sampleNumber, observedAt, observations }],
    });
    const ack = (await this.connection.send(oru))!;
    return readAck(ack);
  }

  close(): void {
    this.connection.close();
  }
}
