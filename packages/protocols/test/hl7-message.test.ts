import { describe, expect, it } from 'vitest';
import { decodeHl7, encodeHl7, escapeHl7, Hl7Message, Hl7ParseError, parseHl7Path, sniffCharset, unescapeHl7, DEFAULT_HL7_DELIMITERS } from '../src/index.ts';

/** An ORU as a hematology analyzer sends it, with repetitions, components, subcomponents and escapes. */
const ORU = [
  'MSH|^~\\&|BC-5390|Mindray|LIS|Lab|20250301103000||ORU^R01|MSG0001|P|2.3.1||||||UNICODE UTF-8',
  'PID|1||MRN123^^^HOSP^MR~110101199001011234^^^GA^NI||Zhang^San||19900101|M',
  'OBR|1|SPEC001|17|01001^Automated Count^99MRC||||||||||BLD',
  'OBX|1|NM|6690-2^WBC^LN||7.31|10*9/L|3.5-9.5|N|||F',
  'OBX|2|ST|MODE^Mode^99MRC||Whole blood \\T\\ prediluted \\F\\ pipe||||||F',
  'NTE|1||first line\\.br\\second line \\X0D0A\\ done \\H\\bold\\N\\',
  'OBX|3|CE|FLAG^Flag^99MRC||WBC_ABN^Leucocytosis&sub^99MRC||||||F',
  '',
].join('\r');

describe('HL7 v2 messages', () => {
  it('encodes exactly what it parsed', () => {
    expect(Hl7Message.parse(ORU).encode()).toBe(ORU);
  });

  it('accepts LF and CRLF segment terminators and writes CR', () => {
    expect(Hl7Message.parse(ORU.replace(/\r/g, '\n')).encode()).toBe(ORU);
    expect(Hl7Message.parse(ORU.replace(/\r/g, '\r\n')).encode()).toBe(ORU);
    expect(Hl7Message.parse(ORU.trimEnd()).encode()).toBe(ORU);
  });

  it('reads values by path: repetitions, components, subcomponents, segment occurrences', () => {
    const m = Hl7Message.parse(ORU);
    expect(m.get('MSH-1')).toBe('|');
    expect(m.get('MSH-2')).toBe('^~\\&');
    expect(m.get('MSH-9.2')).toBe('R01');
    expect(m.messageType).toEqual({ code: 'ORU', trigger: 'R01', structure: '' });
    expect(m.controlId).toBe('MSG0001');
    expect(m.version).toBe('2.3.1');
    expect(m.charset).toBe('UNICODE UTF-8');
    expect(m.get('PID-3')).toBe('MRN123');
    expect(m.get('PID-3[2].1')).toBe('110101199001011234');
    expect(m.get('PID-3[2].5')).toBe('NI');
    expect(m.getAll('PID-3.4')).toEqual(['HOSP', 'GA']);
    expect(m.get('PID-5.2')).toBe('San');
    expect(m.get('OBX[3]-5.2.2')).toBe('sub');
    expect(m.get('OBX[3]-5.2')).toBe('Leucocytosis');
    expect(m.getRaw('PID-3')).toBe('MRN123^^^HOSP^MR~110101199001011234^^^GA^NI');
    expect(m.getRaw('OBX[3]-5.2')).toBe('Leucocytosis&sub');
    expect(m.get('OBX[9]-5')).toBe('');
    expect(m.get('PID-99')).toBe('');
    expect(m.segmentsNamed('OBX')).toHaveLength(3);
  });

  it('unescapes \\F\\ \\S\\ \\T\\ \\R\\ \\E\\ \\X..\\ and \\.br\\, leaving formatting sequences as written', () => {
    const m = Hl7Message.parse(ORU);
    expect(m.get('OBX[2]-5')).toBe('Whole blood & prediluted | pipe');
    expect(m.get('NTE-3')).toBe('first line\nsecond line \r\n done \\H\\bold\\N\\');
    const d = DEFAULT_HL7_DELIMITERS;
    expect(escapeHl7('a|b^c~d\\e&f\rg', d)).toBe('a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f\\X0D\\g');
    expect(unescapeHl7(escapeHl7('a|b^c~d\\e&f\rg', d), d)).toBe('a|b^c~d\\e&f\rg');
    expect(unescapeHl7('broken \\F', d)).toBe('broken \\F');
  });

  it('sets values by path, escaping them and creating missing parts', () => {
    const m = Hl7Message.parse(ORU);
    m.set('PID-5.1', 'Li|Si');
    m.set('PID-3[3].1', 'CARD9');
    m.set('OBX[2]-5', 'a^b');
    m.set('ZMR-2.3', 'custom');
    expect(m.getRaw('PID-5')).toBe('Li\\F\\Si^San');
    expect(m.get('PID-5.1')).toBe('Li|Si');
    expect(m.getAll('PID-3.1')).toEqual(['MRN123', '110101199001011234', 'CARD9']);
    expect(m.get('OBX[2]-5')).toBe('a^b');
    expect(m.segment('ZMR')!.encode()).toBe('ZMR||^^custom');
    expect(() => m.set('MSH-2', 'x')).toThrow(/delimiters/);
    expect(() => m.set('OBX[9]-1', 'x')).toThrow(/earlier occurrences/);
    // Still a valid message that reads back the same.
    expect(Hl7Message.parse(m.encode()).get('PID-5.1')).toBe('Li|Si');
  });

  it('groups OBX and NTE under their OBR', () => {
    const m = Hl7Message.parse(`${ORU}OBR|2|SPEC001|18|02^Diff\rOBX|1|NM|LYM%||30|%\rPV1|1|O\r`);
    const groups = m.groups('OBR', ['OBX', 'NTE']);
    expect(groups.map((g) => [g.parent.get(1), g.members.map((s) => `${s.name}${s.get(1)}`)])).toEqual([
      ['1', ['OBX1', 'OBX2', 'NTE1', 'OBX3']],
      ['2', ['OBX1']],
    ]);
  });

  it('honours non-default encoding characters from MSH-1 and MSH-2', () => {
    const text = 'MSH#$%*@#APP#FAC#LIS##20250301##ORU$R01#1#P#2.5\rPID#1##ID1%ID2##WANG$WU@X#\r';
    const m = Hl7Message.parse(text);
    expect(m.delimiters).toEqual({ field: '#', component: '$', repetition: '%', escape: '*', subcomponent: '@' });
    expect(m.get('MSH-9.2')).toBe('R01');
    expect(m.getAll('PID-3')).toEqual(['ID1', 'ID2']);
    expect(m.get('PID-5.2.2')).toBe('X');
    m.set('PID-6', 'a#b');
    expect(m.getRaw('PID-6')).toBe('a*F*b');
    expect(Hl7Message.parse(m.encode()).get('PID-6')).toBe('a#b');
  });

  it('keeps a v2.7 truncation character in MSH-2', () => {
    const text = 'MSH|^~\\&#|A|B|C|D|20250301||ACK^A01|1|P|2.7\r';
    expect(Hl7Message.parse(text).encode()).toBe(text);
    expect(Hl7Message.parse(text).get('MSH-2')).toBe('^~\\&#');
  });

  it('refuses text that is not a message', () => {
    expect(() => Hl7Message.parse('')).toThrow(Hl7ParseError);
    expect(() => Hl7Message.parse('PID|1\r')).toThrow(/does not start with an MSH/);
    expect(() => Hl7Message.parse('MSH|^~\\&|A\rpid|1\r')).toThrow(/not a segment/);
    expect(() => Hl7Message.parse('MSH|^^\\&|A\r')).toThrow(/distinct/);
    expect(() => parseHl7Path('PID-x')).toThrow(/not an HL7 path/);
    expect(parseHl7Path('OBX[2]-5[3].1.2')).toEqual({ segment: 'OBX', occurrence: 2, field: 5, repetition: 3, component: 1, subcomponent: 2 });
  });

  it('decodes and encodes bytes in the MSH-18 character set (GB 18030)', () => {
    const text = 'MSH|^~\\&|LIS|检验科|BS-240||20250301||ORU^R01|9|P|2.3.1||||||GB 18030-2000\rPID|1||MRN9||张三^^^先生\rOBX|1|ST|NOTE^备注||轻度溶血 µ||||||F\r';
    const bytes = encodeHl7(Hl7Message.parse(text));
    // 张三 is D5C5 C8FD in GB 18030.
    expect(bytes.includes(Buffer.from('d5c5c8fd', 'hex'))).toBe(true);
    expect(bytes.includes(Buffer.from('张三', 'utf8'))).toBe(false);
    expect(sniffCharset(bytes)).toBe('GB 18030-2000');
    const back = decodeHl7(bytes);
    expect(back.encode()).toBe(text);
    expect(back.get('PID-5')).toBe('张三');
    // Without MSH-18 the interface default applies.
    const utf8 = encodeHl7('MSH|^~\\&|A||B||20250301||ACK|1|P|2.3.1\rMSA|AA|1|好\r');
    expect(utf8.includes(Buffer.from('好', 'utf8'))).toBe(true);
    expect(decodeHl7(utf8).get('MSA-3')).toBe('好');
    expect(() => decodeHl7(Buffer.from('MSH|^~\\&|A||B||1||ACK|1|P|2.3.1||||||EBCDIC\r'))).toThrow(/unsupported MSH-18/);
  });

  it('decodes \\X..\\ hex escapes in the message charset', () => {
    const m = Hl7Message.parse('MSH|^~\\&|A||B||1||ACK|1|P|2.5||||||UNICODE UTF-8\rNTE|1||\\XE5A5BD\\\r');
    expect(m.get('NTE-3')).toBe('好');
  });
});
