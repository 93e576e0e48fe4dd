import type { Duplex } from 'node:stream';
import type { InstrumentSession } from '../drivers/session.ts';
import type { Runner, RunnerStatus, SessionFactory } from './runner.ts';

const MAX_BACKOFF_MS = 30_000;
/** A connection that lasted this long was a real one: the next failure starts the backoff afresh. */
const STABLE_MS = 10_000;

/** Opens the transport (TCP connect, serial port open) and names it for the ledger. */
export type Dial = () => Promise<{ stream: Duplex; name: string }>;

/**
 * Client and serial modes: the LIS opens the connection and keeps it open — after a refusal, an error or the peer
 * hanging up it tries again, waiting `reconnectMs`, doubled after each failure up to 30 s.
 */
export class DialingRunner implements Runner {
  private session: { name: string; session: InstrumentSession } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private attempts = 0;
  private current: RunnerStatus = { state: 'connecting', peers: [], since: new Date().toISOString() };

  constructor(
    private readonly dial: Dial,
    private readonly open: SessionFactory,
    private readonly reconnectMs: number,
    private readonly onChange: () => void,
  ) {}

  status(): RunnerStatus {
    return { ...this.current, peers: this.session ? [this.session.name] : [] };
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.set({ state: 'connecting' });
    let opened: { stream: Duplex; name: string };
    try {
      opened = await this.dial();
    } catch (error) {
      this.retry((error as Error).message);
      return;
    }
    if (this.stopped) {
      opened.stream.destroy();
      return;
    }
    const since = Date.now();
    const session = this.open(opened.stream, opened.name);
    this.session = { name: opened.name, session };
    this.set({ state: 'connected' });
    void session.closed.then(() => {
      this.session = undefined;
      if (Date.now() - since > STABLE_MS) this.attempts = 0;
      this.retry('连接已断开 / the connection closed');
    });
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    const wait = Math.min(MAX_BACKOFF_MS, this.reconnectMs * 2 ** Math.min(this.attempts, 10));
    this.attempts++;
    this.set({ state: 'waiting', lastError: `${reason}; ${wait} ms 后重试 / retrying in ${wait} ms` });
    this.timer = setTimeout(() => void this.connect(), wait);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const open = this.session;
    this.session = undefined;
    if (open) {
      open.session.close();
      await open.session.closed;
    }
    this.set({ state: 'stopped' });
  }

  private set(change: Partial<RunnerStatus>): void {
    const stateChanged = change.state !== undefined && change.state !== this.current.state;
    this.current = { ...this.current, ...change, ...(stateChanged ? { since: new Date().toISOString() } : {}) };
    if (change.state === 'connected' || change.state === 'stopped') delete this.current.lastError;
    this.onChange();
  }
}
