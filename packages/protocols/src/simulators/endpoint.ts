import net from 'node:net';

/** Where the simulated analyzer meets the LIS: it dials out (`connect`) or waits for the LIS (`listen`). */
export type Endpoint = { mode: 'connect'; host: string; port: number } | { mode: 'listen'; host: string; port: number };

/** `--connect host:port` or `--listen port` (or `host:port`). */
export function parseEndpoint(connect: string | undefined, listen: string | undefined): Endpoint {
  if (connect && listen) throw new Error('use either --connect or --listen, not both');
  const spec = connect ?? listen;
  if (!spec) throw new Error('--connect host:port or --listen port is required');
  const m = /^(?:(.*):)?(\d{1,5})$/.exec(spec);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535 || (connect && !m[1])) throw new Error(`bad address "${spec}" (expected ${connect ? 'host:port' : 'port or host:port'})`);
  return { mode: connect ? 'connect' : 'listen', host: m[1] || '127.0.0.1', port };
}

export interface OpenConnection {
  socket: net.Socket;
  /** Closes the socket (and the listening server in listen mode). */
  close(): void;
}

/** Connects, or listens and waits for the first connection. `onListening` gets the bound port (useful with port 0). */
export function openEndpoint(endpoint: Endpoint, onListening?: (port: number) => void): Promise<OpenConnection> {
  return new Promise((resolve, reject) => {
    if (endpoint.mode === 'connect') {
      const socket = net.connect(endpoint.port, endpoint.host);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        resolve({ socket, close: () => socket.end() });
      });
      return;
    }
    const server = net.createServer();
    server.once('error', reject);
    server.once('connection', (socket) => {
      socket.setNoDelay(true);
      server.close();
      resolve({ socket, close: () => socket.end() });
    });
    server.listen(endpoint.port, endpoint.host, () => onListening?.((server.address() as net.AddressInfo).port));
  });
}
