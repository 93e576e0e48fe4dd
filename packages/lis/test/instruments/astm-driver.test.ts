import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { AstmAnalyzer, AstmLink, buildHeader, buildOrder, buildPatient, buildResult, buildComment, buildTerminator, encodeAstmMessage } from '@medunion/protocols';
import type { Db } from '@medunion/kernel';
import { startAstmSession } from '../../src/instruments/drivers/astm-session.ts';
import type { InstrumentSession } from '../../src/instruments/drivers/session.ts';
import { bytesReceived, fakeServices, held, instrument, ledger, ledgerBytes, ledgerDb, silentLog, socketPair, waitFor, type FakeSpecimen } from './helpers.ts';

const ANALYZER = instrument({
  code: 'BS240',
  connection: { protocol: 'astm', mode: 'server', port: 0, encoding: 'gb18030', timeouts: { replyMs: 500, receiveMs: 500 } },
  channels: [
    { channel: '1', test: 'ALT' },
    { channel: '7', test: 'CREA', factor: 0.0113, decimals: 2 },
    { channel: '9', test: 'GLU', decimals: 1 },
  ],
});
const SPECIMENS: FakeSpecimen[] = [
  { barcode: '2503010001', sampleNo: '17', tests: ['ALT', 'GLU', 'CREA', 'eGFR', 'WBC'], stat: true },
  { barcode: '2503010002', tests: ['WBC'] },
];
const LINK = { replyTimeoutMs: 500, receiveTimeoutMs: 500, encoding: 'gb18030' };

describe('ASTM driver (LIS as host) over a real TCP connection', () => {
  let db: Db;
  let fake: ReturnType<typeof fakeServices>;
  let pair: Awaited<ReturnType<typeof socketPair>>;
  let session: InstrumentSession;
  let lisReceived: () => Buffer;
  let analyzerReceived: () => Buffer;

  beforeAll(async () => {
    db = await ledgerDb();
  });
  afterAll(async () => db?.close());

  beforeEach(async () => {
    await db.exec('delete from lis_instrument_message; delete from lis_unmatched_result');
    fake = fakeServices(SPECIMENS);
    pair = await socketPair();
    lisReceived = bytesReceived(pair.server);
    analyzerReceived = bytesReceived(pair.client);
    session = startAstmSession(pair.server, { db, log: silentLog, services: fake.services, instrument: () => ANALYZER, connection: 'tcp test #1' });
    return async () => {
      session.close();
      await pair.close();
    };
  });

  const settled = async (outcome: string) => waitFor(async () => (await ledger(db)).find((r) => r.kind === 'message' && r.direction === 'in' && r.outcome === outcome), `ledger outcome ${outcome}`);

  it('answers a host query with the tests this analyzer runs, in its channel codes, STAT and with the patient', async () => {
    const analyzer = new AstmAnalyzer({ stream: pair.client, instrumentId: 'BS-240', link: LINK });
    const answer = await analyzer.query('2503010001', 3000);
    expect(answer.terminationCode).toBe('F');
    expect(answer.orders).toHaveLength(1);
    expect(answer.orders[0]).toMatchObject({ specimenId: '2503010001', instrumentSpecimenId: '17', priority: 'S', actionCode: 'N', reportType: 'Q' });
    expect(answer.orders[0].tests.map((t) => t.code)).toEqual(['1', '9', '7']); // ALT, GLU, CREA; eGFR (calculated) and WBC have no channel here
    const reply = analyzer.inbox.history[0].join('\n');
    expect(reply).toContain('P|1|p1|||王小明||20150130|M'); // GB 18030 on the wire, read back intact
    const query = await settled('answered');
    expect(query).toMatchObject({ message_type: 'ASTM Q', summary: 'host query 2503010001', detail: '2503010001: 1,9,7' });

    const unknown = await analyzer.query('2503019999', 3000);
    expect(unknown).toEqual({ terminationCode: 'I', orders: [] });
    const nothingHere = await analyzer.query('2503010002', 3000); // only WBC ordered: not for a chemistry analyzer
    expect(nothingHere.terminationCode).toBe('I');
    await waitFor(async () => (await ledger(db)).filter((r) => r.outcome === 'not-found').length === 2, 'two not-found');
  });

  it('answers a host query at once while results sent before it are still being recorded', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const slow = fakeServices(SPECIMENS, { recordGate: gate });
    const line = await socketPair();
    const gated = startAstmSession(line.server, { db, log: silentLog, services: slow.services, instrument: () => ANALYZER, connection: 'tcp test #2' });
    onTestFinished(async () => {
      gated.close();
      await line.close();
    });
    const analyzer = new AstmAnalyzer({ stream: line.client, instrumentId: 'BS-240', link: LINK });
    await analyzer.sendResults({ specimenId: '2503010001', results: [{ code: '1', value: '25' }] }); // every frame acknowledged
    const answer = await analyzer.query('2503010001', 3000);
    expect(answer.terminationCode).toBe('F');
    expect(slow.recorded).toHaveLength(0); // the results are still waiting for the (slow) recording
    open();
    await waitFor(() => slow.recorded.length === 1, 'the results recorded');
  });

  it('records results mapped channel → test with factor and decimals, comments and flags kept', async () => {
    const link: AstmLink = new AstmLink(pair.client, { role: 'instrument', ...LINK });
    await link.send(
      encodeAstmMessage([
        buildHeader({ sender: ['BS-240'] }),
        buildPatient({ sequence: 1 }),
        buildOrder({ specimenId: '2503010001', instrumentSpecimenId: '17', tests: ['1', '7', '9'], actionCode: '', reportType: 'F' }),
        buildResult({ sequence: 1, test: '1', value: '25', units: 'U/L', abnormalFlags: 'N', completedAt: '20261207083000' }),
        buildResult({ sequence: 2, test: '7', value: '88.4', units: 'umol/L', abnormalFlags: 'H' }),
        buildComment({ text: 'Lipemia', type: 'I' }),
        buildResult({ sequence: 3, test: '9', value: '5.63', units: 'mmol/L' }),
        buildComment({ text: '复查', type: 'G' }),
        buildResult({ sequence: 4, test: '44', value: '1.5', units: 'g/L' }),
        buildTerminator('N'),
      ]),
    );
    const entry = await settled('partly-unmatched');
    expect(entry.detail).toContain('2503010001: 3 recorded, 1 held');
    expect(fake.recorded).toHaveLength(1);
    expect(fake.recorded[0]).toMatchObject({ specimenId: 'sp-2503010001', instrumentId: 'dev-1' });
    expect(fake.recorded[0].results).toEqual([
      { testCode: 'ALT', value: '25', unit: 'U/L', completedAt: '2026-12-07T00:30:00.000Z' }, // analyzer clock +08:00
      { testCode: 'CREA', value: '1.00', instrumentFlags: ['H', 'Lipemia'] }, // converted: the analyzer's unit no longer applies
      { testCode: 'GLU', value: '5.6', unit: 'mmol/L', instrumentFlags: ['comment: 复查'] },
    ]);
    const [row] = await held(db);
    expect(row).toMatchObject({ reason: 'unknown-channel', sample_id: '2503010001', alternate_sample_id: '17', channel: '44', value: '1.5', unit: 'g/L', status: 'open', message_id: expect.anything() });
    expect(String(row.message_id)).toBe(entry.id);
  });

  it('holds every result of an unknown specimen, and a QC sample goes to QC', async () => {
    const analyzer = new AstmAnalyzer({ stream: pair.client, instrumentId: 'BS-240', link: LINK });
    await analyzer.sendResults({ specimenId: '2503019999', results: [{ code: '9', value: 5.1, unit: 'mmol/L' }, { code: '1', value: 30 }] });
    await analyzer.sendResults({ specimenId: 'QC-GLU-L1', results: [{ code: '9', value: 5.02 }, { code: '1', value: 'n/a' }] });
    await settled('unmatched');
    await waitFor(async () => (await ledger(db)).some((r) => r.outcome === 'partly-unmatched'), 'qc message');
    expect(fake.recorded).toEqual([]);
    expect(fake.qc).toEqual([{ qcSampleId: 'QC-GLU-L1', testCode: 'GLU', value: 5 }]);
    expect((await held(db)).map((h) => [h.sample_id, h.channel, h.test_code, h.reason, h.qc])).toEqual([
      ['2503019999', '9', 'GLU', 'unknown-specimen', false],
      ['2503019999', '1', 'ALT', 'unknown-specimen', false],
      ['QC-GLU-L1', '1', 'ALT', 'record-failed', true],
    ]);
  });

  it('NAKs a frame with a bad checksum; the retransmission is taken once; the ledger shows it', async () => {
    const analyzer = new AstmAnalyzer({ stream: pair.client, instrumentId: 'BS-240', link: LINK, faults: { badChecksumFrames: [3] } });
    await analyzer.sendResults({ specimenId: '2503010001', results: [{ code: '9', value: 6.1 }] });
    const entry = await settled('processed');
    expect(fake.recorded.map((r) => r.results.map((x) => x.value))).toEqual([['6.1']]);
    expect(entry.events.map((e) => e.code)).toContain('bad-checksum');
    const replies = (await ledger(db)).find((r) => r.kind === 'link' && r.direction === 'out')!;
    expect(replies.text).toBe('<ACK><ACK><ACK><NAK><ACK><ACK><ACK>'); // ENQ, H, P, O (bad), O again, R, L
  });

  it('logs garbage as noise and keeps the link working; the ledger holds every byte both ways', async () => {
    pair.client.write(Buffer.from('\xffNOISE 噪声\r\n', 'latin1'));
    await waitFor(async () => (await ledger(db)).some((r) => r.kind === 'noise'), 'noise entry');
    const analyzer = new AstmAnalyzer({ stream: pair.client, instrumentId: 'BS-240', link: LINK, faults: { garbageBeforeFrames: [2] } });
    await analyzer.sendResults({ specimenId: '2503010001', results: [{ code: '1', value: 41 }] });
    const answer = await analyzer.query('2503010001', 3000);
    expect(answer.orders).toHaveLength(1);
    await settled('answered');
    await session.drained();
    const rows = await ledger(db);
    expect(rows.find((r) => r.kind === 'noise')).toMatchObject({ direction: 'in', outcome: 'noise', events: [expect.objectContaining({ code: 'garbage' })] });
    expect(fake.recorded).toHaveLength(1);
    await waitFor(async () => ledgerBytes(await ledger(db), 'in').equals(lisReceived()) && ledgerBytes(await ledger(db), 'out').equals(analyzerReceived()), 'complete ledger');
    expect(rows.filter((r) => r.kind === 'message').map((r) => `${r.direction} ${r.message_type} ${r.outcome}`)).toEqual([
      'in ASTM R processed',
      'in ASTM Q answered',
      'out ASTM O sent',
    ]);
  });

  it('discards a transfer cut short by a disconnect, and says so in the ledger', async () => {
    const analyzer = new AstmAnalyzer({ stream: pair.client, instrumentId: 'BS-240', link: LINK, faults: { disconnectInFrame: 3 } });
    await expect(analyzer.sendResults({ specimenId: '2503010001', results: [{ code: '9', value: 6.1 }] })).rejects.toThrow();
    await session.closed;
    await waitFor(async () => (await ledger(db)).some((r) => r.kind === 'connection' && r.outcome === 'closed'), 'closed entry');
    const rows = await ledger(db);
    expect(rows.find((r) => r.kind === 'message')).toMatchObject({ direction: 'in', outcome: 'incomplete' });
    expect(fake.recorded).toEqual([]);
  });
});
