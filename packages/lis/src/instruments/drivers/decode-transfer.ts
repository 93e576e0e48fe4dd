import { decodeFrame, decodeHl7, FrameReader, type Hl7Message, type TextCodec } from '@medunion/protocols';

const CR = 0x0d;
const LF = 0x0a;

/**
 * The complete ASTM messages (H … L) in the bytes of one transfer, read the way the link reads them: good frames in
 * order, a repeated frame number (a retransmission after a lost ACK) kept once, frames with bad checksums skipped
 * (their retransmission follows). Used for the ledger's summary and to tie a delivered message to its entry.
 */
export function decodeAstmTransfer(bytes: Uint8Array, codec: TextCodec): { messages: string[][]; incomplete: boolean } {
  const parts: Buffer[] = [];
  let last: number | undefined;
  for (const event of new FrameReader().push(bytes)) {
    if (event.kind !== 'frame') continue;
    const frame = decodeFrame(event.bytes);
    if (!frame.ok || frame.frameNumber === last) continue;
    last = frame.frameNumber;
    parts.push(frame.text);
    if (frame.final && frame.text.at(-1) !== CR) parts.push(Buffer.from([CR]));
  }
  const text = codec.decode(Buffer.concat(parts).filter((b) => b !== LF));
  const groups: string[][] = [];
  for (const record of text.split('\r').filter(Boolean)) {
    if (record.startsWith('H') || groups.length === 0) groups.push([record]);
    else groups.at(-1)!.push(record);
  }
  const messages = groups.filter((g) => g.at(-1)!.startsWith('L'));
  return { messages, incomplete: messages.length < groups.length || (text.length > 0 && !text.endsWith('\r')) };
}

/** A short description of an ASTM message: what it is and which specimens it is about. */
export function describeAstm(records: string[]): { messageType: string; summary: string } {
  const types = new Set(records.map((r) => r.charAt(0)));
  const field = (record: string, n: number) => record.split('|')[n - 1] ?? '';
  const specimens = [...new Set(records.filter((r) => r.startsWith('O')).map((r) => field(r, 3).split('^')[0]).filter(Boolean))];
  const queried = [...new Set(records.filter((r) => r.startsWith('Q')).map((r) => field(r, 3).split('^')[1] || field(r, 3).split('^')[0]).filter(Boolean))];
  const results = records.filter((r) => r.startsWith('R')).length;
  if (types.has('Q')) return { messageType: 'ASTM Q', summary: `host query ${queried.join(', ')}` };
  if (results) return { messageType: 'ASTM R', summary: `${results} result(s) for ${specimens.join(', ') || '?'}` };
  if (types.has('O')) return { messageType: 'ASTM O', summary: `orders for ${specimens.join(', ')}` };
  const terminator = records.find((r) => r.startsWith('L'));
  return { messageType: `ASTM ${[...types].join('')}`, summary: terminator ? `termination ${field(terminator, 3) || 'N'}` : `${records.length} record(s)` };
}

/** The HL7 message an MLLP frame's payload carries, or the reason it cannot be read. */
export function decodeHl7Frame(payload: Uint8Array, defaultCharset: string): { message?: Hl7Message; error?: string } {
  try {
    return { message: decodeHl7(payload, defaultCharset) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

export function describeHl7(message: Hl7Message): { messageType: string; summary: string } {
  const type = `${message.messageType.code}^${message.messageType.trigger}`;
  const msa = message.segment('MSA') ? ` ${message.get('MSA-1')} for ${message.get('MSA-2')}` : '';
  const specimen = message.get('OBR-2') || message.get('OBR-3') || message.get('QRD-8');
  return { messageType: type, summary: `${type} ${message.controlId}${msa}${specimen ? ` specimen ${specimen}` : ''}` };
}
