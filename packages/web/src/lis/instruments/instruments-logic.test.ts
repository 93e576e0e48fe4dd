import { describe, expect, it } from 'vitest';
import type { Instrument, UnmatchedResult } from '@medunion/lis/contracts';
import { addressText, formValuesOf, inputOf, instrumentInputOf, newInstrumentValues, placeIssues, tabOf, type InstrumentFormValues } from './instrument-form.ts';
import { hexDump, trafficPieces } from './traffic-text.ts';
import { assignDraft, assignInput, moveSelection, nextAfter, sameSampleOpen } from './unmatched-logic.ts';

const hl7: Instrument = {
  id: 'd1',
  version: '3',
  lastUpdated: '2026-12-07T08:00:00.000Z',
  institution: 'lead-hospital',
  active: true,
  code: 'BC5390',
  name: '迈瑞 BC-5390 血细胞分析仪',
  model: 'BC-5390',
  section: 'clinical',
  connection: { protocol: 'hl7', mode: 'server', host: '127.0.0.1', port: 5100, encoding: 'utf-8', timeouts: { ackMs: 2000 } },
  channels: [{ channel: 'WBC', test: 'WBC' }, { channel: 'CREA', test: 'CREA', factor: 0.0113, decimals: 2 }],
};

describe('instrument form', () => {
  it('round-trips an instrument through the form into the same body', () => {
    const { id: _id, version: _v, lastUpdated: _l, institution: _i, ...input } = hl7;
    expect(instrumentInputOf(formValuesOf(hl7), true)).toEqual(input);
  });

  it('sends only what the protocol and mode use, trimmed, blanks dropped', () => {
    const values: InstrumentFormValues = {
      code: ' BS240 ',
      name: '生化仪',
      manufacturer: '  ',
      connection: {
        protocol: 'astm',
        mode: 'serial',
        host: '127.0.0.1',
        port: 5101,
        serial: { path: '/dev/ttyUSB0', baudRate: 9600, dataBits: null, parity: 'even', stopBits: 1 },
        encoding: 'gb18030',
        frameMode: 'record',
        hl7Worklist: 'orm',
        timeouts: { replyMs: 15000, receiveMs: null, ackMs: 5000, reconnectMs: 2000 },
      },
      channels: [{ channel: '1', test: 'ALT', factor: null, decimals: undefined }],
    };
    expect(instrumentInputOf(values)).toEqual({
      code: 'BS240',
      name: '生化仪',
      connection: {
        protocol: 'astm',
        mode: 'serial',
        serial: { path: '/dev/ttyUSB0', baudRate: 9600, parity: 'even', stopBits: 1 },
        encoding: 'gb18030',
        frameMode: 'record',
        timeouts: { replyMs: 15000, reconnectMs: 2000 },
      },
      channels: [{ channel: '1', test: 'ALT' }],
    });
  });

  it('keeps blank channel rows so server issues keep their row index', () => {
    const values = { ...newInstrumentValues(), code: 'X', name: 'Y', channels: [{}, { channel: 'HGB', test: 'HGB' }] };
    const body = instrumentInputOf({ ...values, connection: { ...values.connection, port: 0 } });
    expect(body.channels).toEqual([{ channel: '', test: '' }, { channel: 'HGB', test: 'HGB' }]);
    expect(body.connection).toEqual({ protocol: 'hl7', mode: 'server', host: '127.0.0.1', port: 0, encoding: 'utf-8' });
  });

  it('maps issue expressions onto inputs', () => {
    expect(inputOf('connection.port')).toEqual(['connection', 'port']);
    expect(inputOf('connection.serial.baudRate')).toEqual(['connection', 'serial', 'baudRate']);
    expect(inputOf('connection.serial')).toEqual(['connection', 'serial', 'path']);
    expect(inputOf('connection.timeouts.ackMs')).toEqual(['connection', 'timeouts', 'ackMs']);
    expect(inputOf('channels[3].test')).toEqual(['channels', 3, 'test']);
    expect(inputOf('channels[2]')).toEqual(['channels', 2, 'channel']);
    expect(inputOf('code')).toEqual(['code']);
    expect(inputOf('channels')).toBeUndefined();
    expect(inputOf('channels[1].colour')).toBeUndefined();
    expect(inputOf('$')).toBeUndefined();
    expect(tabOf(['channels', 0, 'test'])).toBe('channels');
    expect(tabOf(['connection', 'port'])).toBe('connection');
  });

  it('places an OperationOutcome: per input, several on one input, the rest above the form', () => {
    const placed = placeIssues(
      [
        { severity: 'error', expression: ['connection.port'], details: { text: '端口 5100 已被 BS240 使用 / port 5100 is used by BS240' } },
        { severity: 'error', expression: ['channels[1].channel'], details: { text: '通道 WBC 重复 / channel WBC is mapped twice' } },
        { severity: 'error', expression: ['channels[1].channel'], details: { text: '格式 / format' } },
        { severity: 'error', expression: ['colour'], details: { text: '未知字段 colour / colour is not a known field' } },
      ],
      (text) => text.split(' / ')[0],
    );
    expect(placed.fields).toEqual([
      { name: ['connection', 'port'], errors: ['端口 5100 已被 BS240 使用'] },
      { name: ['channels', 1, 'channel'], errors: ['通道 WBC 重复', '格式'] },
    ]);
    expect(placed.general).toEqual(['未知字段 colour']);
  });

  it('describes where an instrument is reached', () => {
    expect(addressText(hl7.connection)).toBe(':5100');
    expect(addressText({ protocol: 'hl7', mode: 'server', host: '0.0.0.0', port: 0 }, 40123)).toBe('0.0.0.0:40123');
    expect(addressText({ protocol: 'astm', mode: 'client', host: '192.168.10.21', port: 5001 })).toBe('→ 192.168.10.21:5001');
    expect(addressText({ protocol: 'astm', mode: 'serial', serial: { path: 'COM3', baudRate: 9600, parity: 'even', dataBits: 7 } })).toBe('COM3 9600 7E1');
  });
});

describe('traffic text', () => {
  it('cuts the ledger text into data and named control characters', () => {
    expect(trafficPieces('<VT>MSH|^~\\&|BC<CR>\n<FS><CR>\n')).toEqual([
      { kind: 'control', name: 'VT' },
      { kind: 'text', text: 'MSH|^~\\&|BC' },
      { kind: 'control', name: 'CR' },
      { kind: 'text', text: '\n' },
      { kind: 'control', name: 'FS' },
      { kind: 'control', name: 'CR' },
      { kind: 'text', text: '\n' },
    ]);
    expect(trafficPieces('<ENQ><STX>1H|<0x1f>x<ETX>A1')).toEqual([
      { kind: 'control', name: 'ENQ' },
      { kind: 'control', name: 'STX' },
      { kind: 'text', text: '1H|' },
      { kind: 'control', name: '0x1f' },
      { kind: 'text', text: 'x' },
      { kind: 'control', name: 'ETX' },
      { kind: 'text', text: 'A1' },
    ]);
    expect(trafficPieces('')).toEqual([]);
  });

  it('dumps bytes 16 a line with their printable text', () => {
    const bytes = new Uint8Array([0x05, ...new TextEncoder().encode('1H|\\^&|||BS-240'), 0x0d, 0x0a]);
    expect(hexDump(bytes).split('\n')).toEqual([
      '00000000  05 31 48 7c 5c 5e 26 7c  7c 7c 42 53 2d 32 34 30  |.1H|\\^&|||BS-240|',
      '00000010  0d 0a                                             |..|',
    ]);
  });
});

const held = (over: Partial<UnmatchedResult>): UnmatchedResult => ({
  id: '1',
  instrument: 'd1',
  instrumentCode: 'BC5390',
  messageId: 'm1',
  sampleId: '999999',
  channel: 'WBC',
  value: '7.31',
  flags: [],
  images: 0,
  histograms: 0,
  qc: false,
  reason: 'unknown-specimen',
  status: 'open',
  receivedAt: '2026-12-07T08:30:00.000Z',
  ...over,
});

describe('unmatched results', () => {
  it('asks for the barcode of an unknown specimen and the test of an unmapped channel', () => {
    expect(assignDraft(held({ testCode: 'WBC' }))).toMatchObject({ specimen: '', testCode: 'WBC', needsTest: false });
    expect(assignDraft(held({ reason: 'unknown-channel', channel: 'HGB' }))).toMatchObject({ specimen: '999999', needsTest: true });
  });

  it('sends only what differs from the API defaults', () => {
    const r = held({ testCode: 'WBC' });
    expect(assignInput(r, { specimen: ' 2503010001 ', testCode: 'WBC', includeSameSample: true })).toEqual({ specimen: '2503010001', includeSameSample: true });
    expect(assignInput(r, { specimen: '2503010001', testCode: 'WBC', saveMapping: true, note: ' ' })).toEqual({ specimen: '2503010001', testCode: 'WBC', saveMapping: true });
    expect(assignInput(held({}), { specimen: 'X', testCode: 'HGB', saveMapping: false, note: '复测' })).toEqual({ specimen: 'X', testCode: 'HGB', note: '复测' });
  });

  it('finds the other open results of the same sample and message', () => {
    const rows = [held({ id: '1' }), held({ id: '2', channel: 'HGB' }), held({ id: '3', messageId: 'm2' }), held({ id: '4', status: 'assigned' }), held({ id: '5', sampleId: '1' })];
    expect(sameSampleOpen(rows, rows[0]).map((r) => r.id)).toEqual(['2']);
  });

  it('moves down the queue as results are handled', () => {
    const rows = ['1', '2', '3', '4'].map((id) => held({ id }));
    const without = (...ids: string[]) => rows.filter((r) => !ids.includes(r.id));
    expect(nextAfter(rows, new Set(['2']), without('2'))?.id).toBe('3');
    expect(nextAfter(rows, new Set(['2', '3']), without('2', '3'))?.id).toBe('4');
    expect(nextAfter(rows, new Set(['4']), without('4'))?.id).toBe('3');
    expect(nextAfter(rows, new Set(['1', '2', '3', '4']), [])).toBeUndefined();
    expect(moveSelection(rows, '2', 1)).toBe('3');
    expect(moveSelection(rows, '4', 1)).toBe('4');
    expect(moveSelection(rows, '1', -1)).toBe('1');
    expect(moveSelection(rows, undefined, 1)).toBe('1');
    expect(moveSelection([], '1', 1)).toBeUndefined();
  });
});
