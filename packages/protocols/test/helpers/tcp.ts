import net from 'node:net';

/** Both ends of a real TCP connection on 127.0.0.1. */
export interface SocketPair {
  client: net.Socket;
  server: net.Socket;
  close(): Promise<void>;
}

export async function socketPair(): Promise<SocketPair> {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as net.AddressInfo;
  const accepted = new Promise<net.Socket>((resolve) => listener.once('connection', resolve));
  const client = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  const server = await accepted;
  client.setNoDelay(true);
  server.setNoDelay(true);
  return {
    client,
    server,
    close: async () => {
      client.destroy();
      server.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}

/** Collects what a socket receives, for raw-protocol assertions. */
export function recorder(socket: net.Socket): { bytes: () => Buffer; waitFor: (predicate: (all: Buffer) => boolean, timeoutMs?: number) => Promise<Buffer> } {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = (): Buffer => Buffer.concat(chunks);
  return {
    bytes,
    waitFor: (predicate, timeoutMs = 2000) => waitFor(() => (predicate(bytes()) ? bytes() : undefined), timeoutMs),
  };
}

/** Polls until `probe` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 2000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
