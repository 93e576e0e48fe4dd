import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildOruR01, createMessage, Hl7Analyzer, MllpConnection, readAck } from '@medunion/protocols';
import type { Db } from '@medunion/kernel';
import type { Instrument } from '../../src/contracts/instruments.ts';
import { startHl7Session } from '../../src/instruments/drivers/hl7-session.ts';
import type { InstrumentSession } from '../../src/instruments/drivers/session.ts';
import { bytesReceived, fakeServices, held, instrument, ledger, ledgerBytes, ledgerDb, silentLog, socketPair, waitFor, type FakeSpecimen } from './helpers.ts';

const HEMATOLOGY = instrument({
  code: 'BC5390',
  connection: { protocol: 'hl7', mode: 'server', port: 0, timeouts: { ackMs: 1000 } },
  channels: ['WBC', 'RBC', 'HGB', 'PLT'].map((t) => ({ channel: t, test: t })),
});
const SPECIMENS: FakeSpecimen[] = [{ barcode: '2503010002', sampleNo: '0042', tests: ['WBC', 'RBC', 'HGB', 'PLT', 'GLU'] }];

describe('HL7 driver (MLLP) over a real TCP connection', () => {
  let db: Db;
  let fake: ReturnType<typeof fakeServices>;
  let pair: Awaited<ReturnType<typeof socketPair>>;
  let session: InstrumentSession;
  let config: Instrument;

  beforeAll(async () => {
    db = await ledgerDb();
  });
  afterAll(async () => db?.close());

  beforeEach(async () => {
    await db.exec('delete from lis_instrument_message; delete from lis_unmatched_result');
    fake = fakeServices(SPECIMENS);
    config = HEMATOLOGY;
    pair = await socketPair();
    session = startHl7Session(pair.server, { db, log: silentLog, services: fake.services, instrument: () => config, connection: 'tcp test #2' });
    return async () => {
      session.close();
      await pair.close();
    };
  });

  const analyzer = (options: Partial<ConstructorParameters<typeof Hl7Analyzer>[0]> = {}) => new Hl7Analyzer({ stream: pair.client, instrumentId: 'BC-5390', ackTimeoutMs: 2000, ...options });

  it('acknowledges ORU^R01 with AA once stored; Mindray histograms go with the WBC result as image and counts', async () => {
    const ack = await analyzer({ charset: 'GB 18030-2000' }).sendResults({
      specimenId: '2503010002',
      sampleNumber: '0042',
      histogram: true,
      results: [
        { code: 'WBC', value: 7.31, unit: '10*9/L', flag: 'N' },
        { code: 'HGB', value: 98, unit: 'g/L', flag: 'L' },
        { code: 'PLT', value: '<5', unit: '10*9/L' },
      ],
    });
    expect(ack).toMatchObject({ code: 'AA', errors: [] });
    expect(fake.recorded).toHaveLength(1);
    const [wbc, hgb, plt] = fake.recorded[0].results;
    expect(wbc).toMatchObject({ testCode: 'WBC', value: '7.31', unit: '10*9/L' });
    expect(wbc.images).toEqual([{ name: 'WBC Histogram. BMP', mime: 'image/bmp', bytes: expect.any(Buffer) }]);
    expect(wbc.histograms?.[0]).toMatchObject({ name: 'WBC Histogram' });
    expect(wbc.histograms?.[0].values.length).toBeGreaterThan(50);
    expect(hgb).toMatchObject({ testCode: 'HGB', value: '98', instrumentFlags: ['L'] });
    expect(plt).toMatchObject({ testCode: 'PLT', value: '<5' });
    const entry = await waitFor(async () => (await ledger(db)).find((r) => r.message_type === 'ORU^R01' && r.outcome === 'processed'), 'ORU entry');
    expect(entry.summary).toContain('specimen 2503010002');
  });

  it('answers QRY^Q02 with QCK^Q02 then DSR^Q03 in channel codes; NF for an unknown barcode', async () => {
    const hl7 = analyzer();
    const answer = await hl7.query('2503010002');
    expect(answer.found).toBe(true);
    expect(answer.dsr?.worklist).toMatchObject({ specimenId: '2503010002', sampleNumber: '0042', patientName: '王小明', sex: 'M', birthDate: '20150130', stat: false });
    expect(answer.dsr?.worklist?.tests.map((t) => [t.code, t.text])).toEqual([['WBC', '白细胞计数'], ['RBC', undefined], ['HGB', undefined], ['PLT', undefined]]);
    expect(await hl7.query('2503019999')).toEqual({ found: false, orders: [] });
    const rows = await waitFor(async () => {
      const all = await ledger(db);
      return all.filter((r) => r.kind === 'message').length >= 6 && all;
    }, 'query traffic');
    expect(rows.filter((r) => r.kind === 'message').map((r) => `${r.direction} ${r.message_type} ${r.outcome}`)).toEqual([
      'in QRY^Q02 answered',
      'out QCK^Q02 sent',
      'out DSR^Q03 sent',
      'in ACK^Q03 received',
      'in QRY^Q02 not-found',
      'out QCK^Q02 sent',
    ]);
  });

  it('can answer the worklist with ORM^O01 instead', async () => {
    config = { ...HEMATOLOGY, connection: { ...HEMATOLOGY.connection, hl7Worklist: 'orm' } };
    const answer = await analyzer().query('0042'); // by sample number
    expect(answer.found).toBe(true);
    expect(answer.orders.map((o) => o.test.code)).toEqual(['WBC', 'RBC', 'HGB', 'PLT']);
  });

  it('holds unknown specimens and unmapped channels, and says so in ERR warnings of an AA', async () => {
    const ack = await analyzer().sendResults({ specimenId: '2503019999', results: [{ code: 'WBC', value: 5 }] });
    expect(ack.code).toBe('AA');
    // v2.3.1 (what the analyzer speaks): ERR-1 `OBR^1^2^204&text&HL70357`; from v2.5 ERR-4 would say W.
    expect(ack.errors).toEqual([{ code: '204', segment: 'OBR', sequence: 1, field: 2, text: '标本 2503019999 不存在 / no specimen 2503019999' }]);
    const partly = await analyzer().sendResults({ specimenId: '2503010002', results: [{ code: 'WBC', value: 5 }, { code: 'NEUT%', value: 61.2, unit: '%' }] });
    expect(partly.code).toBe('AA');
    expect(partly.text).toBe('1 result(s) held for manual assignment');
    expect((await held(db)).map((h) => [h.sample_id, h.channel, h.reason])).toEqual([
      ['2503019999', 'WBC', 'unknown-specimen'],
      ['2503010002', 'NEUT%', 'unknown-channel'],
    ]);
  });

  it('refuses what it does not support with AR, answers AE when results cannot be committed, survives garbage', async () => {
    const raw = bytesReceived(pair.server);
    const sent = bytesReceived(pair.client);
    const conn = new MllpConnection(pair.client, { ackTimeoutMs: 2000 });
    pair.client.write(Buffer.from('garbage between frames\r\n'));
    const adt = createMessage(['ADT', 'A01', 'ADT_A01'], { sendingApplication: 'BC-5390' });
    adt.addSegment('PID', ['1', '', 'MRN1']);
    const refused = readAck((await conn.send(adt))!);
    expect(refused).toMatchObject({ code: 'AR', errors: [expect.objectContaining({ code: '200', segment: 'MSH', field: 9 })] });
    const empty = readAck((await conn.send(buildOruR01({ header: { sendingApplication: 'BC-5390' }, orders: [] })))!);
    expect(empty).toMatchObject({ code: 'AE', errors: [expect.objectContaining({ code: '101', segment: 'OBR' })] });
    fake.services.recordResults = async () => {
      throw new Error('database unavailable');
    };
    // Refused by the results area: held (committed) — still AA; the analyzer must not resend.
    const heldAck = readAck((await conn.send(buildOruR01({ header: { sendingApplication: 'BC-5390' }, orders: [{ placerOrderNumber: '2503010002', observations: [{ code: 'WBC', value: 6 }] }] })))!);
    expect(heldAck.code).toBe('AA');
    expect((await held(db)).at(-1)).toMatchObject({ reason: 'record-failed', test_code: 'WBC', value: '6' });
    await session.drained();
    const rows = await ledger(db);
    expect(rows.find((r) => r.kind === 'noise')?.text).toBe('garbage between frames<CR>\n<LF>');
    await waitFor(async () => ledgerBytes(await ledger(db), 'in').equals(raw()) && ledgerBytes(await ledger(db), 'out').equals(sent()), 'complete ledger');
  });
});
