import net from 'node:net';
import { Duplex } from 'node:stream';
import type { Specimen } from '@medplum/fhirtypes';
import { openPglite, runMigrations, type Db, type Logger } from '@medunion/kernel';
import type { Instrument } from '../../src/contracts/instruments.ts';
import type { InstrumentServices } from '../../src/instruments/ingest/services.ts';
import { instrumentMigrations } from '../../src/instruments/store/migrations.ts';
import type { IncomingResult, SpecimenWork } from '../../src/ports.ts';

/** Both ends of a real TCP connection on 127.0.0.1. */
export async function socketPair(): Promise<{ client: net.Socket; server: net.Socket; close: () => Promise<void> }> {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => listener.once('connection', resolve));
  const client = net.connect((listener.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
  const server = await accepted;
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

/** Two in-memory streams wired to each other: a serial line without the hardware. */
export function duplexPair(): [Duplex, Duplex] {
  const make = (peer: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk, _encoding, callback) {
        peer().push(chunk);
        callback();
      },
      final(callback) {
        peer().push(null);
        callback();
      },
    });
  const a: Duplex = make(() => b);
  const b: Duplex = make(() => a);
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
  return [a, b];
}

/** Everything a socket receives, for raw-protocol assertions. */
export function bytesReceived(socket: Duplex): () => Buffer {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  return () => Buffer.concat(chunks);
}

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what = 'condition', timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An in-memory PGlite with the instruments area's tables only (driver tests need the ledgers, not the platform). */
export async function ledgerDb(): Promise<Db> {
  const db = await openPglite();
  await runMigrations(db, instrumentMigrations);
  return db;
}

export const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

export interface FakeSpecimen {
  barcode: string;
  sampleNo?: string;
  tests: string[];
  stat?: boolean;
  status?: SpecimenWork['status'];
}

/** The other LIS areas, faked: specimens by barcode or sample number, QC samples `QC-…`, recorded results kept. */
/** `refuse`: a test whose results fail as locked; `recordGate`: recording waits for it (a slow database). */
export function fakeServices(specimens: FakeSpecimen[], options: { refuse?: string; recordGate?: Promise<void> } = {}) {
  const recorded: { specimenId: string; instrumentId: string; results: IncomingResult[] }[] = [];
  const qc: { qcSampleId: string; testCode: string; value: number }[] = [];
  let n = 0;
  const services: InstrumentServices = {
    findSpecimen: async (_institution, key) => {
      const s = specimens.find((x) => x.barcode === key || x.sampleNo === key);
      if (!s) return undefined;
      const specimen: Specimen & { id: string } = { resourceType: 'Specimen', id: `sp-${s.barcode}`, ...(s.sampleNo ? { accessionIdentifier: { value: s.sampleNo } } : {}) };
      return {
        specimen,
        barcode: s.barcode,
        orders: [{ resourceType: 'ServiceRequest', id: `sr-${s.barcode}`, status: 'active', intent: 'order', subject: { reference: 'Patient/p1' }, priority: s.stat ? 'stat' : 'routine' }],
        tests: s.tests,
        patientId: 'p1',
        status: s.status ?? 'received',
      };
    },
    isQcSample: async (_i, _d, sampleId) => sampleId.startsWith('QC-'),
    recordResults: async (input) => {
      await options.recordGate;
      if (options.refuse && input.results.some((r) => r.testCode === options.refuse)) throw new Error(`${options.refuse} is locked (reviewed)`);
      recorded.push({ specimenId: input.specimenId, instrumentId: input.instrumentId, results: input.results });
      return { observations: input.results.map(() => `obs-${++n}`) };
    },
    recordQcResult: async (input) => {
      qc.push({ qcSampleId: input.qcSampleId, testCode: input.testCode, value: input.value });
      return { status: 'accept' };
    },
    patient: async (id) => ({ id, name: '王小明', sex: 'M', birthDate: '2015-01-30' }),
    testNames: async () => new Map([['GLU', '葡萄糖'], ['ALT', '丙氨酸氨基转移酶'], ['WBC', '白细胞计数']]),
  };
  return { services, recorded, qc };
}

export function instrument(partial: Partial<Instrument> & Pick<Instrument, 'connection' | 'channels'>): Instrument {
  return { id: 'dev-1', version: '1', lastUpdated: '', institution: 'lead-hospital', code: 'TEST', name: 'test analyzer', active: true, ...partial };
}

export interface LedgerRow {
  id: string;
  connection: string;
  direction: 'in' | 'out';
  kind: string;
  message_type: string | null;
  summary: string | null;
  outcome: string;
  detail: string | null;
  events: { level: string; code: string; message: string }[];
  text: string;
  raw: Uint8Array;
}

export async function ledger(db: Db): Promise<LedgerRow[]> {
  const { rows } = await db.query<LedgerRow>('select * from lis_instrument_message order by id');
  return rows.map((r) => ({ ...r, id: String(r.id), events: typeof r.events === 'string' ? JSON.parse(r.events) : r.events }));
}

export async function held(db: Db): Promise<Record<string, unknown>[]> {
  return (await db.query<Record<string, unknown>>('select * from lis_unmatched_result order by id')).rows;
}

/** The bytes the ledger kept for one direction, in order: must be every byte that crossed the wire that way. */
export function ledgerBytes(rows: LedgerRow[], direction: 'in' | 'out'): Buffer {
  return Buffer.concat(rows.filter((r) => r.direction === direction).map((r) => Buffer.from(r.raw)));
}
