import type { Instrument, InstrumentChannel, InstrumentConnection, InstrumentEncoding, InstrumentInput, InstrumentMode, InstrumentProtocol } from '@medunion/lis/contracts';

/**
 * The instrument drawer's form, pure: the form holds the API's own shape (`connection.serial.baudRate`,
 * `channels[2].test`), so an OperationOutcome issue's `expression` is the name of the input it belongs to. Inputs
 * the chosen protocol and mode do not use stay in the form (switching back restores them) but are not sent.
 */

type Num = number | null | undefined;

export interface ChannelRow {
  channel?: string;
  test?: string;
  factor?: Num;
  decimals?: Num;
}

export interface InstrumentFormValues {
  code?: string;
  name?: string;
  manufacturer?: string;
  model?: string;
  serialNumber?: string;
  section?: string;
  connection: {
    protocol: InstrumentProtocol;
    mode: InstrumentMode;
    host?: string;
    port?: Num;
    serial?: { path?: string; baudRate?: Num; dataBits?: Num; parity?: string; stopBits?: Num };
    encoding?: InstrumentEncoding;
    frameMode?: 'record' | 'message';
    hl7Worklist?: 'dsr' | 'orm';
    utcOffsetMinutes?: Num;
    timeouts?: { replyMs?: Num; receiveMs?: Num; ackMs?: Num; reconnectMs?: Num };
  };
  channels: ChannelRow[];
}

// The choices the API accepts (packages/lis instruments/model/validate.ts).
export const PROTOCOLS: InstrumentProtocol[] = ['hl7', 'astm'];
export const MODES: InstrumentMode[] = ['server', 'client', 'serial'];
export const ENCODINGS: InstrumentEncoding[] = ['gb18030', 'utf-8', 'latin1', 'ascii'];
export const BAUD_RATES = [300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200];
export const PARITIES = ['none', 'even', 'odd', 'mark', 'space'] as const;
export const FRAME_MODES = ['record', 'message'] as const;
export const HL7_WORKLISTS = ['dsr', 'orm'] as const;

/** What the driver assumes when the encoding is left empty (ASTM latin1; HL7 reads MSH-18, else UTF-8). */
export const DEFAULT_ENCODING: Record<InstrumentProtocol, InstrumentEncoding> = { astm: 'latin1', hl7: 'utf-8' };

/** A new instrument: an HL7 analyzer the LIS listens for on this machine — the commonest set-up. */
export function newInstrumentValues(): InstrumentFormValues {
  return { connection: { protocol: 'hl7', mode: 'server', host: '127.0.0.1', encoding: 'utf-8' }, channels: [] };
}

/** Which connection inputs a protocol and mode use (also what is sent). */
export function connectionFields(protocol: InstrumentProtocol, mode: InstrumentMode) {
  const tcp = mode !== 'serial';
  return {
    host: tcp,
    port: tcp,
    serial: mode === 'serial',
    frameMode: protocol === 'astm',
    replyMs: protocol === 'astm',
    receiveMs: protocol === 'astm',
    hl7Worklist: protocol === 'hl7',
    ackMs: protocol === 'hl7',
    reconnectMs: mode !== 'server',
  };
}

export function formValuesOf(i: Instrument): InstrumentFormValues {
  const c = i.connection;
  return {
    code: i.code,
    name: i.name,
    manufacturer: i.manufacturer,
    model: i.model,
    serialNumber: i.serialNumber,
    section: i.section,
    connection: { ...c, serial: c.serial ? { ...c.serial } : undefined, timeouts: c.timeouts ? { ...c.timeouts } : undefined },
    channels: i.channels.map((ch) => ({ ...ch })),
  };
}

const text = (v: string | undefined): string | undefined => {
  const trimmed = v?.trim();
  return trimmed ? trimmed : undefined;
};
const num = (v: Num): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Drops undefined properties, so the body names only what was given. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The body of createInstrument / updateInstrument. Channel rows are sent as entered, blank ones too, so the index
 * of a server issue (`channels[3].test`) is the row on screen.
 */
export function instrumentInputOf(v: InstrumentFormValues, active?: boolean): InstrumentInput {
  const c = v.connection;
  const use = connectionFields(c.protocol, c.mode);
  const timeouts = compact({
    replyMs: use.replyMs ? num(c.timeouts?.replyMs) : undefined,
    receiveMs: use.receiveMs ? num(c.timeouts?.receiveMs) : undefined,
    ackMs: use.ackMs ? num(c.timeouts?.ackMs) : undefined,
    reconnectMs: use.reconnectMs ? num(c.timeouts?.reconnectMs) : undefined,
  });
  const serial = c.serial;
  const connection: InstrumentConnection = compact({
    protocol: c.protocol,
    mode: c.mode,
    host: use.host ? text(c.host) : undefined,
    port: use.port ? num(c.port) : undefined,
    serial: use.serial
      ? compact({
          path: text(serial?.path) ?? '',
          baudRate: num(serial?.baudRate) ?? 0,
          dataBits: num(serial?.dataBits) as 7 | 8 | undefined,
          parity: serial?.parity as (typeof PARITIES)[number] | undefined,
          stopBits: num(serial?.stopBits) as 1 | 2 | undefined,
        })
      : undefined,
    encoding: c.encoding,
    frameMode: use.frameMode ? c.frameMode : undefined,
    hl7Worklist: use.hl7Worklist ? c.hl7Worklist : undefined,
    utcOffsetMinutes: num(c.utcOffsetMinutes),
    timeouts: Object.keys(timeouts).length ? timeouts : undefined,
  });
  const channels: InstrumentChannel[] = v.channels.map((row) =>
    compact({ channel: text(row.channel) ?? '', test: text(row.test) ?? '', factor: num(row.factor), decimals: num(row.decimals) }),
  );
  return compact({
    code: text(v.code) ?? '',
    name: text(v.name) ?? '',
    manufacturer: text(v.manufacturer),
    model: text(v.model),
    serialNumber: text(v.serialNumber),
    section: text(v.section),
    active,
    connection,
    channels,
  });
}

/** An antd Form name path: ['connection', 'serial', 'baudRate'], ['channels', 2, 'test']. */
export type NamePath = (string | number)[];

const INPUTS = new Set([
  'code', 'name', 'manufacturer', 'model', 'serialNumber', 'section',
  'connection.protocol', 'connection.mode', 'connection.host', 'connection.port',
  'connection.serial.path', 'connection.serial.baudRate', 'connection.serial.dataBits', 'connection.serial.parity', 'connection.serial.stopBits',
  'connection.encoding', 'connection.frameMode', 'connection.hl7Worklist', 'connection.utcOffsetMinutes',
  'connection.timeouts.replyMs', 'connection.timeouts.receiveMs', 'connection.timeouts.ackMs', 'connection.timeouts.reconnectMs',
]);
const CHANNEL_INPUTS = new Set(['channel', 'test', 'factor', 'decimals']);
// Issues about a whole group name the input a person fixes it in.
const GROUP_INPUT: Record<string, string> = { connection: 'connection.protocol', 'connection.serial': 'connection.serial.path' };

/** The input an issue's `expression` names (`channels[2].test` → ['channels', 2, 'test']), or undefined. */
export function inputOf(expression: string): NamePath | undefined {
  const channel = /^channels\[(\d+)\](?:\.(\w+))?$/.exec(expression);
  if (channel) {
    const field = channel[2] ?? 'channel';
    return CHANNEL_INPUTS.has(field) ? ['channels', Number(channel[1]), field] : undefined;
  }
  const path = GROUP_INPUT[expression] ?? expression;
  return INPUTS.has(path) ? path.split('.') : undefined;
}

export interface OutcomeIssueLike {
  severity?: string;
  expression?: string[];
  details?: { text?: string };
  diagnostics?: string;
  code?: string;
}

export interface PlacedIssues {
  /** Errors shown on their input. */
  fields: { name: NamePath; errors: string[] }[];
  /** Errors no input can show (shown above the form). */
  general: string[];
}

/** Splits an OperationOutcome's issues between the inputs they name and the rest. `localize` picks the UI half of "中文 / English". */
export function placeIssues(issues: readonly OutcomeIssueLike[], localize: (text: string) => string = (s) => s): PlacedIssues {
  const byName = new Map<string, { name: NamePath; errors: string[] }>();
  const general: string[] = [];
  for (const issue of issues) {
    const message = localize(issue.details?.text ?? issue.diagnostics ?? issue.code ?? '');
    const name = (issue.expression ?? []).map(inputOf).find((n) => n);
    if (!name) {
      general.push(message);
      continue;
    }
    const key = name.join('.');
    const entry = byName.get(key) ?? { name, errors: [] };
    entry.errors.push(message);
    byName.set(key, entry);
  }
  return { fields: [...byName.values()], general };
}

/** Which tab of the drawer an input is on, to open the tab holding the first error. */
export const tabOf = (name: NamePath): 'channels' | 'connection' => (name[0] === 'channels' ? 'channels' : 'connection');

/**
 * Where an instrument is reached, as the table shows it: `:5100` (listening; the bound port when 0 was configured),
 * `→ 192.168.1.20:5001` (the LIS dials), `COM3 9600 8N1` (serial).
 */
export function addressText(c: InstrumentConnection, boundPort?: number): string {
  if (c.mode === 'serial') {
    const s = c.serial;
    if (!s) return '';
    const frame = `${s.dataBits ?? 8}${(s.parity ?? 'none')[0].toUpperCase()}${s.stopBits ?? 1}`;
    return `${s.path} ${s.baudRate} ${frame}`;
  }
  const port = c.mode === 'server' && c.port === 0 && boundPort ? boundPort : c.port;
  if (c.mode === 'client') return `→ ${c.host ?? ''}:${port ?? ''}`;
  return `${c.host && c.host !== '127.0.0.1' ? c.host : ''}:${port ?? ''}`;
}
