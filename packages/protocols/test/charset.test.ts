import { describe, expect, it } from 'vitest';
import { textCodec } from '../src/index.ts';

describe('character sets', () => {
  it('encodes and decodes GB 18030, including four-byte characters', () => {
    const gb = textCodec('GB 18030-2000');
    expect(gb.name).toBe('gb18030');
    // 张三 in GB 2312 is D5C5 C8FD; U+00B5 µ and U+20000 need four bytes in GB 18030.
    expect(gb.encode('张三').toString('hex')).toBe('d5c5c8fd');
    expect(gb.encode('µ').toString('hex')).toBe('81308538');
    expect(gb.encode('\u{20000}').toString('hex')).toBe('95328236');
    const text = '检验科 血糖 7.2 mmol/L ↑ µmol/L 𠀀';
    expect(gb.decode(gb.encode(text))).toBe(text);
  });

  it('maps the names instruments and MSH-18 use', () => {
    expect(textCodec('UNICODE UTF-8').name).toBe('utf-8');
    expect(textCodec('GBK').name).toBe('gb18030');
    expect(textCodec('8859/1').name).toBe('latin1');
    expect(textCodec('ASCII').encode('µg').toString('latin1')).toBe('?g');
    expect(() => textCodec('EBCDIC')).toThrow(/unsupported character set/);
  });
});
