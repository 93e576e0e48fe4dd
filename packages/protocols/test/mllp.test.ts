import { afterEach, describe, expect, it } from 'vitest';
import {
  buildAck,
  buildOruR01,
  encodeHl7,
  encodeMllp,
  Hl7Message,
  MllpConnection,
  MllpDecoder,
  MllpError,
  readAck,
  type LinkLogEntry,
  type MllpEvent,
} from '../src/index.ts';
import { recorder, socketPair, waitFor, type SocketPair } from './helpers/tcp.ts';

const msg = (id: string, extra = ''): string => `MSH|^~\\&|A||B||20250301||ADT^A01|${id}|P|2.3.1\rPID|1||${id}${extra}\r`;
const summarize = (events: MllpEvent[]): string[] =>
  events.map((e) => (e.kind === 'message' ? `message:${e.payload.toString('utf8').split('|')[9]}` : e.kind === 'garbage' ? `garbage:${e.bytes.toString('latin1')}` : `oversized:${e.length}`));

describe('MLLP framing', () => {
  it('frames a payload as <VT> … <FS><CR>', () => {
    expect([...encodeMllp(Buffer.from('ab'))]).toEqual([0x0b, 0x61, 0x62, 0x1c, 0x0d]);
  });

  it('decodes messages fed one byte at a time', () => {
    const wire = Buffer.concat([encodeMllp(Buffer.from(msg('M1'))), encodeMllp(Buffer.from(msg('M2', '中文'), 'utf8'))]);
    const decoder = new MllpDecoder();
    const events = [...wire].flatMap((b) => decoder.push(Buffer.from([b])));
    expect(summarize(events)).toEqual(['message:M1', 'message:M2']);
    expect((events[1] as { payload: Buffer }).payload.toString('utf8')).toBe(msg('M2', '中文'));
  });

  it('reports and skips garbage between frames, a frame cut short by a new VT, and a missing CR after FS', () => {
    const decoder = new MllpDecoder();
    const wire = Buffer.concat([
      Buffer.from('noise'),
      encodeMllp(Buffer.from(msg('M1'))),
      Buffer.from('\r\n'), // line ends between frames are not worth a report
      Buffer.from([0x0b]),
      Buffer.from('truncated'),
      encodeMllp(Buffer.from(msg('M2'))).subarray(0, -1), // no CR after FS
      Buffer.from('junk'),
      encodeMllp(Buffer.from(msg('M3'))),
    ]);
    const events = [...decoder.push(wire.subarray(0, 17)), ...decoder.push(wire.subarray(17))];
    expect(summarize(events)).toEqual(['garbage:noise', 'message:M1', 'garbage:truncated', 'message:M2', 'garbage:junk', 'message:M3']);
    expect(summarize(decoder.push(Buffer.from([0x0b, 0x41])))).toEqual([]);
    expect(summarize(decoder.finish())).toEqual(['garbage:A']);
  });

  it('drops frames over the size limit and carries on', () => {
    const decoder = new MllpDecoder(100);
    const big = encodeMllp(Buffer.alloc(500, 0x41));
    const events = decoder.push(Buffer.concat([big, encodeMllp(Buffer.from(msg('OK')))]));
    expect(summarize(events)).toEqual(['oversized:500', 'message:OK']);
  });
});

describe('MllpConnection over TCP', () => {
  const pairs: SocketPair[] = [];
  afterEach(async () => {
    await Promise.all(pairs.splice(0).map((p) => p.close()));
  });

  it('sends and resolves with the acknowledgement whose MSA-2 names the message', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const received: string[] = [];
    new MllpConnection(pair.server, {
      onMessage: (m) => {
        received.push(m.controlId);
        return buildAck(m, { code: 'AA' });
      },
    });
    const client = new MllpConnection(pair.client);
    const answers = await Promise.all([client.send(msg('C1')), client.send(msg('C2'))]);
    expect(answers.map((a) => readAck(a!).controlId)).toEqual(['C1', 'C2']);
    expect(received).toEqual(['C1', 'C2']);
  });

  it('times out when no acknowledgement comes, and rejects pending sends when the peer hangs up', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const logs: LinkLogEntry[] = [];
    const client = new MllpConnection(pair.client, { ackTimeoutMs: 60, onLog: (e) => logs.push(e) });
    const error = await client.send(msg('T1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MllpError);
    expect((error as MllpError).code).toBe('ack-timeout');
    expect(logs.map((l) => l.code)).toContain('ack-timeout');
    const pending = client.send(msg('T2'), { timeoutMs: 5000 });
    pair.server.end();
    await expect(pending).rejects.toMatchObject({ code: 'closed' });
  });

  it('answers AE (table 0357 code 207) when the application handler fails', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    new MllpConnection(pair.server, {
      onMessage: () => {
        throw new Error('database unavailable');
      },
    });
    const ack = readAck((await new MllpConnection(pair.client).send(msg('E1')))!);
    expect(ack).toMatchObject({ code: 'AE', controlId: 'E1', text: 'database unavailable' });
    expect(ack.errors[0]).toMatchObject({ code: '207', text: 'database unavailable' });
  });

  it('skips garbage between frames and still delivers the messages', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const logs: LinkLogEntry[] = [];
    const received: string[] = [];
    new MllpConnection(pair.server, { onLog: (e) => logs.push(e), onMessage: (m) => void received.push(m.controlId) });
    const wire = Buffer.concat([Buffer.from('\x00\xffGARBAGE'), encodeMllp(Buffer.from(msg('G1'))), Buffer.from('more junk'), encodeMllp(Buffer.from(msg('G2')))]);
    for (const byte of wire) pair.client.write(Buffer.from([byte]));
    await waitFor(() => received.length === 2);
    expect(received).toEqual(['G1', 'G2']);
    expect(logs.filter((l) => l.code === 'garbage')).toHaveLength(2);
  });

  it('writes and reads GB 18030 messages according to MSH-18', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const wire = recorder(pair.server);
    const received: Hl7Message[] = [];
    new MllpConnection(pair.server, { onMessage: (m) => void received.push(m) });
    const oru = buildOruR01({
      header: { charset: 'GB 18030-2000', controlId: 'GB1' },
      patient: { name: '张三' },
      orders: [{ placerOrderNumber: 'S1', observations: [{ code: 'NOTE', text: '备注', value: '轻度溶血' }] }],
    });
    await new MllpConnection(pair.client).send(oru, { awaitResponse: false });
    await waitFor(() => received.length === 1);
    expect(wire.bytes().subarray(1, -2)).toEqual(encodeHl7(oru));
    expect(wire.bytes().includes(Buffer.from('d5c5c8fd', 'hex'))).toBe(true);
    expect(received[0].get('PID-5')).toBe('张三');
    expect(received[0].get('OBX-5')).toBe('轻度溶血');
  });
});
