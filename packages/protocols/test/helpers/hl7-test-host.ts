import net from 'node:net';
import {
  buildAck,
  buildDsrQ03,
  buildOrmO01,
  buildQckQ02,
  HL7_ERROR_CODES,
  MllpConnection,
  readOruResults,
  readWorklistQuery,
  replyHeader,
  type Hl7Message,
  type LinkLogEntry,
} from '../../src/index.ts';

export interface Hl7HostWorklist {
  tests: { code: string; text?: string }[];
  stat?: boolean;
  patientName?: string;
}

/** A minimal LIS side for HL7: answers QRY^Q02 (QCK + DSR^Q03, or ORM^O01) and acknowledges ORU^R01. */
export interface Hl7TestHost {
  port: number;
  received: Hl7Message[];
  /** ORU results accepted (AA). */
  results: ReturnType<typeof readOruResults>[];
  /** What happened to each worklist we sent: the analyzer's ACK code, or the error. */
  worklistOutcomes: string[];
  logs: LinkLogEntry[];
  connections: MllpConnection[];
  close(): Promise<void>;
}

export interface Hl7TestHostOptions {
  worklists: Record<string, Hl7HostWorklist>;
  answerWith?: 'dsr' | 'orm';
  ackTimeoutMs?: number;
}

export async function startHl7TestHost(options: Hl7TestHostOptions): Promise<Hl7TestHost> {
  const host: Hl7TestHost = { port: 0, received: [], results: [], worklistOutcomes: [], logs: [], connections: [], close: async () => undefined };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const connection: MllpConnection = new MllpConnection(socket, {
      ackTimeoutMs: options.ackTimeoutMs ?? 3000,
      onLog: (entry) => host.logs.push(entry),
      onMessage: (message) => {
        host.received.push(message);
        const { code } = message.messageType;
        if (code === 'QRY') {
          const query = readWorklistQuery(message)!;
          const worklist = options.worklists[query.specimenId];
          // The data goes in a separate message, after the QCK this handler returns.
          if (worklist) setImmediate(() => sendWorklist(connection, message, query.specimenId, worklist, options.answerWith ?? 'dsr', host));
          return buildQckQ02(message, { found: worklist !== undefined });
        }
        if (code === 'ORU') {
          const results = readOruResults(message);
          const unknown = results.orders.find((o) => !options.worklists[o.specimenId]);
          if (unknown) {
            return buildAck(message, {
              code: 'AE',
              errors: [{ code: HL7_ERROR_CODES.unknownKeyIdentifier, segment: 'OBR', sequence: 1, field: 2, text: `unknown specimen ${unknown.specimenId}` }],
            });
          }
          host.results.push(results);
          return buildAck(message, { code: 'AA' });
        }
        if (code === 'ACK') return undefined;
        return buildAck(message, { code: 'AR', errors: [{ code: HL7_ERROR_CODES.unsupportedMessageType, segment: 'MSH', sequence: 1, field: 9, text: `unsupported message type ${code}` }] });
      },
    });
    host.connections.push(connection);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host.port = (server.address() as net.AddressInfo).port;
  host.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return host;
}

function sendWorklist(connection: MllpConnection, query: Hl7Message, specimenId: string, worklist: Hl7HostWorklist, answerWith: 'dsr' | 'orm', host: Hl7TestHost): void {
  const message =
    answerWith === 'dsr'
      ? buildDsrQ03(query, { found: true, worklist: { specimenId, patientName: worklist.patientName, stat: worklist.stat ?? false, tests: worklist.tests } })
      : buildOrmO01({ header: replyHeader(query), patient: { name: worklist.patientName }, orders: [{ placerOrderNumber: specimenId, tests: worklist.tests, priority: worklist.stat ? 'S' : 'R' }] });
  connection.send(message).then(
    (ack) => host.worklistOutcomes.push(ack?.get('MSA-1') ?? 'none'),
    (error: Error) => host.worklistOutcomes.push(`error: ${error.message}`),
  );
}
