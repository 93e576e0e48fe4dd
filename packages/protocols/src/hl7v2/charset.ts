import { textCodec, type TextCodec } from '../text/charset.ts';
import { Hl7ParseError } from './errors.ts';
import { Hl7Message } from './message.ts';

/**
 * MSH-18 character set (HL7 table 0211) → codec. Empty means the default agreed for the interface
 * (UTF-8 unless configured). Supported: `UNICODE UTF-8`, `GB 18030-2000`, `ASCII`, `8859/1`, and
 * the informal `GBK`/`GB2312`/`UTF-8` some Chinese instruments write.
 */
export function hl7Codec(msh18: string, defaultCharset = 'utf-8'): TextCodec {
  const label = msh18.trim() || defaultCharset;
  try {
    return textCodec(label);
  } catch {
    throw new Hl7ParseError(`unsupported MSH-18 character set "${label}"`);
  }
}

/** MSH-18 read straight from the bytes: MSH is ASCII up to there, whatever the charset of the rest. */
export function sniffCharset(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const start = head.indexOf('MSH');
  if (start < 0 || head.length < start + 8) return '';
  const line = head.slice(start).split(/[\r\n]/)[0];
  const fieldSep = line.charAt(3);
  const repetition = line.charAt(5);
  // parts[0] is "MSH", parts[1] MSH-2, so MSH-n is parts[n - 1].
  const msh18 = line.split(fieldSep)[17] ?? '';
  return msh18.split(repetition)[0].trim();
}

/** Bytes → message, decoded with the charset its MSH-18 declares (`defaultCharset` when empty). */
export function decodeHl7(bytes: Uint8Array, defaultCharset = 'utf-8'): Hl7Message {
  const codec = hl7Codec(sniffCharset(bytes), defaultCharset);
  return Hl7Message.parse(codec.decode(bytes));
}

/** Message → bytes, encoded with the charset its MSH-18 declares (`defaultCharset` when empty). */
export function encodeHl7(message: Hl7Message | string, defaultCharset = 'utf-8'): Buffer {
  const parsed = typeof message === 'string' ? Hl7Message.parse(message) : message;
  return hl7Codec(parsed.charset, defaultCharset).encode(parsed.encode());
}
