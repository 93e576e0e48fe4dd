import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ModuleContext } from '@medunion/kernel';
import type { Instrument } from '../../contracts/instruments.ts';
import { openSession } from '../drivers/open-session.ts';
import { bindServices, type InstrumentServices } from '../ingest/services.ts';
import { connectionSignature } from '../model/device.ts';
import { loadRunnableInstruments } from '../store/instruments.ts';
import { acquireLease, bumpGeneration, dropStaleLeases, hasExpiredLeases, readGeneration, releaseLease, renewLeases, reportStatus } from '../store/leases.ts';
import { DialingRunner } from './dialer.ts';
import type { Runner, SessionFactory } from './runner.ts';
import { serialDial } from './serial.ts';
import { tcpDial } from './tcp-client.ts';
import { TcpServerRunner } from './tcp-server.ts';

export interface ManagerOptions {
  /** This process's name in the leases (default host:pid:random). */
  owner?: string;
  /** How often leases are renewed and the configuration generation polled (default 5 s). */
  pollMs?: number;
  /** A lease not renewed for this long may be taken over by another process (default 30 s). */
  leaseMs?: number;
  /** Safety net: re-read every instrument this often even when nothing signalled a change (default 10 min). */
  rescanMs?: number;
  services?: InstrumentServices;
}

interface Running {
  instrument: Instrument;
  signature: string;
  runner: Runner;
  lastMessageAt?: string;
}

/**
 * Opens and keeps every configured analyzer connection of this platform process, and follows configuration changes
 * without a restart. Each instrument is owned by one process through a lease row (`lis_instrument_lease`): a
 * process opens only the instruments it holds a lease for, renews its leases every poll, and takes over an
 * instrument whose lease expired (its owner died). Changes reach every process through the configuration
 * generation (bumped by the routes and by the Device event handler), polled with the leases — so an edit made
 * through any process, or through the FHIR API, takes effect within one poll; in the process that served the edit,
 * at once. A changed connection (protocol, address, port, encoding, timeouts) is closed and reopened; a changed
 * channel map applies to the next message without reconnecting.
 */
export class ConnectionManager {
  readonly owner: string;
  private readonly running = new Map<string, Running>();
  private readonly services: InstrumentServices;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly rescanMs: number;
  private timer: NodeJS.Timeout | undefined;
  private generation = '';
  private lastScan = 0;
  private inFlight: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly reports = new Map<string, Promise<void>>();

  constructor(private readonly ctx: ModuleContext, options: ManagerOptions = {}) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.pollMs = options.pollMs ?? 5_000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.rescanMs = options.rescanMs ?? 600_000;
    this.services = options.services ?? bindServices(ctx);
  }

  /** Opens every configured connection this process can own, then keeps polling. */
  async start(): Promise<void> {
    await this.reconcile();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.inFlight?.catch(() => undefined);
    const ids = [...this.running.keys()];
    await Promise.all(ids.map((id) => this.close(id)));
    await Promise.all([...this.reports.values()]);
    for (const id of ids) await releaseLease(this.ctx.db, id, this.owner).catch(() => undefined);
    // Let the other processes take the released instruments over at their next poll.
    if (ids.length) await bumpGeneration(this.ctx.db).catch(() => undefined);
  }

  /** Re-reads the instruments and brings the connections in line; concurrent calls share one run plus one more. */
  reconcile(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    const run = async (): Promise<void> => {
      do {
        this.again = false;
        await this.reconcileOnce();
      } while (this.again && !this.stopped);
    };
    this.inFlight = run().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** The instrument as the running connection sees it (tests, status). */
  runningInstrument(id: string): Instrument | undefined {
    return this.running.get(id)?.instrument;
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.inFlight) return;
    try {
      const held = await renewLeases(this.ctx.db, this.owner, this.leaseMs);
      // A lease taken over while this process stalled: the connection is someone else's now.
      for (const id of [...this.running.keys()]) if (!held.has(id)) await this.close(id);
      const generation = await readGeneration(this.ctx.db);
      const due = generation !== this.generation || Date.now() - this.lastScan > this.rescanMs || (await hasExpiredLeases(this.ctx.db));
      if (due) await this.reconcile();
    } catch (err) {
      this.ctx.log.error({ err }, 'instrument connections: poll failed');
    }
  }

  private async reconcileOnce(): Promise<void> {
    if (this.stopped) return;
    const generation = await readGeneration(this.ctx.db);
    const instruments = await loadRunnableInstruments(this.ctx);
    this.lastScan = Date.now();
    const wanted = new Map(instruments.map((i) => [i.id, i]));
    await dropStaleLeases(this.ctx.db, [...wanted.keys()]);
    for (const id of [...this.running.keys()]) {
      if (wanted.has(id)) continue;
      await this.close(id);
      await releaseLease(this.ctx.db, id, this.owner);
    }
    for (const instrument of wanted.values()) {
      if (this.stopped) return;
      const owned = await acquireLease(this.ctx.db, instrument.id, this.owner, this.leaseMs);
      const current = this.running.get(instrument.id);
      if (!owned) {
        if (current) await this.close(instrument.id);
        continue;
      }
      const signature = connectionSignature(instrument);
      if (current?.signature === signature) {
        current.instrument = instrument; // channel map, code, name: used from the next message on
        continue;
      }
      if (current) await this.close(instrument.id);
      await this.open(instrument, signature);
    }
    this.generation = generation;
  }

  private async open(instrument: Instrument, signature: string): Promise<void> {
    // The sessions read `entry.instrument`, which reconcile replaces when only the channel map changed.
    const entry = { instrument, signature } as Running;
    const factory: SessionFactory = (stream, connection) =>
      openSession(stream, {
        db: this.ctx.db,
        log: this.ctx.log,
        services: this.services,
        instrument: () => entry.instrument,
        connection,
        onActivity: () => {
          entry.lastMessageAt = new Date().toISOString();
          this.report(instrument.id);
        },
      });
    const c = instrument.connection;
    const onChange = () => this.report(instrument.id);
    const reconnectMs = c.timeouts?.reconnectMs ?? 1_000;
    entry.runner =
      c.mode === 'server'
        ? new TcpServerRunner(c.host ?? '127.0.0.1', c.port ?? 0, factory, onChange, Math.max(reconnectMs, 1_000))
        : c.mode === 'client'
          ? new DialingRunner(tcpDial(c.host ?? '127.0.0.1', c.port ?? 0), factory, reconnectMs, onChange)
          : new DialingRunner(serialDial(c.serial!), factory, reconnectMs, onChange);
    this.running.set(instrument.id, entry);
    await entry.runner.start();
    this.ctx.log.info({ instrument: instrument.code, status: entry.runner.status() }, 'instrument connection opened');
  }

  private async close(id: string): Promise<void> {
    const entry = this.running.get(id);
    if (!entry) return;
    this.running.delete(id);
    await entry.runner.stop().catch((err: unknown) => this.ctx.log.error({ err, instrument: entry.instrument.code }, 'instrument connection did not close cleanly'));
    this.ctx.log.info({ instrument: entry.instrument.code }, 'instrument connection closed');
  }

  /** Writes the connection's status to its lease row, one write at a time per instrument (latest wins). */
  private report(id: string): void {
    const previous = this.reports.get(id) ?? Promise.resolve();
    const next = previous.then(async () => {
      const entry = this.running.get(id);
      if (!entry) return;
      const status = entry.runner.status();
      await reportStatus(this.ctx.db, id, this.owner, { ...status, ...(entry.lastMessageAt ? { lastMessageAt: entry.lastMessageAt } : {}) });
    });
    const settled = next.catch((err: unknown) => this.ctx.log.error({ err }, 'instrument status not written'));
    this.reports.set(id, settled);
    void settled.then(() => {
      if (this.reports.get(id) === settled) this.reports.delete(id);
    });
  }
}

/** One manager per module context (per platform process): the `start` hook creates it, routes ask it to reconcile. */
const managers = new WeakMap<ModuleContext, ConnectionManager>();

export function registerManager(ctx: ModuleContext, manager: ConnectionManager | undefined): void {
  if (manager) managers.set(ctx, manager);
  else managers.delete(ctx);
}

export function managerOf(ctx: ModuleContext): ConnectionManager | undefined {
  return managers.get(ctx);
}
