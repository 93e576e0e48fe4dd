import { describe, expect, it } from 'vitest';
import { buildMessageFrames, decodeFrame, encodeFrame, frameChecksum, FrameReader, MAX_FRAME_TEXT } from '../src/index.ts';

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
/** Control characters shown as `<02>` so expected frames read like the standard's notation. */
const show = (b: Buffer): string => [...b].map((c) => (c < 0x20 ? `<${c.toString(16).padStart(2, '0')}>` : String.fromCharCode(c))).join('');

describe('ASTM E1381 frames', () => {
  it('checksums FN through ETX modulo 256 as two uppercase hex digits', () => {
    // 0x31+0x4C+0x7C+0x31+0x7C+0x4E+0x0D+0x03 = 0x204 → 04 (computed by hand)
    expect(frameChecksum(latin1('1L|1|N\r\x03'))).toBe('04');
    expect(show(encodeFrame(1, latin1('L|1|N\r'), true))).toBe('<02>1L|1|N<0d><03>04<0d><0a>');
    // Frame number 4 adds 3 to the sum: 07. Sums above 0xFF wrap and are padded: 0xFF+0x01 → 00.
    expect(show(encodeFrame(4, latin1('L|1|N\r'), true))).toBe('<02>4L|1|N<0d><03>07<0d><0a>');
    expect(frameChecksum(Buffer.from([0xff, 0x01]))).toBe('00');
    expect(frameChecksum(Buffer.from([0x0a]))).toBe('0A');
  });

  it('decodes what it encodes and accepts lowercase checksum digits', () => {
    const frame = encodeFrame(7, latin1('R|1|^^^GLU|5.6'), false);
    expect(decodeFrame(frame)).toEqual({ ok: true, frameNumber: 7, text: latin1('R|1|^^^GLU|5.6'), final: false });
    const lower = Buffer.from(frame);
    lower.write(lower.subarray(-4, -2).toString('latin1').toLowerCase(), lower.length - 4, 'latin1');
    expect(decodeFrame(lower).ok).toBe(true);
  });

  it('reports bad checksums, bad frame numbers and malformed frames', () => {
    const frame = encodeFrame(2, latin1('O|1|S1'), true);
    const corrupt = Buffer.from(frame);
    corrupt[5] ^= 0x01; // flip a text bit
    expect(decodeFrame(corrupt)).toMatchObject({ ok: false, code: 'bad-checksum' });
    expect(decodeFrame(latin1('\x029O|1\x03AA\r\n'))).toMatchObject({ ok: false, code: 'malformed-frame' });
    expect(decodeFrame(latin1('\x021O|1AA\r\n'))).toMatchObject({ ok: false, code: 'malformed-frame' });
    expect(decodeFrame(latin1('garbage\r\n'))).toMatchObject({ ok: false, code: 'malformed-frame' });
    expect(decodeFrame(encodeFrame(1, latin1('x'.repeat(10)), true), 5)).toMatchObject({ ok: false, code: 'frame-too-long' });
  });

  it('cuts long records into 240-byte frames: ETB on intermediate frames, ETX on the last', () => {
    const record = latin1(`R|1|^^^COMMENT|${'x'.repeat(600)}`);
    const frames = buildMessageFrames([record], 'record');
    const decoded = frames.map((f) => decodeFrame(f));
    expect(decoded.map((d) => (d.ok ? [d.frameNumber, d.text.length, d.final] : d))).toEqual([
      [1, MAX_FRAME_TEXT, false],
      [2, MAX_FRAME_TEXT, false],
      [3, record.length + 1 - 2 * MAX_FRAME_TEXT, true],
    ]);
    const text = Buffer.concat(decoded.map((d) => (d.ok ? d.text : Buffer.alloc(0))));
    expect(text.toString('latin1')).toBe(`${record.toString('latin1')}\r`);
  });

  it('numbers frames 1..7, 0, 1 … across a transfer', () => {
    const records = Array.from({ length: 10 }, (_, i) => latin1(`C|${i + 1}|L|note ${i}`));
    const numbers = buildMessageFrames(records, 'record').map((f) => decodeFrame(f)).map((d) => (d.ok ? d.frameNumber : -1));
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 0, 1, 2]);
  });

  it('in message mode packs CR-separated records into as few frames as possible', () => {
    const frames = buildMessageFrames([latin1('H|\\^&'), latin1('L|1|N')], 'message');
    expect(frames.map(show)).toEqual(['<02>1H|\\^&<0d>L|1|N<0d><03>' + frameChecksum(latin1('1H|\\^&\rL|1|N\r\x03')) + '<0d><0a>']);
  });

  it('refuses records containing control characters that would break framing', () => {
    expect(() => buildMessageFrames([latin1('R|1|a\rb')])).toThrow(/control character 0x0d/);
    expect(() => buildMessageFrames([latin1('R|1|a\x02b')])).toThrow(/control character 0x02/);
  });

  it('reads frames and control characters from a stream split into single bytes', () => {
    const reader = new FrameReader();
    const wire = Buffer.concat([latin1('\x05'), encodeFrame(1, latin1('H|\\^&\r'), true), latin1('xx'), encodeFrame(2, latin1('L|1\r'), true), latin1('noise\r\n\x04')]);
    const events = [...wire].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(events.map((e) => e.kind + (e.kind === 'garbage' ? `:${e.bytes.toString('latin1')}:${e.lineEnded}` : ''))).toEqual([
      'control',
      'frame',
      'garbage:xx:false',
      'frame',
      'garbage:noise\r\n:true',
      'control',
    ]);
  });

  it('cuts a frame short when a control character arrives inside it, and drops oversized frames', () => {
    const reader = new FrameReader(20);
    const events = reader.push(latin1(`\x021H|partial\x04\x02${'y'.repeat(40)}\r\n`));
    expect(events.map((e) => e.kind)).toEqual(['garbage', 'control', 'oversized-frame']);
  });
});
