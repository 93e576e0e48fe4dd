import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACK,
  AstmLink,
  AstmLinkError,
  buildComment,
  buildHeader,
  buildOrder,
  buildPatient,
  buildResult,
  buildTerminator,
  encodeAstmMessage,
  encodeFrame,
  ENQ,
  EOT,
  FaultInjector,
  NAK,
  STX,
  type AstmLinkOptions,
  type FaultPlan,
  type LinkLogEntry,
  type TrafficEvent,
} from '../src/index.ts';
import { recorder, socketPair, waitFor, type SocketPair } from './helpers/tcp.ts';

/**
 * LIS1-A timings scaled down so the suite stays fast. Reply and receive timeouts stay generous here
 * (a loaded CI machine must not trip them); the tests about timeouts set their own short ones.
 */
const FAST: Partial<AstmLinkOptions> = {
  replyTimeoutMs: 2000,
  receiveTimeoutMs: 2000,
  busyRetryMs: 20,
  contentionHostWaitMs: 150,
  contentionInstrumentWaitMs: 20,
  interruptYieldMs: 3000,
};

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
const codes = (logs: LinkLogEntry[]): string[] => logs.map((l) => l.code);

function resultsMessage(specimenId: string, extra = ''): string[] {
  return encodeAstmMessage([
    buildHeader({ sender: ['SIM', '1.0'], dateTime: '20250301103000' }),
    buildPatient({ practicePatientId: 'P1' }),
    buildOrder({ specimenId, tests: ['GLU'], reportType: 'F' }),
    buildResult({ test: 'GLU', value: '5.6', units: 'mmol/L', referenceRange: '3.9-6.1', abnormalFlags: 'N', completedAt: '20250301102000' }),
    ...(extra ? [buildComment({ source: 'I', text: extra })] : []),
    buildTerminator('N'),
  ]);
}

interface Side {
  link: AstmLink;
  logs: LinkLogEntry[];
  messages: string[][];
  traffic: TrafficEvent[];
  /** Optional extra traffic listener a test can set. */
  tap?: (event: TrafficEvent) => void;
}

const pairs: SocketPair[] = [];
afterEach(async () => {
  await Promise.all(pairs.splice(0).map((p) => p.close()));
});

async function connectedLinks(
  options: { host?: Partial<AstmLinkOptions>; instrument?: Partial<AstmLinkOptions>; instrumentFaults?: FaultPlan } = {},
): Promise<{ host: Side; instrument: Side }> {
  const pair = await socketPair();
  pairs.push(pair);
  const side = (role: 'host' | 'instrument', stream: Duplex, extra: Partial<AstmLinkOptions> = {}): Side => {
    const s: Side = { logs: [], messages: [], traffic: [], link: undefined as unknown as AstmLink };
    s.link = new AstmLink(stream, {
      ...FAST,
      ...extra,
      role,
      onLog: (e) => s.logs.push(e),
      onMessage: (records) => {
        s.messages.push(records);
      },
      onTraffic: (t) => {
        s.traffic.push(t);
        s.tap?.(t);
      },
    });
    return s;
  };
  const instrumentStream = options.instrumentFaults ? new FaultInjector(pair.client, options.instrumentFaults, STX, ACK) : pair.client;
  return { host: side('host', pair.server, options.host), instrument: side('instrument', instrumentStream, options.instrument) };
}

describe('ASTM E1381 link over TCP', () => {
  it('establishes, transfers and terminates; the traffic hook sees every byte', async () => {
    const { host, instrument } = await connectedLinks();
    const message = resultsMessage('S1');
    await instrument.link.send(message);
    await waitFor(() => host.messages.length === 1);
    expect(host.messages).toEqual([message]);
    expect(host.link.phase).toBe('neutral');
    expect(instrument.link.phase).toBe('neutral');
    // In: ENQ, one frame per record, EOT. Out: an ACK for each.
    const inbound = Buffer.concat(host.traffic.filter((t) => t.direction === 'in').map((t) => t.bytes));
    expect(inbound[0]).toBe(ENQ);
    expect(inbound[inbound.length - 1]).toBe(EOT);
    const outbound = Buffer.concat(host.traffic.filter((t) => t.direction === 'out').map((t) => t.bytes));
    expect([...outbound]).toEqual(Array(1 + message.length).fill(ACK));
    expect(host.traffic.every((t) => t.at instanceof Date)).toBe(true);
    // The instrument's outbound traffic is exactly what the host received.
    expect(Buffer.concat(instrument.traffic.filter((t) => t.direction === 'out').map((t) => t.bytes))).toEqual(inbound);
  });

  it.each(['record', 'message'] as const)('carries records longer than 240 characters in ETB/ETX frames (%s mode)', async (frameMode) => {
    const { host, instrument } = await connectedLinks({ instrument: { frameMode } });
    const message = resultsMessage('S-LONG', 'x'.repeat(700));
    await instrument.link.send(message);
    await waitFor(() => host.messages.length === 1);
    expect(host.messages[0]).toEqual(message);
    const frames = instrument.traffic.filter((t) => t.direction === 'out' && t.bytes[0] === STX);
    expect(frames.every((f) => f.bytes.length <= 247)).toBe(true);
    expect(frames.some((f) => f.bytes[f.bytes.length - 5] === 0x17)).toBe(true); // at least one ETB frame
  });

  it('decodes GB 18030 text even when a character is split across frames', async () => {
    const { host, instrument } = await connectedLinks({ host: { encoding: 'gb18030' }, instrument: { encoding: 'gb18030', maxFrameText: 7 } });
    const message = encodeAstmMessage([buildHeader({ dateTime: '20250301' }), buildPatient({ name: '王小明', practicePatientId: '门诊001' }), buildTerminator()]);
    await instrument.link.send(message);
    await waitFor(() => host.messages.length === 1);
    expect(host.messages[0]).toEqual(message);
  });

  it('queues sends and delivers them in order, one transfer each', async () => {
    const { host, instrument } = await connectedLinks();
    await Promise.all(['A', 'B', 'C'].map((id) => instrument.link.send(resultsMessage(id))));
    await waitFor(() => host.messages.length === 3);
    expect(host.messages.map((m) => m[2].split('|')[2])).toEqual(['A', 'B', 'C']);
  });

  it('answers a bad checksum with NAK and accepts the retransmitted frame', async () => {
    const { host, instrument } = await connectedLinks({ instrumentFaults: { badChecksumFrames: [2] } });
    await instrument.link.send(resultsMessage('S2'));
    await waitFor(() => host.messages.length === 1);
    expect(host.messages[0]).toEqual(resultsMessage('S2'));
    expect(codes(host.logs)).toContain('bad-checksum');
    expect(codes(instrument.logs).filter((c) => c === 'retransmit')).toHaveLength(1);
    expect(host.traffic.filter((t) => t.direction === 'out' && t.bytes[0] === NAK)).toHaveLength(1);
  });

  it('aborts with EOT after a frame is refused six times; the partial message is not delivered; the link recovers', async () => {
    const { host, instrument } = await connectedLinks({ instrumentFaults: { badChecksumFrames: [2, 3, 4, 5, 6, 7] } });
    const error = await instrument.link.send(resultsMessage('S3')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AstmLinkError);
    expect((error as AstmLinkError).code).toBe('frame-rejected');
    expect((error as AstmLinkError).message).toMatch(/frame 2 was rejected 6 times/);
    await waitFor(() => codes(host.logs).includes('incomplete-message'));
    expect(codes(host.logs).filter((c) => c === 'bad-checksum')).toHaveLength(6);
    expect(host.messages).toEqual([]);
    const out = instrument.traffic.filter((t) => t.direction === 'out');
    expect(out[out.length - 1].bytes[0]).toBe(EOT);
    // Frames written from now on are clean: the next message goes through.
    await instrument.link.send(resultsMessage('S4'));
    await waitFor(() => host.messages.length === 1);
    expect(host.messages[0][2]).toContain('S4');
  });

  it('gives up on a receiver that never answers ENQ (sender timeout), ending with EOT', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const peer = recorder(pair.server);
    const logs: LinkLogEntry[] = [];
    const link = new AstmLink(pair.client, { role: 'instrument', replyTimeoutMs: 80, onLog: (e) => logs.push(e) });
    const started = Date.now();
    const error = (await link.send(resultsMessage('S5')).catch((e: unknown) => e)) as AstmLinkError;
    expect(error.code).toBe('reply-timeout');
    expect(error.message).toMatch(/no reply to ENQ within 80 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect([...(await peer.waitFor((b) => b.length >= 2))]).toEqual([ENQ, EOT]);
    expect(link.phase).toBe('neutral');
  });

  it('gives up on a receiver that stops acknowledging frames', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const peer = recorder(pair.server);
    pair.server.once('data', () => pair.server.write(Buffer.from([ACK]))); // ACK the ENQ, then silence
    const link = new AstmLink(pair.client, { role: 'instrument', replyTimeoutMs: 80 });
    const error = (await link.send(resultsMessage('S6')).catch((e: unknown) => e)) as AstmLinkError;
    expect(error.code).toBe('reply-timeout');
    expect(error.message).toMatch(/no reply to frame 1/);
    const bytes = await peer.waitFor((b) => b[b.length - 1] === EOT);
    expect(bytes[0]).toBe(ENQ);
    expect(bytes[1]).toBe(STX);
  });

  it('discards a transfer whose sender falls silent (receiver timeout) and accepts the next one', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const peer = recorder(pair.client);
    const logs: LinkLogEntry[] = [];
    const messages: string[][] = [];
    const host = new AstmLink(pair.server, { role: 'host', receiveTimeoutMs: 80, onLog: (e) => logs.push(e), onMessage: (r) => void messages.push(r) });
    pair.client.write(Buffer.from([ENQ]));
    await peer.waitFor((b) => b.length === 1);
    pair.client.write(encodeFrame(1, latin1('H|\\^&\r'), true));
    await waitFor(() => codes(logs).includes('receive-timeout'), 1000);
    expect(host.phase).toBe('neutral');
    // A fresh, complete transfer.
    pair.client.write(Buffer.from([ENQ]));
    await peer.waitFor((b) => b.length === 3);
    pair.client.write(encodeFrame(1, latin1('H|\\^&\r'), true));
    await peer.waitFor((b) => b.length === 4);
    pair.client.write(encodeFrame(2, latin1('L|1|N\r'), true));
    await peer.waitFor((b) => b.length === 5);
    pair.client.write(Buffer.from([EOT]));
    await waitFor(() => messages.length === 1);
    expect(messages).toEqual([['H|\\^&', 'L|1|N']]);
  });

  it('acknowledges and discards a repeated frame; NAKs garbage, wrong frame numbers and bad checksums', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const peer = recorder(pair.client);
    const logs: LinkLogEntry[] = [];
    const messages: string[][] = [];
    new AstmLink(pair.server, { role: 'host', onLog: (e) => logs.push(e), onMessage: (r) => void messages.push(r) });
    const h = encodeFrame(1, latin1('H|\\^&\r'), true);
    const badH = Buffer.from(h);
    badH[badH.length - 3] = badH[badH.length - 3] === 0x30 ? 0x31 : 0x30;
    const steps: Buffer[] = [
      Buffer.from([ENQ]),
      latin1('line noise without STX\r\n'),
      encodeFrame(3, latin1('H|\\^&\r'), true), // expected frame 1
      badH,
      h,
      h, // the sender missed our ACK and repeats frame 1
      encodeFrame(2, latin1('L|1|N\r'), true),
    ];
    for (const [i, step] of steps.entries()) {
      pair.client.write(step);
      await peer.waitFor((b) => b.length === i + 1);
    }
    pair.client.write(Buffer.from([EOT]));
    await waitFor(() => messages.length === 1);
    expect([...peer.bytes()]).toEqual([ACK, NAK, NAK, NAK, ACK, ACK, ACK]);
    expect(messages).toEqual([['H|\\^&', 'L|1|N']]);
    expect(codes(logs)).toEqual(expect.arrayContaining(['garbage', 'bad-frame-number', 'bad-checksum', 'duplicate-frame']));
  });

  it('skips line noise before a frame without disturbing the transfer', async () => {
    const { host, instrument } = await connectedLinks({ instrumentFaults: { garbageBeforeFrames: [3] } });
    await instrument.link.send(resultsMessage('S7'));
    await waitFor(() => host.messages.length === 1);
    expect(host.messages[0]).toEqual(resultsMessage('S7'));
    expect(codes(host.logs)).toContain('garbage');
    expect(host.traffic.some((t) => t.direction === 'out' && t.bytes[0] === NAK)).toBe(false);
  });

  it('retries after a busy receiver answers NAK to ENQ, and gives up after too many', async () => {
    let refusals = 2;
    const { host, instrument } = await connectedLinks({ host: { acceptSession: () => refusals-- <= 0 } });
    await instrument.link.send(resultsMessage('S8'));
    await waitFor(() => host.messages.length === 1);
    expect(codes(instrument.logs).filter((c) => c === 'busy')).toHaveLength(2);
    expect(codes(host.logs).filter((c) => c === 'refused')).toHaveLength(2);

    const busy = await connectedLinks({ host: { acceptSession: () => false }, instrument: { maxEstablishAttempts: 3 } });
    const error = (await busy.instrument.link.send(resultsMessage('S9')).catch((e: unknown) => e)) as AstmLinkError;
    expect(error.code).toBe('busy');
    expect(codes(busy.host.logs).filter((c) => c === 'refused')).toHaveLength(3);
  });

  it('resolves line contention in favour of the instrument; the host sends after waiting', async () => {
    const { host, instrument } = await connectedLinks();
    const fromInstrument = resultsMessage('FROM-INSTRUMENT');
    const fromHost = encodeAstmMessage([buildHeader({ sender: 'LIS', dateTime: '20250301' }), buildOrder({ specimenId: 'FROM-HOST', tests: ['TSH'] }), buildTerminator()]);
    const delivered: string[] = [];
    const started = Date.now();
    // Both ENQs leave in the same tick, so each side sees the other's ENQ while waiting for its reply.
    const hostSend = host.link.send(fromHost).then(() => delivered.push(`host@${Date.now() - started}`));
    const instrumentSend = instrument.link.send(fromInstrument).then(() => delivered.push('instrument'));
    await Promise.all([hostSend, instrumentSend]);
    await waitFor(() => host.messages.length === 1 && instrument.messages.length === 1);
    expect(host.messages[0]).toEqual(fromInstrument);
    expect(instrument.messages[0]).toEqual(fromHost);
    expect(codes(host.logs)).toContain('contention');
    expect(codes(instrument.logs)).toContain('contention');
    expect(delivered[0]).toBe('instrument');
    // The host waited its contention delay (150 ms here, ≥ 20 s by default) before trying again.
    expect(Number(delivered[1].split('@')[1])).toBeGreaterThanOrEqual(140);
  });

  it('lets the receiver ask for the line (EOT instead of ACK); a send made while receiving waits its turn', async () => {
    const { host, instrument } = await connectedLinks({ host: { requestInterrupt: true }, instrument: { interruptYieldMs: 3000 } });
    const fromHost = encodeAstmMessage([buildHeader({ sender: 'LIS', dateTime: '20250301' }), buildOrder({ specimenId: 'DOWNLOAD', tests: ['CRP'] }), buildTerminator()]);
    let hostSend: Promise<void> | undefined;
    host.traffic.length = 0;
    host.tap = (t) => {
      // When the first frame arrives the LIS wants to send a worklist: the send must wait.
      if (!hostSend && t.direction === 'in' && t.bytes.includes(STX)) {
        hostSend = host.link.send(fromHost);
        expect(host.link.phase).toBe('receiving');
        expect(host.link.pendingSends).toBe(1);
      }
    };
    const started = Date.now();
    await instrument.link.send(resultsMessage('LONG', 'y'.repeat(500)));
    expect(hostSend).toBeDefined();
    // The instrument queues its next message right away; it must let the host go first.
    const second = instrument.link.send(resultsMessage('AFTER'));
    await hostSend;
    await second;
    await waitFor(() => host.messages.length === 2 && instrument.messages.length === 1);
    expect(codes(instrument.logs)).toContain('interrupt-request');
    expect(instrument.messages[0]).toEqual(fromHost);
    expect(host.messages.map((m) => m[2].split('|')[2])).toEqual(['LONG', 'AFTER']);
    // The yield ended when the host's transfer did, not after the full 3 s.
    expect(Date.now() - started).toBeLessThan(2000);
    // The host answered a frame with EOT while still receiving, i.e. before its own ENQ.
    const hostOut = host.traffic.filter((t) => t.direction === 'out' && t.bytes.length === 1).map((t) => t.bytes[0]);
    expect(hostOut.indexOf(EOT)).toBeGreaterThanOrEqual(0);
    expect(hostOut.indexOf(EOT)).toBeLessThan(hostOut.indexOf(ENQ));
  });

  it('reports a connection dropped mid-message and rejects the send', async () => {
    const { host, instrument } = await connectedLinks({ instrumentFaults: { disconnectInFrame: 3 } });
    const error = (await instrument.link.send(resultsMessage('S10')).catch((e: unknown) => e)) as AstmLinkError;
    expect(error.code).toBe('closed');
    await waitFor(() => host.link.phase === 'closed');
    expect(codes(host.logs)).toContain('incomplete-message');
    expect(host.messages).toEqual([]);
    await expect(host.link.send(['H|\\^&'])).rejects.toMatchObject({ code: 'closed' });
  });

  it('refuses records with embedded control characters without touching the line', async () => {
    const { instrument } = await connectedLinks();
    await expect(instrument.link.send(['H|\\^&', 'C|1|L|two\rlines'])).rejects.toThrow(/control character/);
    expect(instrument.traffic).toEqual([]);
  });
});
