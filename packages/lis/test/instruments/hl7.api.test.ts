import net from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AstmAnalyzer, Hl7Analyzer } from '@medunion/protocols';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../../server/test/platform.ts';
import type { Instrument, InstrumentInput, InstrumentMessagePage, InstrumentStatus } from '../../src/contracts/instruments.ts';
import { seedDemoCatalogues } from '../../src/catalogue/demo/seed.ts';
import { ConnectionManager, managerOf } from '../../src/instruments/connections/manager.ts';
import { serialTransport } from '../../src/instruments/connections/serial.ts';
import { seedDemoInstruments } from '../../src/instruments/demo.ts';
import { duplexPair, waitFor } from './helpers.ts';
import { call, configure, lisContext, observationsOf, seedSpecimen, statusWhen } from './platform.ts';

const factories = await testDbFactories();

const hematology = (port: number): InstrumentInput => ({
  code: 'BC5390-2',
  name: '血细胞分析仪',
  manufacturer: 'Mindray',
  connection: { protocol: 'hl7', mode: 'client', host: '127.0.0.1', port, timeouts: { ackMs: 2000, reconnectMs: 100 } },
  channels: ['WBC', 'RBC', 'HGB', 'PLT'].map((x) => ({ channel: x, test: x })),
});

/** The analyzer side of client mode: it listens, the LIS dials in; each connection gets a simulator. */
async function analyzerListening() {
  const analyzers: { socket: net.Socket; analyzer: Hl7Analyzer }[] = [];
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    analyzers.push({ socket, analyzer: new Hl7Analyzer({ stream: socket, instrumentId: 'BC-5390', ackTimeoutMs: 3000 }) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    /** The simulator on the LIS's n-th connection (from 1), once the LIS has dialled it. */
    connection: (n: number) => waitFor(() => analyzers[n - 1], `LIS connection #${n}`),
    get count() {
      return analyzers.length;
    },
    hangUp: () => analyzers.forEach((a) => a.socket.destroy()),
    close: async () => {
      analyzers.forEach((a) => a.socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.each(factories)('instruments over HL7 (LIS as client), serial, demo and ownership, on $name', (factory) => {
  let t: TestPlatform;
  let labhead: string;
  let tech: string;
  let side: Awaited<ReturnType<typeof analyzerListening>>;
  let instrument: Instrument;

  beforeAll(async () => {
    t = await startTestPlatform(factory, { MEDUNION_MODULES: '-mpi,-recognition' });
    await seedDemoCatalogues(lisContext(t));
    [labhead, tech] = await Promise.all([t.login('lead.labhead'), t.login('lead.lab')]);
    side = await analyzerListening();
  });
  afterAll(async () => {
    await side?.close();
    await t?.close();
  });

  it('dials the analyzer, answers its QRY^Q02 with the worklist and acknowledges results', async () => {
    await seedSpecimen(t, { barcode: '250301000021', sampleNo: '0042', panels: ['CBC'] });
    instrument = (await configure(t, labhead, hematology(side.port))).instrument;
    const { analyzer } = await side.connection(1);
    const status = await call<InstrumentStatus>(t, 'GET', `/api/lis/instruments/${instrument.id}/status`, tech);
    expect(status.body).toMatchObject({ state: 'connected', peers: [expect.stringMatching(/^tcp 127\.0\.0\.1:\d+ #\d+$/)] });
    const worklist = await analyzer.query('250301000021');
    expect(worklist.found).toBe(true);
    expect(worklist.dsr?.worklist).toMatchObject({ specimenId: '250301000021', sampleNumber: '0042', patientName: '王小明', sex: 'M' });
    expect(worklist.dsr?.worklist?.tests.map((x) => x.code)).toEqual(['WBC', 'RBC', 'HGB', 'PLT']);
    expect(worklist.dsr?.worklist?.tests[0].text).toBe('白细胞计数');
    const ack = await analyzer.sendResults({ specimenId: '250301000021', histogram: true, results: [{ code: 'WBC', value: 7.31, unit: '10*9/L' }, { code: 'HGB', value: 135, unit: 'g/L' }] });
    expect(ack.code).toBe('AA'); // committed: recorded, or held when the results area refused them
    const page = await call<InstrumentMessagePage>(t, 'GET', `/api/lis/instrument-messages?instrument=${instrument.id}&kind=message&raw=false`, tech);
    expect(page.body.messages.map((m) => `${m.direction} ${m.messageType}`).reverse()).toEqual([
      'in QRY^Q02',
      'out QCK^Q02',
      'out DSR^Q03',
      'in ACK^Q03',
      'in ORU^R01',
      'out ACK^R01',
    ]);
  });

  // Needs the results area (src/results/record.ts → recordResults, histogram images as Media/blobs).
  it('stores the ORU results as Observations [results area]', async () => {
    const specimenId = await seedSpecimen(t, { barcode: '250301000022', panels: ['CBC'] });
    const { analyzer: sim } = await side.connection(side.count);
    const ack = await sim.sendResults({ specimenId: '250301000022', histogram: true, results: [{ code: 'WBC', value: 6.2 }, { code: 'PLT', value: 210 }] });
    expect(ack).toMatchObject({ code: 'AA', errors: [] });
    expect(await observationsOf(t, specimenId)).toEqual([{ code: 'PLT', value: '210' }, { code: 'WBC', value: '6.2' }]);
  });

  it('redials with backoff when the analyzer hangs up', async () => {
    const before = (await call<InstrumentStatus>(t, 'GET', `/api/lis/instruments/${instrument.id}/status`, tech)).body.peers[0];
    const n = side.count;
    side.hangUp();
    const { analyzer: again } = await side.connection(n + 1);
    const status = await statusWhen(t, tech, instrument.id, (s) => s.state === 'connected' && s.peers[0] !== before, 'reconnected');
    expect(status.peers).toHaveLength(1);
    expect((await again.query('250301000021')).found).toBe(true);
  });

  it('speaks over a serial line (serialport replaced by an in-memory line)', async () => {
    const original = serialTransport.open;
    const analyzerEnd: Duplex[] = [];
    serialTransport.open = async () => {
      const [lis, analyzer] = duplexPair();
      analyzerEnd.push(analyzer);
      return lis;
    };
    try {
      const serial = await configure(t, labhead, {
        code: 'URIT500',
        name: '尿液分析仪',
        connection: { protocol: 'astm', mode: 'serial', serial: { path: '/dev/ttyUSB7', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }, timeouts: { replyMs: 1000, receiveMs: 1000 } },
        channels: [{ channel: 'WBC', test: 'WBC' }],
      });
      expect(serial.status).toMatchObject({ state: 'connected', peers: [expect.stringMatching(/^serial \/dev\/ttyUSB7 #\d+$/)] });
      const sim = new AstmAnalyzer({ stream: analyzerEnd[0], link: { replyTimeoutMs: 1000, receiveTimeoutMs: 1000 } });
      const answer = await sim.query('250301000021', 3000);
      expect(answer.orders[0].tests.map((x) => x.code)).toEqual(['WBC']);
      const busy = await call(t, 'POST', '/api/lis/instruments', labhead, { code: 'URIT2', name: 'x', connection: { protocol: 'astm', mode: 'serial', serial: { path: '/dev/ttyUSB7', baudRate: 9600 } }, channels: [] });
      expect(busy.status).toBe(409);
      await call(t, 'DELETE', `/api/lis/instruments/${serial.instrument.id}`, labhead);
    } finally {
      serialTransport.open = original;
    }
  });

  it('reports a missing serialport package in the status instead of failing', async () => {
    // Where `serialport` is installed this opens a real (absent) device path and reports that error instead.
    const absent = await call<Instrument>(t, 'POST', '/api/lis/instruments', labhead, { code: 'SER404', name: 'x', connection: { protocol: 'astm', mode: 'serial', serial: { path: '/dev/ttyNOPE9', baudRate: 9600 } }, channels: [] });
    const status = await statusWhen(t, tech, absent.body.id, (s) => s.state === 'waiting');
    expect(status.lastError).toMatch(/serialport|ttyNOPE9/);
    await call(t, 'DELETE', `/api/lis/instruments/${absent.body.id}`, labhead);
  });

  it('seeds two demo analyzers for the lead hospital, mapped to the demo catalogue, again without harm', async () => {
    const ctx = lisContext(t);
    await seedDemoInstruments(ctx);
    await seedDemoInstruments(ctx); // safe to run again
    const list = await call<{ instruments: Instrument[] }>(t, 'GET', '/api/lis/instruments?active=true', tech);
    const demo = list.body.instruments.filter((i) => i.code === 'BC5390' || i.code === 'BS240');
    expect(demo.map((i) => [i.code, i.connection.protocol, i.connection.mode, i.connection.host, i.channels.length])).toEqual([
      ['BC5390', 'hl7', 'server', '127.0.0.1', 23],
      ['BS240', 'astm', 'server', '127.0.0.1', 25],
    ]);
    expect(demo[1].channels.slice(0, 3)).toEqual([{ channel: '1', test: 'ALT' }, { channel: '2', test: 'AST' }, { channel: '3', test: 'ALP' }]);
    for (const d of demo) {
      // Port 0 under vitest (LISTENER_LIS_DEMO_HL7_PORT / _ASTM_PORT, 5100 / 5101 otherwise): any free port.
      const s = await statusWhen(t, tech, d.id, (x) => x.state === 'listening');
      expect(s.listening?.port).toBeGreaterThan(0);
    }
  });

  it('publishes its operations in OpenAPI with stable operationIds', async () => {
    const doc = (await (await t.request('GET', '/docs/json')).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/lis/instrument') || path.startsWith('/api/lis/unmatched'))
      .flatMap(([, ops]) => Object.values(ops).map((o) => o.operationId));
    expect(ids.sort()).toEqual(['assignUnmatchedResult', 'createInstrument', 'deleteInstrument', 'dismissUnmatchedResult', 'getInstrument', 'instrumentStatus', 'listInstrumentMessages', 'listInstruments', 'listUnmatchedResults', 'updateInstrument']);
  });

  it('lets another platform process take an instrument over when its owner stops', async () => {
    const ctx = lisContext(t);
    const other = new ConnectionManager(ctx, { owner: 'other-process', pollMs: 50, leaseMs: 2000 });
    await other.start();
    try {
      const before = await call<InstrumentStatus>(t, 'GET', `/api/lis/instruments/${instrument.id}/status`, tech);
      expect(before.body.owner).not.toBe('other-process'); // the lease is held: nothing opened twice
      expect(other.runningInstrument(instrument.id)).toBeUndefined();
      await managerOf(ctx)!.stop(); // this process's manager stops (as at shutdown): leases released
      const after = await statusWhen(t, tech, instrument.id, (s) => s.owner === 'other-process' && s.state === 'connected', 'taken over');
      expect(after.peers).toHaveLength(1);
      expect((await (await side.connection(side.count)).analyzer.query('250301000021')).found).toBe(true);
    } finally {
      await other.stop();
    }
  });
});
