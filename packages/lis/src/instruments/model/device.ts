import type { Device, Extension } from '@medplum/fhirtypes';
import type { Instrument, InstrumentChannel, InstrumentConnection, InstrumentInput } from '../../contracts/instruments.ts';
import { CS, EXT, INSTRUMENT_TAG, sid } from '../../urls.ts';

export { INSTRUMENT_TAG };

/**
 * Marks the Devices that are LIS analyzers, so the connection manager finds every configured instrument of every
 * institution with one indexed search (`Device?_tag=…`). Identifier systems are per institution, so they cannot.
 */
export const INSTRUMENT_TAG_QUERY = `${INSTRUMENT_TAG.system}|${INSTRUMENT_TAG.code}`;

export type InstrumentDevice = Device & { id: string };

// Sub-extensions of EXT.connection, by name; values as FHIR primitives.
const CONNECTION_FIELDS = {
  protocol: 'valueCode',
  mode: 'valueCode',
  host: 'valueString',
  port: 'valueInteger',
  encoding: 'valueCode',
  frameMode: 'valueCode',
  hl7Worklist: 'valueCode',
  utcOffsetMinutes: 'valueInteger',
  serialPath: 'valueString',
  baudRate: 'valueInteger',
  dataBits: 'valueInteger',
  parity: 'valueCode',
  stopBits: 'valueInteger',
  replyTimeoutMs: 'valueInteger',
  receiveTimeoutMs: 'valueInteger',
  ackTimeoutMs: 'valueInteger',
  reconnectMs: 'valueInteger',
} as const;
type ConnectionField = keyof typeof CONNECTION_FIELDS;

function flattenConnection(c: InstrumentConnection): Partial<Record<ConnectionField, string | number>> {
  return {
    protocol: c.protocol,
    mode: c.mode,
    host: c.host,
    port: c.port,
    encoding: c.encoding,
    frameMode: c.frameMode,
    hl7Worklist: c.hl7Worklist,
    utcOffsetMinutes: c.utcOffsetMinutes,
    serialPath: c.serial?.path,
    baudRate: c.serial?.baudRate,
    dataBits: c.serial?.dataBits,
    parity: c.serial?.parity,
    stopBits: c.serial?.stopBits,
    replyTimeoutMs: c.timeouts?.replyMs,
    receiveTimeoutMs: c.timeouts?.receiveMs,
    ackTimeoutMs: c.timeouts?.ackMs,
    reconnectMs: c.timeouts?.reconnectMs,
  };
}

function connectionExtension(c: InstrumentConnection): Extension {
  const flat = flattenConnection(c);
  const extension = (Object.keys(CONNECTION_FIELDS) as ConnectionField[])
    .filter((k) => flat[k] !== undefined)
    .map((k) => ({ url: k, [CONNECTION_FIELDS[k]]: flat[k] }) as Extension);
  return { url: EXT.connection, extension };
}

function channelExtension(c: InstrumentChannel): Extension {
  const extension: Extension[] = [
    { url: 'channel', valueString: c.channel },
    { url: 'test', valueCode: c.test },
  ];
  if (c.factor !== undefined) extension.push({ url: 'factor', valueDecimal: c.factor });
  if (c.decimals !== undefined) extension.push({ url: 'decimals', valueInteger: c.decimals });
  return { url: EXT.channel, extension };
}

/** The Device an instrument is stored as (README "Instruments"). */
export function toDevice(input: InstrumentInput, institution: string, id?: string): Device {
  const names: NonNullable<Device['deviceName']> = [{ name: input.name, type: 'user-friendly-name' }];
  if (input.model) names.push({ name: input.model, type: 'model-name' });
  const extension: Extension[] = [connectionExtension(input.connection), ...input.channels.map(channelExtension)];
  if (input.section) extension.push({ url: EXT.labSection, valueCoding: { system: CS.labSection, code: input.section } });
  const device: Device = {
    resourceType: 'Device',
    ...(id ? { id } : {}),
    meta: { tag: [{ ...INSTRUMENT_TAG }] },
    extension,
    identifier: [{ system: sid.instrument(institution), value: input.code }],
    status: input.active === false ? 'inactive' : 'active',
    deviceName: names,
    owner: { reference: `Organization/${institution}` },
  };
  if (input.manufacturer) device.manufacturer = input.manufacturer;
  if (input.model) device.modelNumber = input.model;
  if (input.serialNumber) device.serialNumber = input.serialNumber;
  const url = connectionUrl(input.connection);
  if (url) device.url = url;
  return device;
}

/** Device.url, "network address to contact the device": informational, for people reading the FHIR resource. */
function connectionUrl(c: InstrumentConnection): string | undefined {
  if (c.mode === 'serial') return c.serial?.path ? `serial:${c.serial.path}` : undefined;
  if (c.port === undefined) return undefined;
  return `${c.mode === 'server' ? 'tcp-listen' : 'tcp'}://${c.host ?? '127.0.0.1'}:${c.port}`;
}

function value(e: Extension): string | number | undefined {
  return e.valueCode ?? e.valueString ?? e.valueInteger ?? e.valueDecimal;
}

function readConnection(device: Device): InstrumentConnection {
  const parts = new Map<string, string | number | undefined>();
  for (const e of device.extension?.find((x) => x.url === EXT.connection)?.extension ?? []) parts.set(e.url, value(e));
  const str = (k: ConnectionField) => (parts.get(k) === undefined ? undefined : String(parts.get(k)));
  const num = (k: ConnectionField) => (parts.get(k) === undefined ? undefined : Number(parts.get(k)));
  const c: InstrumentConnection = { protocol: str('protocol') as InstrumentConnection['protocol'], mode: str('mode') as InstrumentConnection['mode'] };
  const assign = <K extends keyof InstrumentConnection>(key: K, v: InstrumentConnection[K] | undefined) => {
    if (v !== undefined) c[key] = v;
  };
  assign('host', str('host'));
  assign('port', num('port'));
  assign('encoding', str('encoding') as InstrumentConnection['encoding']);
  assign('frameMode', str('frameMode') as InstrumentConnection['frameMode']);
  assign('hl7Worklist', str('hl7Worklist') as InstrumentConnection['hl7Worklist']);
  assign('utcOffsetMinutes', num('utcOffsetMinutes'));
  if (parts.has('serialPath')) {
    const serial: NonNullable<InstrumentConnection['serial']> = { path: str('serialPath')!, baudRate: num('baudRate') ?? 9600 };
    if (parts.has('dataBits')) serial.dataBits = num('dataBits') as 7 | 8;
    if (parts.has('parity')) serial.parity = str('parity') as NonNullable<typeof serial.parity>;
    if (parts.has('stopBits')) serial.stopBits = num('stopBits') as 1 | 2;
    c.serial = serial;
  }
  const timeouts: NonNullable<InstrumentConnection['timeouts']> = {};
  if (parts.has('replyTimeoutMs')) timeouts.replyMs = num('replyTimeoutMs');
  if (parts.has('receiveTimeoutMs')) timeouts.receiveMs = num('receiveTimeoutMs');
  if (parts.has('ackTimeoutMs')) timeouts.ackMs = num('ackTimeoutMs');
  if (parts.has('reconnectMs')) timeouts.reconnectMs = num('reconnectMs');
  if (Object.keys(timeouts).length) c.timeouts = timeouts;
  return c;
}

function readChannels(device: Device): InstrumentChannel[] {
  return (device.extension ?? [])
    .filter((e) => e.url === EXT.channel)
    .map((e) => {
      const parts = new Map((e.extension ?? []).map((x) => [x.url, value(x)]));
      const channel: InstrumentChannel = { channel: String(parts.get('channel') ?? ''), test: String(parts.get('test') ?? '') };
      if (parts.get('factor') !== undefined) channel.factor = Number(parts.get('factor'));
      if (parts.get('decimals') !== undefined) channel.decimals = Number(parts.get('decimals'));
      return channel;
    });
}

/** The institution a Device belongs to (Device.owner = Organization/<id>). */
export function deviceInstitution(device: Device): string {
  return device.owner?.reference?.replace(/^Organization\//, '') ?? '';
}

/** The API view of an instrument Device. */
export function fromDevice(device: InstrumentDevice): Instrument {
  const institution = deviceInstitution(device);
  const code = device.identifier?.find((i) => i.system === sid.instrument(institution))?.value ?? device.identifier?.[0]?.value ?? '';
  const instrument: Instrument = {
    id: device.id,
    version: device.meta?.versionId ?? '',
    lastUpdated: device.meta?.lastUpdated ?? '',
    institution,
    code,
    name: device.deviceName?.find((n) => n.type === 'user-friendly-name')?.name ?? device.deviceName?.[0]?.name ?? code,
    active: device.status === 'active',
    connection: readConnection(device),
    channels: readChannels(device),
  };
  if (device.manufacturer) instrument.manufacturer = device.manufacturer;
  if (device.modelNumber) instrument.model = device.modelNumber;
  if (device.serialNumber) instrument.serialNumber = device.serialNumber;
  const section = device.extension?.find((e) => e.url === EXT.labSection)?.valueCoding?.code;
  if (section) instrument.section = section;
  return instrument;
}

/** What identifies a running connection: any change here means close and reopen; channel edits apply live. */
export function connectionSignature(instrument: Instrument): string {
  return JSON.stringify({ ...instrument.connection, institution: instrument.institution });
}
