import net from 'node:net';
import type { InstrumentSession } from '../drivers/session.ts';
import { nextConnectionNumber, type Runner, type RunnerStatus, type SessionFactory } from './runner.ts';

/**
 * Server mode: the LIS listens on host:port and the analyzer dials in. More than one connection is accepted (an
 * analyzer reconnecting before its old socket timed out); each gets its own session. Bound to 127.0.0.1 unless the
 * instrument says otherwise. A bind failure (port in use) is reported in the status and retried every few seconds.
 */
export class TcpServerRunner implements Runner {
  private server: net.Server | undefined;
  private readonly sessions = new Map<net.Socket, { name: string; session: InstrumentSession }>();
  private current: RunnerStatus;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly open: SessionFactory,
    private readonly onChange: () => void,
    private readonly retryMs = 5_000,
  ) {
    this.current = { state: 'connecting', peers: [], since: new Date().toISOString() };
  }

  status(): RunnerStatus {
    return { ...this.current, peers: [...this.sessions.values()].map((s) => s.name) };
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.bind();
  }

  private async bind(): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.port, this.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.set({ state: 'error', lastError: `无法监听 ${this.host}:${this.port}，${this.retryMs} ms 后重试 / cannot listen on ${this.host}:${this.port} (retrying in ${this.retryMs} ms): ${(error as Error).message}` });
      if (!this.stopped) this.timer = setTimeout(() => void this.bind(), this.retryMs);
      return;
    }
    if (this.stopped) {
      server.close();
      return;
    }
    this.server = server;
    server.on('error', (error) => this.set({ state: 'error', lastError: error.message }));
    const address = server.address() as net.AddressInfo;
    this.set({ state: 'listening', listening: { host: this.host, port: address.port } });
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    const name = `tcp ${socket.remoteAddress}:${socket.remotePort} #${nextConnectionNumber()}`;
    const session = this.open(socket, name);
    this.sessions.set(socket, { name, session });
    this.set({ state: 'connected' });
    void session.closed.then(() => {
      this.sessions.delete(socket);
      if (this.server) this.set({ state: this.sessions.size ? 'connected' : 'listening' });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const server = this.server;
    this.server = undefined;
    for (const { session } of this.sessions.values()) session.close();
    await Promise.all([...this.sessions.values()].map((s) => s.session.closed));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.set({ state: 'stopped', listening: undefined });
  }

  private set(change: Partial<RunnerStatus>): void {
    const stateChanged = change.state !== undefined && change.state !== this.current.state;
    this.current = { ...this.current, ...change, ...(stateChanged ? { since: new Date().toISOString() } : {}) };
    if (change.state && change.state !== 'error') delete this.current.lastError;
    this.onChange();
  }
}
