import { gb18030Encode } from './gb18030-encoder.ts';

/** Turns text into bytes and back for one character set. */
export interface TextCodec {
  /** Canonical name: `utf-8`, `latin1`, `ascii` or `gb18030`. */
  readonly name: string;
  encode(text: string): Buffer;
  decode(bytes: Uint8Array): string;
}

const ALIASES: Record<string, string> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'unicode utf-8': 'utf-8', 'unicode-utf-8': 'utf-8',
  latin1: 'latin1', 'iso-8859-1': 'latin1', 'iso8859-1': 'latin1', '8859/1': 'latin1', binary: 'latin1',
  ascii: 'ascii', 'us-ascii': 'ascii',
  // GBK and GB 2312 are subsets of GB 18030, whose decoder reads them all; we encode GB 18030.
  gb18030: 'gb18030', 'gb 18030-2000': 'gb18030', 'gb18030-2000': 'gb18030', 'gb 18030': 'gb18030',
  gbk: 'gb18030', gb2312: 'gb18030', 'gb 2312': 'gb18030', cp936: 'gb18030',
};

const CODECS: Record<string, TextCodec> = {
  'utf-8': {
    name: 'utf-8',
    encode: (text) => Buffer.from(text, 'utf8'),
    decode: (bytes) => new TextDecoder('utf-8').decode(bytes),
  },
  latin1: {
    name: 'latin1',
    encode: (text) => Buffer.from(text, 'latin1'),
    decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
  },
  ascii: {
    name: 'ascii',
    // Characters outside ASCII become '?' rather than silently wrapping into other bytes.
    encode: (text) => Buffer.from(Array.from(text, (c) => (c.charCodeAt(0) < 0x80 ? c : '?')).join(''), 'latin1'),
    // Analyzers that claim ASCII still send the odd µ or °: read high bytes as latin1 instead of failing.
    decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
  },
  gb18030: {
    name: 'gb18030',
    encode: gb18030Encode,
    decode: (bytes) => new TextDecoder('gb18030').decode(bytes),
  },
};

/** The codec for a charset label (`UTF-8`, `latin1`, `GB 18030-2000`, `GBK`, …); RangeError for others. */
export function textCodec(label: string): TextCodec {
  const name = ALIASES[label.trim().toLowerCase()];
  if (!name) throw new RangeError(`unsupported character set "${label}" (use utf-8, latin1, ascii or gb18030)`);
  return CODECS[name];
}
