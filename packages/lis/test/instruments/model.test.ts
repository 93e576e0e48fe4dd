import { describe, expect, it } from 'vitest';
import type { InstrumentInput } from '../../src/contracts/instruments.ts';
import { ChannelMap, convertValue, numericValue } from '../../src/instruments/model/convert.ts';
import { connectionSignature, fromDevice, toDevice, type InstrumentDevice } from '../../src/instruments/model/device.ts';
import { validateInstrumentInput } from '../../src/instruments/model/validate.ts';

const fields = (issues: { expression?: string[] }[]) => issues.flatMap((i) => i.expression ?? []);

const astm: InstrumentInput = {
  code: 'BS240',
  name: '生化分析仪',
  manufacturer: 'Mindray',
  model: 'BS-240',
  serialNumber: 'SN-1',
  section: 'biochemistry',
  connection: { protocol: 'astm', mode: 'client', host: '192.168.10.21', port: 5001, encoding: 'gb18030', frameMode: 'message', utcOffsetMinutes: 480, timeouts: { replyMs: 2000, receiveMs: 3000, reconnectMs: 500 } },
  channels: [
    { channel: '7', test: 'CREA', factor: 0.0113, decimals: 2 },
    { channel: '9', test: 'GLU' },
  ],
};

describe('value conversion (factor / decimals)', () => {
  it('multiplies and rounds numbers, censored ones too, and leaves text alone', () => {
    expect(convertValue('88.4', { factor: 0.0113, decimals: 2 })).toBe('1.00');
    expect(convertValue(' <0.10 ', { factor: 10 })).toBe('<1');
    expect(convertValue('>=500', { decimals: 1 })).toBe('>=500.0');
    expect(convertValue('2.675', { decimals: 2 })).toBe('2.68'); // half up on the decimal text, not 2.67 from binary
    expect(convertValue('-0.004', { decimals: 2 })).toBe('0.00');
    expect(convertValue('1.2E3', { decimals: 0 })).toBe('1200');
    expect(convertValue('阴性', { factor: 2 })).toBe('阴性');
    expect(convertValue('1:40', { decimals: 1 })).toBe('1:40');
    expect(convertValue('5.6', undefined)).toBe('5.6');
    expect(convertValue('5.60', {})).toBe('5.60'); // no conversion configured: as the analyzer wrote it
  });

  it('reads plain numbers only for QC points', () => {
    expect(numericValue('5.6')).toBe(5.6);
    expect(numericValue('<0.1')).toBeUndefined();
    expect(numericValue('+')).toBeUndefined();
  });

  it('finds channels by code or by name, and the channel a test runs on', () => {
    const map = new ChannelMap([{ channel: 'WBC', test: 'WBC' }, { channel: '7', test: 'CREA' }, { channel: '7b', test: 'CREA' }]);
    expect(map.lookup('6690-2', 'WBC')?.test).toBe('WBC');
    expect(map.lookup('7')?.test).toBe('CREA');
    expect(map.lookup('X', undefined)).toBeUndefined();
    expect(map.channelFor('CREA')?.channel).toBe('7');
    expect(map.channelFor('ALT')).toBeUndefined();
  });
});

describe('instrument ↔ Device', () => {
  it('round-trips every setting through the FHIR Device', () => {
    const device = toDevice(astm, 'lead-hospital', 'dev-1');
    expect(device.identifier).toEqual([{ system: 'https://medunion.org/fhir/lis/sid/instrument/lead-hospital', value: 'BS240' }]);
    expect(device.owner).toEqual({ reference: 'Organization/lead-hospital' });
    expect(device.url).toBe('tcp://192.168.10.21:5001');
    const back = fromDevice({ ...device, meta: { ...device.meta, versionId: '3', lastUpdated: '2026-12-07T00:00:00Z' } } as InstrumentDevice);
    expect(back).toEqual({ ...astm, id: 'dev-1', version: '3', lastUpdated: '2026-12-07T00:00:00Z', institution: 'lead-hospital', active: true });
    const serial = fromDevice({ ...toDevice({ ...astm, active: false, connection: { protocol: 'astm', mode: 'serial', serial: { path: '/dev/ttyUSB0', baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 2 } } }, 'h', 'd') } as InstrumentDevice);
    expect(serial.connection.serial).toEqual({ path: '/dev/ttyUSB0', baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 2 });
    expect(serial.active).toBe(false);
  });

  it('changes the connection signature only for connection settings', () => {
    const a = fromDevice({ ...toDevice(astm, 'h', 'd') } as InstrumentDevice);
    const renamed = fromDevice({ ...toDevice({ ...astm, name: 'x', channels: [] }, 'h', 'd') } as InstrumentDevice);
    const moved = fromDevice({ ...toDevice({ ...astm, connection: { ...astm.connection, port: 5002 } }, 'h', 'd') } as InstrumentDevice);
    expect(connectionSignature(renamed)).toBe(connectionSignature(a));
    expect(connectionSignature(moved)).not.toBe(connectionSignature(a));
  });
});

describe('configuration checks name every bad field', () => {
  it('accepts a good configuration', () => {
    expect(validateInstrumentInput(astm, new Set(['CREA', 'GLU']))).toEqual([]);
  });

  it('reports port out of range, unknown protocol and mode, duplicate channels, unknown tests — all at once', () => {
    const issues = validateInstrumentInput(
      {
        code: 'bad code!',
        name: '',
        connection: { protocol: 'ftp', mode: 'server', port: 70000, encoding: 'big5', timeouts: { replyMs: 1, ackMs: 'x', bogus: 5 } },
        channels: [{ channel: 'GLU', test: 'GLU' }, { channel: 'GLU', test: 'ALT', factor: -1 }, { channel: '', test: 'NOPE', decimals: 9, extra: 1 }],
        colour: 'red',
      },
      new Set(['GLU', 'ALT']),
    );
    expect(fields(issues)).toEqual([
      'code',
      'name',
      'connection.protocol',
      'connection.port',
      'connection.encoding',
      'connection.timeouts.replyMs',
      'connection.timeouts.ackMs',
      'connection.timeouts.bogus',
      'channels[1].channel',
      'channels[1].factor',
      'channels[2].channel',
      'channels[2].test',
      'channels[2].decimals',
      'channels[2].extra',
      'colour',
    ]);
    expect(issues.find((i) => i.expression?.[0] === 'channels[1].channel')?.details?.text).toBe('通道 GLU 重复（已见于 channels[0]） / channel GLU is mapped twice (also channels[0])');
    expect(issues.find((i) => i.expression?.[0] === 'connection.port')?.details?.text).toContain('0–65535');
  });

  it('asks for what each mode needs', () => {
    expect(fields(validateInstrumentInput({ code: 'A', name: 'a', connection: { protocol: 'hl7', mode: 'client', port: 0 }, channels: [] }))).toEqual(['connection.port', 'connection.host']);
    expect(fields(validateInstrumentInput({ code: 'A', name: 'a', connection: { protocol: 'hl7', mode: 'serial', serial: { path: '', baudRate: 1234, parity: 'x' } }, channels: [] }))).toEqual([
      'connection.serial.path',
      'connection.serial.baudRate',
      'connection.serial.parity',
    ]);
    expect(fields(validateInstrumentInput({ code: 'A', name: 'a', connection: { protocol: 'astm', mode: 'tcp' } }))).toEqual(['connection.mode', 'channels']);
    expect(fields(validateInstrumentInput({ code: 'A', name: 'a', connection: { protocol: 'astm', mode: 'server', port: 0 }, channels: [] }))).toEqual([]); // 0 = any free port
    expect(fields(validateInstrumentInput([]))).toEqual(['$']);
  });
});
