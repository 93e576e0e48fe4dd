import { describe, expect, it } from 'vitest';
import {
  AstmRecord,
  buildComment,
  buildHeader,
  buildManufacturerRecord,
  buildOrder,
  buildPatient,
  buildQuery,
  buildResult,
  buildTerminator,
  encodeAstmMessage,
  escapeAstm,
  formatAstmDate,
  groupAstmMessage,
  parseAstmDate,
  parseAstmMessage,
  readHeader,
  readOrder,
  readQuery,
  readResult,
  unescapeAstm,
  DEFAULT_ASTM_DELIMITERS,
} from '../src/index.ts';

/** Results as an analyzer sends them (one H … L message). */
const ANALYZER_MESSAGE = [
  'H|\\^&|||BS-240^01.03.07^SN1234|||||LIS||P|LIS2-A2|20250301103015',
  'P|1|PID001||ID3|WANG^XIAOMING||19800115|M',
  'O|1|SPEC123|17^2^5|^^^GLU\\^^^ALT|R|20250301090000|||||N||||SER^BLD||||||||||F',
  'R|1|^^^GLU|7.2|mmol/L|3.9-6.1|H||F||OP1|20250301100000|20250301102000|BS-240',
  'C|1|I|Sample hemolyzed&S&check|G',
  'R|2|^^^ALT|25|U/L|0-40|N||F||OP1||20250301102100|BS-240',
  'L|1|N',
];

describe('ASTM E1394 records', () => {
  it('parses an analyzer message into typed records and the H → P → O → R → C hierarchy', () => {
    const message = parseAstmMessage(ANALYZER_MESSAGE);
    const tree = groupAstmMessage(message);
    expect(tree.header).toMatchObject({ sender: ['BS-240', '01.03.07', 'SN1234'], receiverId: 'LIS', processingId: 'P', version: 'LIS2-A2', dateTime: '20250301103015' });
    expect(tree.patients).toHaveLength(1);
    const [patient] = tree.patients;
    expect(patient.patient).toMatchObject({ practicePatientId: 'PID001', patientIdNo3: 'ID3', name: { last: 'WANG', first: 'XIAOMING' }, birthDate: '19800115', sex: 'M' });
    const [order] = patient.orders;
    expect(order.order).toMatchObject({
      specimenId: 'SPEC123',
      instrumentSpecimenIdComponents: ['17', '2', '5'],
      priority: 'R',
      requestedAt: '20250301090000',
      actionCode: 'N',
      specimenDescriptor: ['SER', 'BLD'],
      reportType: 'F',
    });
    expect(order.order.tests.map((t) => t.code)).toEqual(['GLU', 'ALT']);
    expect(order.results.map((r) => [r.result.test.code, r.result.value, r.result.units, r.result.referenceRange, r.result.abnormalFlags, r.result.status])).toEqual([
      ['GLU', '7.2', 'mmol/L', '3.9-6.1', ['H'], 'F'],
      ['ALT', '25', 'U/L', '0-40', ['N'], 'F'],
    ]);
    expect(order.results[0].result).toMatchObject({ operator: 'OP1', startedAt: '20250301100000', completedAt: '20250301102000', instrumentId: 'BS-240' });
    // The comment follows the GLU result and its &S& escape is the component delimiter.
    expect(order.results[0].comments).toEqual([{ sequence: 1, source: 'I', text: 'Sample hemolyzed^check', textComponents: ['Sample hemolyzed^check'], type: 'G' }]);
    expect(tree.terminator).toEqual({ sequence: 1, code: 'N' });
  });

  it('writes back exactly the text it parsed', () => {
    const message = parseAstmMessage(ANALYZER_MESSAGE);
    expect(encodeAstmMessage(message.records)).toEqual(ANALYZER_MESSAGE);
  });

  it('builds what a host sends, in the standard field positions', () => {
    const records = encodeAstmMessage([
      buildHeader({ sender: 'LIS', receiverId: 'BS-240', dateTime: '20250301110000' }),
      buildPatient({ practicePatientId: 'PID001', name: { last: 'WANG', first: 'XIAOMING' }, birthDate: '19800115', sex: 'M' }),
      buildOrder({ specimenId: 'SPEC123', tests: ['GLU', 'ALT'], priority: 'S', actionCode: 'N', reportType: 'O', requestedAt: '20250301090000' }),
      buildComment({ text: 'fasting' }),
      buildTerminator('N'),
    ]);
    expect(records).toEqual([
      'H|\\^&|||LIS|||||BS-240||P|LIS2-A2|20250301110000',
      'P|1|PID001|||WANG^XIAOMING||19800115|M',
      'O|1|SPEC123||^^^GLU\\^^^ALT|S|20250301090000|||||N||||||||||||||O',
      'C|1|L|fasting|G',
      'L|1|N',
    ]);
  });

  it('builds a host query by specimen and reads it back', () => {
    const q = buildQuery({ specimenId: 'SPEC123' });
    expect(q.encode()).toBe('Q|1|^SPEC123||^^^ALL||||||||O');
    expect(readQuery(AstmRecord.parse(q.encode()))).toMatchObject({ patientId: '', specimenId: 'SPEC123', startingRange: ['', 'SPEC123'], requestStatus: 'O' });
    expect(readQuery(AstmRecord.parse(q.encode())).tests[0].code).toBe('ALL');
  });

  it('round-trips results with every builder field', () => {
    const record = buildResult({
      sequence: 3, test: 'HGB', value: 98, units: 'g/L', referenceRange: '115-150', abnormalFlags: ['L', 'A'], natureOfAbnormality: 'S',
      status: 'C', operator: 'zhang', startedAt: '20250301100000', completedAt: '20250301100500', instrumentId: 'BC-5390',
    });
    expect(readResult(AstmRecord.parse(record.encode()))).toMatchObject({
      sequence: 3, test: { code: 'HGB' }, value: '98', units: 'g/L', referenceRange: '115-150', abnormalFlags: ['L', 'A'], natureOfAbnormality: 'S',
      status: 'C', operator: 'zhang', startedAt: '20250301100000', completedAt: '20250301100500', instrumentId: 'BC-5390',
    });
  });

  it('escapes delimiters in values (&F& &S& &R& &E&) and reads them back', () => {
    const d = DEFAULT_ASTM_DELIMITERS;
    expect(escapeAstm('a|b^c\\d&e', d)).toBe('a&F&b&S&c&R&d&E&e');
    expect(unescapeAstm('a&F&b&S&c&R&d&E&e', d)).toBe('a|b^c\\d&e');
    // Sequences E1394 leaves to the application, and a lone escape character, stay as written.
    expect(unescapeAstm('x&X0D&y & z', d)).toBe('x&X0D&y & z');
    const comment = buildComment({ text: 'ratio 1:2 | see A^B \\ R&D' });
    const text = comment.encode();
    expect(text).toBe('C|1|L|ratio 1:2 &F& see A&S&B &R& R&E&D|G');
    expect(AstmRecord.parse(text).get(4)).toBe('ratio 1:2 | see A^B \\ R&D');
  });

  it('uses the delimiters the header declares', () => {
    const custom = { field: '!', repeat: '@', component: '#', escape: '$' };
    const records = encodeAstmMessage([
      buildHeader({ delimiters: custom, sender: ['SIM', '2'], dateTime: '20250301000000' }),
      buildOrder({ specimenId: 'S!1', tests: ['GLU', 'TG'] }),
      buildTerminator(),
    ]);
    expect(records[0]).toBe('H!@#$!!!SIM#2!!!!!!!P!LIS2-A2!20250301000000');
    expect(records[1]).toBe('O!1!S$F$1!!###GLU@###TG!R!!!!!!N!!!!!!!!!!!!!!O');
    const parsed = parseAstmMessage(records);
    expect(parsed.delimiters).toEqual(custom);
    expect(readHeader(parsed.records[0]).sender).toEqual(['SIM', '2']);
    const order = readOrder(parsed.records[1]);
    expect(order.specimenId).toBe('S!1');
    expect(order.tests.map((t) => t.code)).toEqual(['GLU', 'TG']);
    // Re-encoding with default delimiters is the same message in the usual notation.
    expect(encodeAstmMessage(parsed.records, DEFAULT_ASTM_DELIMITERS)[1]).toBe('O|1|S!1||^^^GLU\\^^^TG|R||||||N||||||||||||||O');
  });

  it('keeps manufacturer and scientific records as generic fields', () => {
    const m = buildManufacturerRecord('M', 1, ['CHK', ['A', 'B'], [['r1'], ['r2']]]);
    expect(m.encode()).toBe('M|1|CHK|A^B|r1\\r2');
    const tree = groupAstmMessage(parseAstmMessage(['H|\\^&', m.encode(), 'L|1|N']));
    expect(tree.other.map((r) => [r.type, r.get(3), r.components(4), r.repeats(5)])).toEqual([['M', 'CHK', ['A', 'B'], [['r1'], ['r2']]]]);
  });

  it('refuses text that is not a record', () => {
    expect(() => AstmRecord.parse('hello')).toThrow(/not an ASTM record/);
    expect(() => AstmRecord.parse('H||||')).toThrow(/not distinct/);
    expect(() => AstmRecord.parse('H|\\')).toThrow(/too short/);
  });

  it('formats and parses ASTM dates, with an explicit UTC offset when asked', () => {
    const instant = new Date(Date.UTC(2025, 2, 1, 2, 30, 15));
    expect(formatAstmDate(instant, { utcOffsetMinutes: 480 })).toBe('20250301103015');
    expect(parseAstmDate('20250301103015', { utcOffsetMinutes: 480 })?.toISOString()).toBe(instant.toISOString());
    const local = new Date(2025, 0, 31, 23, 59, 58);
    expect(parseAstmDate(formatAstmDate(local))?.getTime()).toBe(local.getTime());
    expect(parseAstmDate('20250301')?.getDate()).toBe(1);
    expect(parseAstmDate('20250231')).toBeUndefined();
    expect(parseAstmDate('2025-03-01')).toBeUndefined();
  });
});
