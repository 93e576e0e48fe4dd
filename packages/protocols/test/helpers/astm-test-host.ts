import net from 'node:net';
import {
  AstmLink,
  buildHeader,
  buildOrder,
  buildPatient,
  buildTerminator,
  encodeAstmMessage,
  groupAstmMessage,
  parseAstmMessage,
  type AstmLinkOptions,
  type AstmMessageTree,
  type LinkLogEntry,
} from '../../src/index.ts';

export interface HostWorklist {
  tests: string[];
  priority?: 'S' | 'R';
  patientName?: string;
}

/** A minimal LIS side for ASTM: answers host queries from a worklist table and keeps every message. */
export interface AstmTestHost {
  port: number;
  /** Messages received, parsed into the E1394 hierarchy. */
  received: AstmMessageTree[];
  logs: LinkLogEntry[];
  links: AstmLink[];
  close(): Promise<void>;
}

/** Runs the host side of the protocol on one connection (accepted or dialled). */
export function serveAstmHost(socket: net.Socket, worklists: Record<string, HostWorklist>, host: AstmTestHost, link: Partial<AstmLinkOptions> = {}): AstmLink {
  const hostLink: AstmLink = new AstmLink(socket, {
    replyTimeoutMs: 2000,
    receiveTimeoutMs: 2000,
    ...link,
    role: 'host',
    onLog: (entry) => host.logs.push(entry),
    onMessage: async (records) => {
      const tree = groupAstmMessage(parseAstmMessage(records));
      host.received.push(tree);
      for (const query of tree.queries) {
        const worklist = worklists[query.specimenId];
        const answer = worklist
          ? [
              buildHeader({ sender: 'LIS' }),
              buildPatient({ sequence: 1, practicePatientId: `P-${query.specimenId}`, name: worklist.patientName }),
              buildOrder({ sequence: 1, specimenId: query.specimenId, tests: worklist.tests, priority: worklist.priority ?? 'R', actionCode: 'N', reportType: 'Q' }),
              buildTerminator('F'),
            ]
          : [buildHeader({ sender: 'LIS' }), buildTerminator('I')];
        await hostLink.send(encodeAstmMessage(answer)).catch((error: Error) => host.logs.push({ level: 'error', code: 'answer-failed', message: error.message }));
      }
    },
  });
  host.links.push(hostLink);
  return hostLink;
}

export async function startAstmTestHost(worklists: Record<string, HostWorklist>, link: Partial<AstmLinkOptions> = {}): Promise<AstmTestHost> {
  const host: AstmTestHost = { port: 0, received: [], logs: [], links: [], close: async () => undefined };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveAstmHost(socket, worklists, host, link);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host.port = (server.address() as net.AddressInfo).port;
  host.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return host;
}
