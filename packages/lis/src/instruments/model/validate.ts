import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { InstrumentChannel, InstrumentConnection, InstrumentInput } from '../../contracts/instruments.ts';

export const PROTOCOLS = ['astm', 'hl7'] as const;
export const MODES = ['server', 'client', 'serial'] as const;
export const ENCODINGS = ['ascii', 'latin1', 'utf-8', 'gb18030'] as const;
export const FRAME_MODES = ['record', 'message'] as const;
export const HL7_WORKLISTS = ['dsr', 'orm'] as const;
export const PARITIES = ['none', 'even', 'odd', 'mark', 'space'] as const;
export const BAUD_RATES = [300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200] as const;
/** Channel and test codes: what analyzers send in OBX-3 / R-3 (letters, digits and a few marks, incl. `#` and `%`). */
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.#%\-/+*^ ]{0,39}$/;
const INSTRUMENT_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const HOST = /^[A-Za-z0-9.\-:[\]]{1,253}$/;

const issue = (field: string, zh: string, en: string, code: OperationOutcomeIssue['code'] = 'value'): OperationOutcomeIssue => ({
  severity: 'error',
  code,
  details: { text: `${zh} / ${en}` },
  expression: [field],
});
const required = (field: string): OperationOutcomeIssue => issue(field, `缺少必填字段 ${field}`, `${field} is required`, 'required');
const oneOf = (field: string, values: readonly unknown[]): OperationOutcomeIssue =>
  issue(field, `${field} 取值应为 ${values.join('、')}`, `${field} must be one of ${values.join(', ')}`);

function isInt(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function checkString(issues: OperationOutcomeIssue[], field: string, v: unknown, max: number, isRequired = false): void {
  if (v === undefined || v === null || v === '') {
    if (isRequired) issues.push(required(field));
    return;
  }
  if (typeof v !== 'string') issues.push(issue(field, `${field} 应为字符串`, `${field} must be a string`));
  else if (v.length > max) issues.push(issue(field, `${field} 超过 ${max} 个字符`, `${field} is longer than ${max} characters`));
}

function checkTimeouts(issues: OperationOutcomeIssue[], t: unknown): void {
  if (t === undefined) return;
  if (typeof t !== 'object' || t === null) {
    issues.push(issue('connection.timeouts', 'connection.timeouts 应为对象', 'connection.timeouts must be an object'));
    return;
  }
  for (const [key, v] of Object.entries(t)) {
    const field = `connection.timeouts.${key}`;
    if (!['replyMs', 'receiveMs', 'ackMs', 'reconnectMs'].includes(key)) issues.push(issue(field, `未知字段 ${field}`, `${field} is not a known field`));
    else if (!isInt(v, 50, 600_000)) issues.push(issue(field, `${field} 应为 50–600000 毫秒`, `${field} must be 50–600000 ms`));
  }
}

function checkConnection(issues: OperationOutcomeIssue[], c: unknown): void {
  if (c === undefined || c === null) {
    issues.push(required('connection'));
    return;
  }
  if (typeof c !== 'object') {
    issues.push(issue('connection', 'connection 应为对象', 'connection must be an object'));
    return;
  }
  const conn = c as Partial<Record<keyof InstrumentConnection, unknown>>;
  if (conn.protocol === undefined) issues.push(required('connection.protocol'));
  else if (!PROTOCOLS.includes(conn.protocol as never)) issues.push(oneOf('connection.protocol', PROTOCOLS));
  if (conn.mode === undefined) issues.push(required('connection.mode'));
  else if (!MODES.includes(conn.mode as never)) issues.push(oneOf('connection.mode', MODES));
  if (conn.mode === 'server' || conn.mode === 'client') {
    const min = conn.mode === 'server' ? 0 : 1;
    if (conn.port === undefined) issues.push(required('connection.port'));
    else if (!isInt(conn.port, min, 65535)) issues.push(issue('connection.port', `connection.port 应为 ${min}–65535 的整数`, `connection.port must be an integer ${min}–65535`));
    if (conn.mode === 'client' && !conn.host) issues.push(required('connection.host'));
    if (conn.host !== undefined && (typeof conn.host !== 'string' || !HOST.test(conn.host))) issues.push(issue('connection.host', 'connection.host 不是有效的主机名或 IP 地址', 'connection.host is not a valid host name or IP address'));
    if (conn.serial !== undefined) issues.push(issue('connection.serial', '仅串口方式需要 connection.serial', 'connection.serial applies only to mode serial'));
  }
  if (conn.mode === 'serial') checkSerial(issues, conn.serial);
  if (conn.encoding !== undefined && !ENCODINGS.includes(conn.encoding as never)) issues.push(oneOf('connection.encoding', ENCODINGS));
  if (conn.frameMode !== undefined && !FRAME_MODES.includes(conn.frameMode as never)) issues.push(oneOf('connection.frameMode', FRAME_MODES));
  if (conn.hl7Worklist !== undefined && !HL7_WORKLISTS.includes(conn.hl7Worklist as never)) issues.push(oneOf('connection.hl7Worklist', HL7_WORKLISTS));
  if (conn.utcOffsetMinutes !== undefined && !isInt(conn.utcOffsetMinutes, -720, 840)) issues.push(issue('connection.utcOffsetMinutes', 'connection.utcOffsetMinutes 应为 -720–840', 'connection.utcOffsetMinutes must be -720–840'));
  checkTimeouts(issues, conn.timeouts);
}

function checkSerial(issues: OperationOutcomeIssue[], s: unknown): void {
  if (s === undefined || s === null) {
    issues.push(required('connection.serial'));
    return;
  }
  const serial = s as Record<string, unknown>;
  checkString(issues, 'connection.serial.path', serial.path, 200, true);
  if (serial.baudRate === undefined) issues.push(required('connection.serial.baudRate'));
  else if (!BAUD_RATES.includes(serial.baudRate as never)) issues.push(oneOf('connection.serial.baudRate', BAUD_RATES));
  if (serial.dataBits !== undefined && serial.dataBits !== 7 && serial.dataBits !== 8) issues.push(oneOf('connection.serial.dataBits', [7, 8]));
  if (serial.parity !== undefined && !PARITIES.includes(serial.parity as never)) issues.push(oneOf('connection.serial.parity', PARITIES));
  if (serial.stopBits !== undefined && serial.stopBits !== 1 && serial.stopBits !== 2) issues.push(oneOf('connection.serial.stopBits', [1, 2]));
}

function checkChannels(issues: OperationOutcomeIssue[], channels: unknown, knownTests?: ReadonlySet<string>): void {
  if (channels === undefined) return;
  if (!Array.isArray(channels)) {
    issues.push(issue('channels', 'channels 应为数组', 'channels must be an array'));
    return;
  }
  if (channels.length > 500) issues.push(issue('channels', 'channels 最多 500 项', 'channels takes at most 500 entries'));
  const seen = new Map<string, number>();
  channels.forEach((entry: Partial<Record<keyof InstrumentChannel, unknown>>, i) => {
    const at = `channels[${i}]`;
    if (typeof entry !== 'object' || entry === null) {
      issues.push(issue(at, `${at} 应为对象`, `${at} must be an object`));
      return;
    }
    if (!entry.channel) issues.push(required(`${at}.channel`));
    else if (typeof entry.channel !== 'string' || !CODE.test(entry.channel)) issues.push(issue(`${at}.channel`, `${at}.channel 格式不正确`, `${at}.channel is not a valid channel code`));
    else if (seen.has(entry.channel)) issues.push(issue(`${at}.channel`, `通道 ${entry.channel} 重复（已见于 channels[${seen.get(entry.channel)}]）`, `channel ${entry.channel} is mapped twice (also channels[${seen.get(entry.channel)}])`, 'duplicate'));
    else seen.set(entry.channel, i);
    if (!entry.test) issues.push(required(`${at}.test`));
    else if (typeof entry.test !== 'string' || !CODE.test(entry.test)) issues.push(issue(`${at}.test`, `${at}.test 格式不正确`, `${at}.test is not a valid test code`));
    else if (knownTests && !knownTests.has(entry.test)) issues.push(issue(`${at}.test`, `检验项目 ${entry.test} 不在本机构项目目录中`, `test ${entry.test} is not in the institution's catalogue`, 'code-invalid'));
    if (entry.factor !== undefined && (typeof entry.factor !== 'number' || !Number.isFinite(entry.factor) || entry.factor <= 0)) issues.push(issue(`${at}.factor`, `${at}.factor 应为正数`, `${at}.factor must be a positive number`));
    if (entry.decimals !== undefined && !isInt(entry.decimals, 0, 8)) issues.push(issue(`${at}.decimals`, `${at}.decimals 应为 0–8 的整数`, `${at}.decimals must be an integer 0–8`));
    for (const key of Object.keys(entry)) if (!['channel', 'test', 'factor', 'decimals'].includes(key)) issues.push(issue(`${at}.${key}`, `未知字段 ${at}.${key}`, `${at}.${key} is not a known field`));
  });
}

const TOP_LEVEL = new Set(['code', 'name', 'manufacturer', 'model', 'serialNumber', 'section', 'active', 'connection', 'channels']);

/**
 * Every problem of an instrument configuration at once, each naming its field (`connection.port`,
 * `channels[3].channel`). `knownTests`: the institution's catalogue, when it is available.
 */
export function validateInstrumentInput(body: unknown, knownTests?: ReadonlySet<string>): OperationOutcomeIssue[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [issue('$', '请求体应为对象', 'The request body must be an object', 'required')];
  const input = body as Record<string, unknown>;
  const issues: OperationOutcomeIssue[] = [];
  checkString(issues, 'code', input.code, 40, true);
  if (typeof input.code === 'string' && input.code && !INSTRUMENT_CODE.test(input.code)) issues.push(issue('code', 'code 只能包含字母、数字和 _.-', 'code may contain only letters, digits and _.-'));
  checkString(issues, 'name', input.name, 100, true);
  checkString(issues, 'manufacturer', input.manufacturer, 100);
  checkString(issues, 'model', input.model, 100);
  checkString(issues, 'serialNumber', input.serialNumber, 100);
  checkString(issues, 'section', input.section, 40);
  if (input.active !== undefined && typeof input.active !== 'boolean') issues.push(issue('active', 'active 应为 true 或 false', 'active must be true or false'));
  checkConnection(issues, input.connection);
  if (input.channels === undefined) issues.push(required('channels'));
  checkChannels(issues, input.channels, knownTests);
  for (const key of Object.keys(input)) if (!TOP_LEVEL.has(key)) issues.push(issue(key, `未知字段 ${key}`, `${key} is not a known field`));
  return issues;
}

/** The input with defaults made explicit where they matter to the connection (host for server mode). */
export function normalizeInstrumentInput(input: InstrumentInput): InstrumentInput {
  const connection = { ...input.connection };
  if (connection.mode === 'server' && !connection.host) connection.host = '127.0.0.1';
  return { ...input, connection, channels: input.channels.map((c) => ({ ...c })) };
}
