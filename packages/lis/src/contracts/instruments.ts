// Shapes of the instruments API (`/api/lis/instruments`, `/api/lis/instrument-messages`, `/api/lis/unmatched-results`):
// types only, shared with the web console.

export type InstrumentProtocol = 'astm' | 'hl7';
/** server: the LIS listens on host:port; client: the LIS dials the analyzer's host:port; serial: RS-232 via `serialport`. */
export type InstrumentMode = 'server' | 'client' | 'serial';
export type InstrumentEncoding = 'ascii' | 'latin1' | 'utf-8' | 'gb18030';

export interface InstrumentSerialSettings {
  /** Device path, e.g. `/dev/ttyUSB0` or `COM3`. */
  path: string;
  baudRate: number;
  dataBits?: 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 2;
}

export interface InstrumentTimeouts {
  /** ASTM sender: wait for ACK/NAK (LIS1-A 15 000). */
  replyMs?: number;
  /** ASTM receiver: wait for the next frame (LIS1-A 30 000). */
  receiveMs?: number;
  /** HL7: wait for the analyzer's ACK to a worklist (default 10 000). */
  ackMs?: number;
  /** Client and serial modes: first reconnect delay, doubled up to 30 s (default 1 000). */
  reconnectMs?: number;
}

export interface InstrumentConnection {
  protocol: InstrumentProtocol;
  mode: InstrumentMode;
  /** server: address to bind (default 127.0.0.1); client: the analyzer's address. */
  host?: string;
  /** server: 0–65535 (0 = any free port, see the status); client: 1–65535. */
  port?: number;
  serial?: InstrumentSerialSettings;
  /** Text encoding (default latin1 for ASTM; for HL7 the default when MSH-18 is empty, utf-8). */
  encoding?: InstrumentEncoding;
  /** ASTM: `record` (one record per frame, default) or `message` (records packed in 240-byte frames). */
  frameMode?: 'record' | 'message';
  /** HL7: how a QRY^Q02 worklist query is answered: QCK + DSR^Q03 (default, Mindray BS) or QCK + ORM^O01. */
  hl7Worklist?: 'dsr' | 'orm';
  /** The analyzer clock's offset from UTC in minutes for dates sent without a zone (default 480, China). */
  utcOffsetMinutes?: number;
  timeouts?: InstrumentTimeouts;
}

/** 通道 ↔ 项目: the analyzer's channel code and the LIS test it reports, with an optional unit conversion. */
export interface InstrumentChannel {
  channel: string;
  test: string;
  /** Multiplies numeric values (e.g. 0.0884 for creatinine µmol/L → mg/dL). */
  factor?: number;
  /** Rounds numeric values to this many decimals after the factor. */
  decimals?: number;
}

export interface InstrumentInput {
  /** 仪器代码, unique in the institution (Device.identifier). */
  code: string;
  /** 仪器名称 */
  name: string;
  manufacturer?: string;
  model?: string;
  serialNumber?: string;
  /** 专业组 (lab section) code. */
  section?: string;
  /** false = 停用: the connection is closed (default true). */
  active?: boolean;
  connection: InstrumentConnection;
  channels: InstrumentChannel[];
}

export interface Instrument extends InstrumentInput {
  /** Device id. */
  id: string;
  version: string;
  lastUpdated: string;
  institution: string;
  active: boolean;
}

export type InstrumentState = 'stopped' | 'unowned' | 'listening' | 'connecting' | 'connected' | 'waiting' | 'error';

export interface InstrumentStatus {
  instrument: string;
  active: boolean;
  /** `stopped`: not running anywhere (inactive, or no process has opened it yet); `unowned`: its lease expired. */
  state: InstrumentState;
  /** The platform process holding the connection (host:pid:nonce). */
  owner?: string;
  /** Server mode: the bound address (port resolved when 0 was configured). */
  listening?: { host: string; port: number };
  /** Open connections (`tcp 10.1.2.3:50211`, `serial /dev/ttyUSB0`). */
  peers: string[];
  lastError?: string;
  lastMessageAt?: string;
  since?: string;
  updatedAt?: string;
}

export type InstrumentMessageKind = 'message' | 'link' | 'noise' | 'connection';

/** One entry of the raw traffic ledger (仪器原始报文). */
export interface InstrumentMessage {
  id: string;
  instrument: string;
  instrumentCode: string;
  /** The transport session, e.g. `tcp 127.0.0.1:50211 #3`. */
  connection: string;
  direction: 'in' | 'out';
  /** message: one protocol message (ASTM ENQ…EOT transfer, one MLLP frame); link: the other side's ACK/NAK during it; noise: bytes outside any message; connection: opened/closed. */
  kind: InstrumentMessageKind;
  protocol: InstrumentProtocol;
  /** `ORU^R01`, `QRY^Q02`, `ASTM R` (results), `ASTM Q` (query), … */
  messageType?: string;
  summary?: string;
  at: string;
  endedAt?: string;
  /** received, sent, processed, partly-unmatched, unmatched, answered, not-found, rejected, incomplete, failed, noise, … */
  outcome: string;
  detail?: string;
  /** Link diagnostics seen during the message (bad checksum → NAK, garbage, timeouts). */
  events: { level: string; code: string; message: string }[];
  /** Readable rendering: decoded text with control characters as `<STX>`, `<ACK>`, … */
  text: string;
  /** The exact bytes (omitted when `raw=false`). */
  rawBase64?: string;
  size: number;
}

export interface InstrumentMessagePage {
  messages: InstrumentMessage[];
  /** Pass as `before` for the next (older) page. */
  next?: string;
}

/** Why a result is held: no such specimen (or QC material), no mapping for its channel, its test not ordered on the specimen, or refused by the results area. */
export type UnmatchedReason = 'unknown-specimen' | 'unknown-channel' | 'unknown-qc-sample' | 'not-ordered' | 'record-failed';

/** A result held for manual assignment (未匹配结果): never dropped. */
export interface UnmatchedResult {
  id: string;
  instrument: string;
  instrumentCode: string;
  /** Ledger entry the result came in. */
  messageId?: string;
  /** Barcode or sample number as the analyzer sent it. */
  sampleId: string;
  /** The other identifier the analyzer sent (sample number when `sampleId` is the barcode). */
  alternateSampleId?: string;
  channel: string;
  channelName?: string;
  /** Test mapped at receipt, when the channel was mapped. */
  testCode?: string;
  value: string;
  unit?: string;
  flags: string[];
  completedAt?: string;
  images: number;
  histograms: number;
  qc: boolean;
  reason: UnmatchedReason;
  detail?: string;
  status: 'open' | 'assigned' | 'dismissed';
  receivedAt: string;
  specimen?: { id: string; barcode: string };
  assignedTest?: string;
  observations?: string[];
  handledBy?: string;
  handledAt?: string;
  note?: string;
}

export interface UnmatchedResultPage {
  results: UnmatchedResult[];
  next?: string;
}

export interface AssignUnmatchedInput {
  /** Barcode (条码号) or sample number (样本号) of the specimen the result belongs to (default: the id the analyzer sent). */
  specimen?: string;
  /** The test, when the channel is not mapped (or to override the mapping). */
  testCode?: string;
  /** Also add `channel → testCode` to the instrument's channel map, so later results map by themselves. */
  saveMapping?: boolean;
  /** Assign the other open results of the same sample from the same message too. */
  includeSameSample?: boolean;
  note?: string;
}

export interface AssignUnmatchedOutcome {
  assigned: UnmatchedResult[];
  observations: string[];
  /** Set when `saveMapping` changed the instrument. */
  instrument?: Instrument;
}
