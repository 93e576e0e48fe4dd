import { execFile } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AstmAnalyzer,
  AstmLinkError,
  Hl7Analyzer,
  parseEndpoint,
  parseResultsFile,
  parseTestFlag,
  readObxHistogram,
  readObxImage,
  runAstmAnalyzerCli,
  runHl7AnalyzerCli,
  sampleWbcCounts,
  type CliIo,
} from '../src/index.ts';
import { serveAstmHost, startAstmTestHost, type AstmTestHost } from './helpers/astm-test-host.ts';
import { startHl7TestHost, type Hl7TestHost } from './helpers/hl7-test-host.ts';
import { waitFor } from './helpers/tcp.ts';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const TSX = `${REPO}node_modules/.bin/tsx`;
const SIMULATORS = fileURLToPath(new URL('../src/simulators/', import.meta.url));

const FAST_LINK = { replyTimeoutMs: 2000, receiveTimeoutMs: 2000, contentionInstrumentWaitMs: 20, busyRetryMs: 20 };
const GLUCOSE = { specimenId: 'S1', sampleNumber: '17', results: [{ code: 'GLU', value: '7.2', unit: 'mmol/L', flag: 'H', referenceRange: '3.9-6.1' }, { code: 'ALT', value: 25, unit: 'U/L', flag: 'N' }] };

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function dial(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  closers.push(() => socket.destroy());
  return socket;
}

function captureIo(): CliIo & { lines: string[]; errors: string[]; events: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), events: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('ASTM analyzer simulator against a test LIS', () => {
  let host: AstmTestHost;
  async function start(link: Parameters<typeof startAstmTestHost>[1] = {}): Promise<AstmTestHost> {
    host = await startAstmTestHost({ S1: { tests: ['GLU', 'ALT'], priority: 'S', patientName: 'WANG' } }, link);
    closers.push(() => host.close());
    return host;
  }

  it('queries the worklist, receives the orders, then sends results the host can read', async () => {
    await start();
    const analyzer = new AstmAnalyzer({ stream: await dial(host.port), instrumentId: 'BS-240', link: FAST_LINK });
    const worklist = await analyzer.query('S1', 2000);
    expect(worklist.terminationCode).toBe('F');
    expect(worklist.orders.map((o) => [o.specimenId, o.tests.map((t) => t.code), o.priority, o.reportType])).toEqual([['S1', ['GLU', 'ALT'], 'S', 'Q']]);
    await analyzer.sendResults(GLUCOSE, new Date('2025-03-01T10:20:00+08:00'));
    await waitFor(() => host.received.length === 2);
    expect(host.received[0].queries[0].specimenId).toBe('S1');
    const order = host.received[1].patients[0].orders[0];
    expect(order.order).toMatchObject({ specimenId: 'S1', instrumentSpecimenId: '17', reportType: 'F' });
    expect(order.results.map((r) => [r.result.test.code, r.result.value, r.result.units, r.result.abnormalFlags, r.result.referenceRange, r.result.completedAt, r.result.instrumentId])).toEqual([
      ['GLU', '7.2', 'mmol/L', ['H'], '3.9-6.1', '20250301102000', 'BS-240'],
      ['ALT', '25', 'U/L', ['N'], '', '20250301102000', 'BS-240'],
    ]);
    expect(host.received[1].header?.sender).toEqual(['BS-240']);
  });

  it('gets "no information" (L-3 = I) for an unknown specimen', async () => {
    await start();
    const analyzer = new AstmAnalyzer({ stream: await dial(host.port), link: FAST_LINK });
    expect(await analyzer.query('NOPE', 2000)).toEqual({ terminationCode: 'I', orders: [] });
  });

  it('still delivers results through a bad checksum and line noise', async () => {
    await start();
    const analyzer = new AstmAnalyzer({ stream: await dial(host.port), link: FAST_LINK, faults: { badChecksumFrames: [2], garbageBeforeFrames: [4] } });
    await analyzer.sendResults(GLUCOSE);
    await waitFor(() => host.received.length === 1);
    expect(host.received[0].patients[0].orders[0].results).toHaveLength(2);
    expect(host.logs.map((l) => l.code)).toEqual(expect.arrayContaining(['bad-checksum', 'garbage']));
  });

  it('tolerates a slow ACK within the host timeout; a silent analyzer makes the host give up', async () => {
    await start({ replyTimeoutMs: 300 });
    const slow = new AstmAnalyzer({ stream: await dial(host.port), link: FAST_LINK, faults: { ackDelayMs: 30 } });
    const started = Date.now();
    expect((await slow.query('S1', 3000)).orders).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(30 * 5); // ENQ + 4 frames, each ACK held

    const mute = new AstmAnalyzer({ stream: await dial(host.port), link: FAST_LINK, faults: { dropAcks: true } });
    await expect(mute.query('S1', 500)).rejects.toThrow(/no worklist for S1/);
    const failures = await waitFor(() => host.logs.filter((l) => l.code === 'answer-failed').map((l) => l.message).join() || undefined);
    expect(failures).toMatch(/no reply to ENQ within 300 ms/);
  });

  it('disconnecting mid-message fails the send and the host keeps nothing', async () => {
    await start();
    const analyzer = new AstmAnalyzer({ stream: await dial(host.port), link: FAST_LINK, faults: { disconnectInFrame: 3 } });
    const error = (await analyzer.sendResults(GLUCOSE).catch((e: unknown) => e)) as AstmLinkError;
    expect(error.code).toBe('closed');
    await waitFor(() => host.logs.some((l) => l.code === 'incomplete-message'));
    expect(host.received).toEqual([]);
  });

  it('runs as a CLI in listen mode: the LIS dials in, gets queried and receives results', async () => {
    const io = captureIo();
    const lis: AstmTestHost = { port: 0, received: [], logs: [], links: [], close: async () => undefined };
    const exit = runAstmAnalyzerCli(
      ['--listen', '0', '--query', 'S1', '--specimen', 'S1', '--test', 'GLU=5.6:mmol/L:N', '--test', 'TG=2.1', '--instrument', 'CLI-1', '--reply-timeout', '2000', '--receive-timeout', '2000'],
      io,
      (port) => void dial(port).then((socket) => serveAstmHost(socket, { S1: { tests: ['GLU', 'TG'] } }, lis)),
    );
    expect(await exit).toBe(0);
    expect(io.events()).toEqual([
      { event: 'listening', port: expect.any(Number) },
      { event: 'received', records: expect.any(Array) },
      { event: 'worklist', specimenId: 'S1', termination: 'F', orders: [{ specimenId: 'S1', tests: ['GLU', 'TG'], priority: 'R', actionCode: 'N' }] },
      { event: 'sent', specimenId: 'S1', results: 2 },
    ]);
    await waitFor(() => lis.received.length === 2);
    expect(lis.received[1].patients[0].orders[0].results.map((r) => [r.result.test.code, r.result.value, r.result.instrumentId])).toEqual([
      ['GLU', '5.6', 'CLI-1'],
      ['TG', '2.1', 'CLI-1'],
    ]);
  });

  it('runs as a separate process with --connect (tsx … astm-analyzer.ts)', async () => {
    await start();
    const { stdout } = await run(TSX, [`${SIMULATORS}astm-analyzer.ts`, '--connect', `127.0.0.1:${host.port}`, '--query', 'S1', '--specimen', 'S1', '--test', 'GLU=5.6:mmol/L:N', '--bad-checksum-frame', '2'], { cwd: REPO, timeout: 10_000 });
    const events = stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(events.map((e) => e.event)).toEqual(['received', 'worklist', 'sent']);
    await waitFor(() => host.received.length === 2);
    expect(host.received[1].patients[0].orders[0].results[0].result.value).toBe('5.6');
    expect(host.logs.map((l) => l.code)).toContain('bad-checksum');
  });
});

describe('HL7 analyzer simulator against a test LIS', () => {
  const WORKLISTS = { S1: { tests: [{ code: 'WBC', text: 'White cells' }, { code: 'HGB' }], stat: true, patientName: '张三' } };
  let host: Hl7TestHost;
  async function start(options: Partial<Parameters<typeof startHl7TestHost>[0]> = {}): Promise<Hl7TestHost> {
    host = await startHl7TestHost({ worklists: WORKLISTS, ...options });
    closers.push(() => host.close());
    return host;
  }

  it('queries (QRY^Q02 → QCK^Q02 + DSR^Q03), acknowledges the DSR, and sends ORU results with a histogram', async () => {
    await start();
    const analyzer = new Hl7Analyzer({ stream: await dial(host.port), instrumentId: 'BC-5390', charset: 'GB 18030-2000', ackTimeoutMs: 3000 });
    const answer = await analyzer.query('S1');
    expect(answer.found).toBe(true);
    expect(answer.dsr?.worklist).toMatchObject({ specimenId: 'S1', patientName: '张三', stat: true });
    expect(answer.dsr?.worklist?.tests).toEqual([{ code: 'WBC', text: 'White cells' }, { code: 'HGB' }]);
    await waitFor(() => host.worklistOutcomes.length === 1);
    expect(host.worklistOutcomes).toEqual(['AA']);

    const ack = await analyzer.sendResults({ ...GLUCOSE, histogram: true });
    expect(ack).toMatchObject({ code: 'AA' });
    const [result] = host.results;
    // QRY and ORU (the ACK of the DSR went to the host's pending send), all in GB 18030.
    expect(host.received.map((m) => `${m.messageType.code}:${m.charset}`)).toEqual(['QRY:GB 18030-2000', 'ORU:GB 18030-2000']);
    const observations = result.orders[0].observations;
    expect(observations.map((o) => [o.identifier.code, o.valueType])).toEqual([
      ['GLU', 'NM'],
      ['ALT', 'NM'],
      ['WBCHistogram', 'NA'],
      ['WBCHistogramBMP', 'ED'],
    ]);
    expect(observations[0]).toMatchObject({ units: 'mmol/L', abnormalFlags: ['H'], referenceRange: '3.9-6.1', equipment: 'BC-5390' });
    expect(result.orders[0]).toMatchObject({ specimenId: 'S1', fillerOrderNumber: '17' });
    expect(readObxHistogram(observations[2].segment)).toEqual(sampleWbcCounts());
    const image = readObxImage(observations[3].segment)!;
    expect(image.mime).toBe('image/bmp');
    expect(image.name).toBe('WBC Histogram. BMP');
    expect(image.bytes.readInt32LE(18)).toBe(256); // one pixel column per channel
  });

  it('reads an ORM^O01 answer, and NF for an unknown specimen', async () => {
    await start({ answerWith: 'orm' });
    const analyzer = new Hl7Analyzer({ stream: await dial(host.port), ackTimeoutMs: 3000 });
    const answer = await analyzer.query('S1');
    expect(answer.found).toBe(true);
    expect(answer.orders.map((o) => [o.specimenId, o.test.code, o.priority])).toEqual([
      ['S1', 'WBC', 'S'],
      ['S1', 'HGB', 'S'],
    ]);
    expect(await analyzer.query('UNKNOWN')).toEqual({ found: false, orders: [] });
  });

  it('gets AE locating the unknown specimen in OBR-2', async () => {
    await start();
    const analyzer = new Hl7Analyzer({ stream: await dial(host.port), ackTimeoutMs: 3000 });
    const ack = await analyzer.sendResults({ specimenId: 'NOPE', results: [{ code: 'WBC', value: 5 }] });
    expect(ack.code).toBe('AE');
    expect(ack.errors).toEqual([{ code: '204', segment: 'OBR', sequence: 1, field: 2, text: 'unknown specimen NOPE' }]);
    expect(host.results).toEqual([]);
  });

  it('is acknowledged despite garbage before its message; a disconnect mid-message loses it', async () => {
    await start();
    const noisy = new Hl7Analyzer({ stream: await dial(host.port), ackTimeoutMs: 3000, faults: { garbageBeforeFrames: [1] } });
    expect((await noisy.sendResults(GLUCOSE)).code).toBe('AA');
    expect(host.logs.map((l) => l.code)).toContain('garbage');

    const cut = new Hl7Analyzer({ stream: await dial(host.port), ackTimeoutMs: 3000, faults: { disconnectInFrame: 1 } });
    await expect(cut.sendResults(GLUCOSE)).rejects.toMatchObject({ code: 'closed' });
    await waitFor(() => host.logs.some((l) => l.code === 'incomplete-message'));
    expect(host.results).toHaveLength(1);
  });

  it('leaves the LIS waiting when it does not acknowledge the worklist, and acknowledges late when slowed down', async () => {
    await start({ ackTimeoutMs: 150 });
    const mute = new Hl7Analyzer({ stream: await dial(host.port), ackTimeoutMs: 3000, replyToHost: { mode: 'none' } });
    expect((await mute.query('S1')).found).toBe(true);
    await waitFor(() => host.worklistOutcomes.length === 1);
    expect(host.worklistOutcomes[0]).toMatch(/^error: no answer to DSR\^Q03 \d+ within 150 ms$/);

    const slow = new Hl7Analyzer({ stream: await dial(host.port), ackTimeoutMs: 3000, replyToHost: { mode: 'delay', delayMs: 50 } });
    expect((await slow.query('S1')).found).toBe(true);
    await waitFor(() => host.worklistOutcomes.length === 2);
    expect(host.worklistOutcomes[1]).toBe('AA');
  });

  it('runs as a CLI: query and results with a histogram, one JSON line per event', async () => {
    await start();
    const io = captureIo();
    const code = await runHl7AnalyzerCli(['--connect', `127.0.0.1:${host.port}`, '--query', 'S1', '--specimen', 'S1', '--test', 'WBC=7.3:10*9/L:N', '--histogram', '--ack-timeout', '3000'], io);
    expect(code).toBe(0);
    const events = io.events().filter((e) => e.event !== 'received');
    expect(events).toEqual([
      { event: 'worklist', specimenId: 'S1', found: true, tests: ['WBC', 'HGB'], stat: true },
      { event: 'ack', specimenId: 'S1', code: 'AA', text: '', errors: [] },
    ]);
    expect(host.results[0].orders[0].observations.map((o) => o.identifier.code)).toEqual(['WBC', 'WBCHistogram', 'WBCHistogramBMP']);
  });

  it('prints its usage with --help when run as a process', async () => {
    const { stdout } = await run(TSX, [`${SIMULATORS}hl7-analyzer.ts`, '--help'], { cwd: REPO, timeout: 10_000 });
    expect(stdout).toMatch(/^Simulated laboratory analyzer speaking HL7 v2 over MLLP/);
    expect(stdout).toContain('--query BARCODE');
  });
});

describe('simulator inputs', () => {
  it('parses endpoints, --test flags and results files, refusing malformed ones', () => {
    expect(parseEndpoint('lis.local:5000', undefined)).toEqual({ mode: 'connect', host: 'lis.local', port: 5000 });
    expect(parseEndpoint(undefined, '0')).toEqual({ mode: 'listen', host: '127.0.0.1', port: 0 });
    expect(() => parseEndpoint('5000', undefined)).toThrow(/host:port/);
    expect(() => parseEndpoint(undefined, undefined)).toThrow(/required/);
    expect(parseTestFlag('GLU=5.6:mmol/L:H')).toEqual({ code: 'GLU', value: '5.6', unit: 'mmol/L', flag: 'H' });
    expect(parseTestFlag('HBsAg=阴性')).toEqual({ code: 'HBsAg', value: '阴性' });
    expect(() => parseTestFlag('GLU')).toThrow(/CODE=VALUE/);
    expect(parseResultsFile('[{"specimenId":"S1","results":[{"code":"GLU","value":5}]}]').specimens).toHaveLength(1);
    expect(parseResultsFile('{"instrumentId":"X","specimens":[]}').instrumentId).toBe('X');
    expect(() => parseResultsFile('{"specimens":[{"specimenId":"S1","results":[{"code":"GLU"}]}]}')).toThrow(/needs code and value/);
  });
});
