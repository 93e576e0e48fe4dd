import type { Duplex } from 'node:stream';
import { ACK, STX } from '../astm/control-characters.ts';
import { formatAstmDate } from '../astm/date.ts';
import { AstmLink } from '../astm/link.ts';
import type { AstmLinkOptions } from '../astm/link-options.ts';
import { encodeAstmMessage, groupAstmMessage, parseAstmMessage } from '../astm/message.ts';
import { buildHeader } from '../astm/records-header.ts';
import type { AstmRecord } from '../astm/record.ts';
import type { AstmOrder } from '../astm/records-order.ts';
import { buildOrder } from '../astm/records-order.ts';
import { buildPatient } from '../astm/records-patient.ts';
import { buildQuery } from '../astm/records-query.ts';
import { buildResult } from '../astm/records-result.ts';
import { buildTerminator } from '../astm/records-terminator.ts';
import type { LogListener, TrafficListener } from '../transport/events.ts';
import { FaultInjector, type FaultPlan } from './fault-injection.ts';
import { CHINA_UTC_OFFSET_MINUTES } from './clock.ts';
import { Inbox } from './inbox.ts';
import type { SimulatedSpecimen } from './specimens.ts';

export interface AstmAnalyzerOptions {
  /** The connection to the LIS (a socket, or a serial port stream). */
  stream: Duplex;
  /** H-5 sender name and R-14 instrument ID. Default `SIM-ASTM`. */
  instrumentId?: string;
  /** Link settings (timeouts, encoding, frame mode); the role is always `instrument`. */
  link?: Omit<AstmLinkOptions, 'role' | 'onMessage' | 'onLog' | 'onTraffic' | 'onClose'>;
  faults?: FaultPlan;
  /**
   * Minutes east of UTC the analyzer's clock runs on, for the dates it writes (H-14/R-13, MSH-7/OBR-7/OBX-14). Default
   * 480: analyzers in China keep China time, whatever the zone of the machine running the simulator.
   */
  utcOffsetMinutes?: number;
  /** Called with every message the host sends (before it is matched to a query). */
  onHostMessage?: (records: string[]) => void;
  onLog?: LogListener;
  onTraffic?: TrafficListener;
}

/** The worklist the host sent for one specimen. */
export interface AstmWorklistAnswer {
  /** L-3 of the answer: F processed, I no information, Q error in the request, … */
  terminationCode: string;
  orders: AstmOrder[];
}

/**
 * A simulated analyzer speaking ASTM E1381/E1394 as an instrument: it asks the host for a
 * specimen's worklist (Q record) and sends results (H, P, O, R…, L).
 */
export class AstmAnalyzer {
  readonly link: AstmLink;
  /** Every message the host sent, as records (worklists, downloads). */
  readonly inbox = new Inbox<string[]>();
  readonly instrumentId: string;
  private readonly utcOffsetMinutes: number;

  constructor(options: AstmAnalyzerOptions) {
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? CHINA_UTC_OFFSET_MINUTES;
    this.instrumentId = options.instrumentId ?? 'SIM-ASTM';
    const stream = options.faults ? new FaultInjector(options.stream, options.faults, STX, ACK) : options.stream;
    this.link = new AstmLink(stream, {
      ...options.link,
      role: 'instrument',
      onMessage: (records) => {
        options.onHostMessage?.(records);
        this.inbox.push(records);
      },
      onLog: options.onLog,
      onTraffic: options.onTraffic,
      onClose: () => this.inbox.fail(new Error('connection closed')),
    });
  }

  /** A date as the analyzer's clock writes it. */
  private clock(date: Date): string {
    return formatAstmDate(date, { utcOffsetMinutes: this.utcOffsetMinutes });
  }

  private header(): AstmRecord {
    return buildHeader({ sender: [this.instrumentId], processingId: 'P', version: 'LIS2-A2', dateTime: this.clock(new Date()) });
  }

  /** Host query: sends `Q|1|^specimen||^^^ALL` and waits for the host's answer (its O records). */
  async query(specimenId: string, timeoutMs = 30_000): Promise<AstmWorklistAnswer> {
    await this.link.send(encodeAstmMessage([this.header(), buildQuery({ specimenId }), buildTerminator('N')]));
    const answer = await this.inbox.next(
      timeoutMs,
      (records) => {
        const tree = groupAstmMessage(parseAstmMessage(records));
        const aboutSpecimen = tree.patients.some((p) => p.orders.some((o) => o.order.specimenId === specimenId));
        return aboutSpecimen || ['I', 'Q'].includes(tree.terminator?.code ?? '');
      },
      `worklist for ${specimenId}`,
    );
    const tree = groupAstmMessage(parseAstmMessage(answer));
    return {
      terminationCode: tree.terminator?.code ?? '',
      orders: tree.patients.flatMap((p) => p.orders.map((o) => o.order)).filter((o) => o.specimenId === specimenId),
    };
  }

  /** Sends one specimen's results as H, P, O (report type F), R…, L. Resolves once every frame is acknowledged. */
  async sendResults(specimen: SimulatedSpecimen, completedAt: Date = new Date()): Promise<void> {
    const records = [
      this.header(),
      buildPatient({ sequence: 1 }),
      buildOrder({
        specimenId: specimen.specimenId,
        instrumentSpecimenId: specimen.sampleNumber ?? '',
        tests: specimen.results.map((r) => r.code),
        actionCode: '',
        reportType: 'F',
      }),
      ...specimen.results.map((r, i) =>
        buildResult({
          sequence: i + 1,
          test: r.code,
          value: r.value,
          units: r.unit,
          referenceRange: r.referenceRange,
          abnormalFlags: r.flag,
          status: 'F',
          completedAt: this.clock(completedAt),
          instrumentId: this.instrumentId,
        }),
      ),
      buildTerminator('N'),
    ];
    await this.link.send(encodeAstmMessage(records));
  }

  close(): void {
    this.link.close();
  }
}
