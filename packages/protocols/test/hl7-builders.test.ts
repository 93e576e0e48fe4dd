import { describe, expect, it } from 'vitest';
import {
  buildAck,
  buildDsrQ03,
  buildOmlO21,
  buildOrmO01,
  buildOruR01,
  buildQckQ02,
  buildQryQ02,
  formatHl7Date,
  histogramBitmap,
  histogramObservation,
  Hl7Message,
  HL7_ERROR_CODES,
  imageObservation,
  parseHl7Date,
  readAck,
  readDsrQ03,
  readObxHistogram,
  readObxImage,
  readOrders,
  readOruResults,
  readWorklistQuery,
  type Hl7ErrorDetail,
} from '../src/index.ts';

const ORM_FROM_HIS = 'MSH|^~\\&|HIS|HOSP|LIS|LAB|20250301080000||ORM^O01|HIS42|P|2.4|||AL|NE||UNICODE UTF-8\rPID|1||MRN7^^^HOSP^MR||Li^Si||19850505|F\r';

describe('HL7 v2 acknowledgements', () => {
  const original = Hl7Message.parse(ORM_FROM_HIS);

  it('answers AA with MSA-2 echoing the control ID and the header turned around', () => {
    const ack = buildAck(original, { code: 'AA' });
    expect(ack.messageType).toEqual({ code: 'ACK', trigger: 'O01', structure: 'ACK' });
    expect(ack.get('MSH-3')).toBe('LIS');
    expect(ack.get('MSH-4')).toBe('LAB');
    expect(ack.get('MSH-5')).toBe('HIS');
    expect(ack.get('MSH-6')).toBe('HOSP');
    expect(ack.version).toBe('2.4');
    expect(ack.charset).toBe('UNICODE UTF-8');
    expect(ack.controlId).not.toBe('HIS42');
    expect(ack.segment('MSA')!.encode()).toBe('MSA|AA|HIS42');
    expect(readAck(ack)).toEqual({ code: 'AA', controlId: 'HIS42', text: '', errors: [] });
  });

  it('locates errors in ERR-2/3/4/8 from v2.5 and reads them back', () => {
    const v25 = Hl7Message.parse(ORM_FROM_HIS.replace('|2.4|', '|2.5.1|'));
    const errors: Hl7ErrorDetail[] = [
      { code: HL7_ERROR_CODES.requiredFieldMissing, segment: 'PID', sequence: 1, field: 3, text: 'PID-3 patient ID missing' },
      { code: HL7_ERROR_CODES.tableValueNotFound, segment: 'PID', sequence: 1, field: 8, severity: 'W', text: 'sex X | unknown' },
    ];
    const ack = buildAck(v25, { code: 'AE', errors });
    expect(ack.segmentsNamed('ERR').map((s) => s.encode())).toEqual([
      'ERR||PID^1^3|101^Required field missing^HL70357|E||||PID-3 patient ID missing',
      'ERR||PID^1^8|103^Table value not found^HL70357|W||||sex X \\F\\ unknown',
    ]);
    expect(ack.get('MSA-3')).toBe('PID-3 patient ID missing');
    const read = readAck(Hl7Message.parse(ack.encode()));
    expect(read.code).toBe('AE');
    expect(read.errors).toEqual([
      { code: '101', segment: 'PID', sequence: 1, field: 3, repetition: undefined, component: undefined, subcomponent: undefined, severity: 'E', text: 'PID-3 patient ID missing' },
      { code: '103', segment: 'PID', sequence: 1, field: 8, repetition: undefined, component: undefined, subcomponent: undefined, severity: 'W', text: 'sex X | unknown' },
    ]);
  });

  it('uses ERR-1 before v2.5 (AR for an unsupported message type)', () => {
    const ack = buildAck(original, { code: 'AR', text: 'we do not take ORM here', errors: [{ code: HL7_ERROR_CODES.unsupportedMessageType, segment: 'MSH', sequence: 1, field: 9 }] });
    expect(ack.segment('ERR')!.encode()).toBe('ERR|MSH^1^9^200&Unsupported message type&HL70357');
    const read = readAck(ack);
    expect(read).toMatchObject({ code: 'AR', controlId: 'HIS42', text: 'we do not take ORM here' });
    expect(read.errors).toEqual([{ code: '200', segment: 'MSH', sequence: 1, field: 9, text: 'Unsupported message type' }]);
  });
});

describe('HL7 v2 results (ORU^R01)', () => {
  it('builds and reads NM, ST, TX, CE and ED values with flags, units, ranges and notes', () => {
    const counts = [0, 3, 10, 42, 17, 5, 1];
    const bmp = histogramBitmap(counts, 16);
    const oru = buildOruR01({
      header: { sendingApplication: 'BC-5390', receivingApplication: 'LIS', controlId: 'R1', dateTime: '20250301103000' },
      patient: { identifiers: [{ id: 'MRN1', type: 'MR' }], name: { family: '张', given: '三' }, birthDate: '19900101', sex: 'M' },
      orders: [
        {
          placerOrderNumber: 'SPEC001',
          fillerOrderNumber: '17',
          service: { code: 'CBC', text: 'Blood count' },
          observedAt: '20250301100000',
          observations: [
            { code: 'WBC', text: 'White cells', value: 11.2, units: '10*9/L', referenceRange: '3.5-9.5', abnormalFlags: 'H', equipment: 'BC-5390' },
            { code: 'MODE', value: 'Whole blood' },
            { code: 'REMARK', valueType: 'TX', value: 'line 1\nline 2 | with pipe' },
            { code: 'ABO', value: { code: 'A', text: 'Group A', codingSystem: 'L' } },
            histogramObservation({ code: 'WBCHist', name: 'WBC Histogram', counts }),
            imageObservation({ code: 'WBCBMP', name: 'WBC Histogram. BMP', mime: 'image/bmp', bytes: bmp }),
          ],
        },
      ],
    });
    const text = oru.encode();
    expect(text.split('\r')[0]).toBe('MSH|^~\\&|BC-5390||LIS||20250301103000||ORU^R01|R1|P|2.3.1');
    expect(text).toContain('\rOBR|1|SPEC001|17|CBC^Blood count|||20250301100000||||||||||||||||||F\r');
    expect(text).toContain('\rOBX|1|NM|WBC^White cells||11.2|10*9/L|3.5-9.5|H|||F|||||||BC-5390\r');
    const { patient, orders } = readOruResults(Hl7Message.parse(text));
    expect(patient).toMatchObject({ id: 'MRN1', family: '张', given: '三', birthDate: '19900101', sex: 'M' });
    expect(orders).toHaveLength(1);
    const [order] = orders;
    expect(order).toMatchObject({ specimenId: 'SPEC001', fillerOrderNumber: '17', service: { code: 'CBC', text: 'Blood count' }, observedAt: '20250301100000', resultStatus: 'F' });
    const [wbc, mode, remark, abo, hist, image] = order.observations;
    expect(wbc).toMatchObject({ valueType: 'NM', identifier: { code: 'WBC', text: 'White cells' }, units: '10*9/L', referenceRange: '3.5-9.5', abnormalFlags: ['H'], status: 'F', equipment: 'BC-5390' });
    expect(wbc.values).toEqual([{ kind: 'number', valueType: 'NM', value: 11.2, text: '11.2' }]);
    expect(mode.values).toEqual([{ kind: 'text', valueType: 'ST', text: 'Whole blood' }]);
    expect(remark.values).toEqual([{ kind: 'text', valueType: 'TX', text: 'line 1\nline 2 | with pipe' }]);
    expect(abo.values).toEqual([{ kind: 'coded', valueType: 'CE', coded: { code: 'A', text: 'Group A', codingSystem: 'L' } }]);
    expect(readObxHistogram(hist.segment)).toEqual(counts);
    expect(readObxImage(image.segment)).toEqual({ name: 'WBC Histogram. BMP', mime: 'image/bmp', bytes: bmp });
    expect(readObxImage(wbc.segment)).toBeUndefined();
    expect(readObxHistogram(mode.segment)).toBeUndefined();
  });

  it('reads the other histogram shapes analyzers send: NM repetitions, number lists, octet streams, PNG', () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('rest')]);
    const m = Hl7Message.parse(
      [
        'MSH|^~\\&|BC||LIS||20250301||ORU^R01|1|P|2.3.1',
        'OBR|1|S1',
        'OBX|1|NM|RBCHist^RBC Histogram||1~2~3~4||||||F',
        'OBX|2|ST|PLTHist^PLT Histogram||5,6, 7 8||||||F',
        `OBX|3|ED|WBCBin^WBC Histogram. Binary||^Application^Octet-stream^Base64^${Buffer.from([9, 8, 7]).toString('base64')}||||||F`,
        `OBX|4|ED|DIFF^DIFF Scattergram. PNG||^Image^PNG^Base64^${png.toString('base64')}||||||F`,
        'OBX|5|NM|Broken||1~x||||||F',
        '',
      ].join('\r'),
    );
    const [rbc, plt, bin, scatter, broken] = readOruResults(m).orders[0].observations.map((o) => o.segment);
    expect(readObxHistogram(rbc)).toEqual([1, 2, 3, 4]);
    expect(readObxHistogram(plt)).toEqual([5, 6, 7, 8]);
    expect(readObxHistogram(bin)).toEqual([9, 8, 7]);
    expect(readObxImage(bin)).toBeUndefined();
    expect(readObxImage(scatter)).toEqual({ name: 'DIFF Scattergram. PNG', mime: 'image/png', bytes: png });
    expect(readObxHistogram(broken)).toBeUndefined();
  });
});

describe('HL7 v2 orders (ORM^O01, OML^O21)', () => {
  const input = {
    header: { sendingApplication: 'LIS', controlId: 'O1', dateTime: '20250301' },
    patient: { identifiers: [{ id: 'MRN7' }], name: '李四', sex: 'F' },
    orders: [{ placerOrderNumber: 'SPEC7', tests: [{ code: 'GLU', text: '葡萄糖' }, { code: 'ALT' }], priority: 'S', specimenType: 'SER', collectedAt: '20250301073000' }],
  };

  it('ORM^O01: one ORC + OBR per test, read back as order requests', () => {
    const orm = buildOrmO01(input);
    expect(orm.encode().split('\r').slice(1, 4)).toEqual(['PID|1||MRN7||李四|||F', 'ORC|NW|SPEC7|||||^^^^^S', 'OBR|1|SPEC7||GLU^葡萄糖|S||20250301073000||||||||SER']);
    const { patient, requests } = readOrders(Hl7Message.parse(orm.encode()));
    expect(patient?.family).toBe('李四');
    expect(requests).toEqual([
      { control: 'NW', placerOrderNumber: 'SPEC7', fillerOrderNumber: '', specimenId: 'SPEC7', test: { code: 'GLU', text: '葡萄糖', codingSystem: '' }, priority: 'S', collectedAt: '20250301073000', specimenType: 'SER' },
      { control: 'NW', placerOrderNumber: 'SPEC7', fillerOrderNumber: '', specimenId: 'SPEC7', test: { code: 'ALT', text: '', codingSystem: '' }, priority: 'S', collectedAt: '20250301073000', specimenType: 'SER' },
    ]);
  });

  it('OML^O21 (v2.5.1): the specimen in SPM after each OBR', () => {
    const oml = buildOmlO21(input);
    expect(oml.messageType).toEqual({ code: 'OML', trigger: 'O21', structure: 'OML_O21' });
    expect(oml.segmentsNamed('SPM').map((s) => s.encode())).toEqual(['SPM|1|SPEC7||SER', 'SPM|1|SPEC7||SER']);
    expect(readOrders(oml).requests.map((r) => [r.specimenId, r.test.code, r.specimenType])).toEqual([
      ['SPEC7', 'GLU', 'SER'],
      ['SPEC7', 'ALT', 'SER'],
    ]);
  });
});

describe('HL7 v2 worklist query (QRY^Q02 → QCK^Q02 + DSR^Q03)', () => {
  const qry = buildQryQ02({ header: { sendingApplication: 'BS-240', controlId: 'Q1', dateTime: '20250301090000' }, specimenId: 'SPEC9', queryId: 'QID9', queryDateTime: '20250301090000', instrument: 'BS-240' });

  it('asks for a specimen by barcode in QRD-8', () => {
    expect(qry.encode()).toBe('MSH|^~\\&|BS-240||||20250301090000||QRY^Q02|Q1|P|2.3.1\rQRD|20250301090000|R|D|QID9|||RD|SPEC9|OTH|||T\rQRF|BS-240|||||RCT|COR|ALL\r');
    expect(readWorklistQuery(qry)).toMatchObject({ queryId: 'QID9', specimenId: 'SPEC9', instrument: 'BS-240', queryDateTime: '20250301090000' });
  });

  it('acknowledges with QCK^Q02 saying whether data follows', () => {
    expect(buildQckQ02(qry, { found: true }).encode().split('\r').slice(1, 3)).toEqual(['MSA|AA|Q1', 'QAK|QID9|OK']);
    expect(buildQckQ02(qry, { found: false }).get('QAK-2')).toBe('NF');
  });

  it('sends the worklist as DSP lines in DSR^Q03 and reads it back with the same layout', () => {
    const dsr = buildDsrQ03(qry, {
      found: true,
      worklist: { specimenId: 'SPEC9', sampleNumber: '12', patientName: '王五', sex: 'M', stat: true, specimenType: 'serum', tests: [{ code: 'GLU', text: 'Glucose' }, { code: 'TG' }] },
    });
    const lines = dsr.encode().split('\r');
    expect(lines.slice(1, 5)).toEqual(['MSA|AA|Q1', 'QAK|QID9|OK', 'QRD|20250301090000|R|D|QID9|||RD|SPEC9|OTH|||T', 'QRF|BS-240|||||RCT|COR|ALL']);
    expect(lines).toContain('DSP|21||SPEC9');
    expect(lines).toContain('DSP|24||Y');
    expect(lines).toContain('DSP|29||GLU^Glucose');
    expect(lines).toContain('DSP|30||TG');
    expect(lines.at(-2)).toBe('DSC');
    const read = readDsrQ03(Hl7Message.parse(dsr.encode()));
    expect(read).toMatchObject({ found: true, queryId: 'QID9', answersControlId: 'Q1' });
    expect(read.worklist).toMatchObject({ specimenId: 'SPEC9', sampleNumber: '12', patientName: '王五', sex: 'M', stat: true, specimenType: 'serum' });
    expect(read.worklist!.tests).toEqual([{ code: 'GLU', text: 'Glucose' }, { code: 'TG' }]);
    const none = readDsrQ03(buildDsrQ03(qry, { found: false }));
    expect(none.found).toBe(false);
    expect(none.worklist).toBeUndefined();
  });
});

describe('HL7 dates', () => {
  it('formats with an explicit zone and parses zone or local time', () => {
    const instant = new Date(Date.UTC(2025, 2, 1, 2, 30, 15));
    expect(formatHl7Date(instant, { utcOffsetMinutes: 480 })).toBe('20250301103015+0800');
    expect(parseHl7Date('20250301103015+0800')?.toISOString()).toBe(instant.toISOString());
    expect(parseHl7Date('20250301103015.5-0130')?.toISOString()).toBe('2025-03-01T12:00:15.500Z');
    const local = new Date(2025, 2, 1, 10, 30, 15);
    expect(parseHl7Date(formatHl7Date(local))?.getTime()).toBe(local.getTime());
    expect(parseHl7Date('202503')?.getMonth()).toBe(2);
    expect(parseHl7Date('2025-03-01')).toBeUndefined();
  });
});
