import { BAUD_RATES, ENCODINGS, FRAME_MODES, HL7_WORKLISTS, MODES, PARITIES, PROTOCOLS } from '../model/validate.ts';

export const UNMATCHED_REASONS = ['unknown-specimen', 'unknown-channel', 'unknown-qc-sample', 'not-ordered', 'record-failed'] as const;

/**
 * OpenAPI schemas of the instruments API. Request bodies are documented here and checked by `validateInstrumentInput`
 * (routes use `attachValidation`), which names every bad field at once; responses are serialised with these schemas,
 * so they list every property the API returns.
 */
export const TAGS = ['lis-instruments'];

const str = (description: string, extra: Record<string, unknown> = {}) => ({ type: 'string', description, ...extra });
const int = (description: string, extra: Record<string, unknown> = {}) => ({ type: 'integer', description, ...extra });

export const connectionSchema = {
  type: 'object',
  description: '连接方式 (connection): EXT.connection on the Device',
  required: ['protocol', 'mode'],
  properties: {
    protocol: str('astm (E1381/E1394) or hl7 (v2 over MLLP)', { enum: PROTOCOLS }),
    mode: str('server: the LIS listens; client: the LIS dials the analyzer; serial: RS-232', { enum: MODES }),
    host: str('server: bind address (default 127.0.0.1); client: the analyzer’s address'),
    port: int('server: 0–65535 (0 = any free port); client: 1–65535', { minimum: 0, maximum: 65535 }),
    serial: {
      type: 'object',
      required: ['path', 'baudRate'],
      properties: {
        path: str('/dev/ttyUSB0, COM3'),
        baudRate: { type: 'integer', enum: BAUD_RATES },
        dataBits: { type: 'integer', enum: [7, 8] },
        parity: { type: 'string', enum: PARITIES },
        stopBits: { type: 'integer', enum: [1, 2] },
      },
    },
    encoding: str('text encoding; HL7: used when MSH-18 is empty', { enum: ENCODINGS }),
    frameMode: str('ASTM: record (default) or message', { enum: FRAME_MODES }),
    hl7Worklist: str('HL7: answer QRY^Q02 with DSR^Q03 (default) or ORM^O01', { enum: HL7_WORKLISTS }),
    utcOffsetMinutes: int('analyzer clock offset for dates without a zone (default 480)'),
    timeouts: {
      type: 'object',
      properties: {
        replyMs: int('ASTM sender wait for ACK/NAK (15000)'),
        receiveMs: int('ASTM receiver wait between frames (30000)'),
        ackMs: int('HL7 wait for the analyzer’s ACK (10000)'),
        reconnectMs: int('client/serial first reconnect delay (1000), doubled up to 30 s'),
      },
    },
  },
} as const;

export const channelSchema = {
  type: 'object',
  required: ['channel', 'test'],
  properties: {
    channel: str('仪器通道号 (the analyzer’s code: R-3, OBX-3)'),
    test: str('检验项目代码 (LIS test code)'),
    factor: { type: 'number', description: 'multiplies numeric values' },
    decimals: int('decimals after conversion', { minimum: 0, maximum: 8 }),
  },
} as const;

const instrumentProperties = {
  code: str('仪器代码, unique in the institution'),
  name: str('仪器名称'),
  manufacturer: str('厂家'),
  model: str('型号'),
  serialNumber: str('序列号'),
  section: str('专业组 code'),
  active: { type: 'boolean', description: 'false = 停用 (connection closed)' },
  connection: connectionSchema,
  channels: { type: 'array', items: channelSchema },
} as const;

const hl7Example = {
  code: 'BC5390',
  name: '迈瑞 BC-5390 血细胞分析仪',
  manufacturer: 'Mindray',
  model: 'BC-5390',
  section: 'clinical',
  connection: { protocol: 'hl7', mode: 'server', host: '127.0.0.1', port: 5100, encoding: 'utf-8' },
  channels: [
    { channel: 'WBC', test: 'WBC' },
    { channel: 'RBC', test: 'RBC' },
    { channel: 'HGB', test: 'HGB' },
    { channel: 'PLT', test: 'PLT' },
  ],
};

const astmExample = {
  code: 'BS240',
  name: '迈瑞 BS-240 生化分析仪',
  model: 'BS-240',
  section: 'biochemistry',
  connection: { protocol: 'astm', mode: 'client', host: '192.168.10.21', port: 5001, encoding: 'gb18030', timeouts: { replyMs: 15000 } },
  channels: [
    { channel: '1', test: 'ALT' },
    { channel: '2', test: 'AST' },
    { channel: '5', test: 'CREA', factor: 1, decimals: 0 },
    { channel: '9', test: 'GLU', decimals: 2 },
  ],
};

export const instrumentBody = {
  type: 'object',
  required: ['code', 'name', 'connection', 'channels'],
  properties: instrumentProperties,
  examples: [hl7Example, astmExample],
} as const;

export const instrumentSchema = {
  type: 'object',
  properties: {
    id: str('Device id'),
    version: str('Device version (send as If-Match to update safely)'),
    lastUpdated: str('', { format: 'date-time' }),
    institution: str('owning institution (Organization id)'),
    ...instrumentProperties,
  },
  examples: [{ id: 'b1c…', version: '1', lastUpdated: '2026-12-07T08:00:00.000Z', institution: 'lead-hospital', active: true, ...hl7Example }],
} as const;

export const statusSchema = {
  type: 'object',
  properties: {
    instrument: str('Device id'),
    active: { type: 'boolean' },
    state: str('', { enum: ['stopped', 'unowned', 'listening', 'connecting', 'connected', 'waiting', 'error'] }),
    owner: str('platform process holding the connection'),
    listening: { type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer' } } },
    peers: { type: 'array', items: { type: 'string' } },
    lastError: { type: 'string' },
    lastMessageAt: str('', { format: 'date-time' }),
    since: str('', { format: 'date-time' }),
    updatedAt: str('', { format: 'date-time' }),
  },
  examples: [{ instrument: 'b1c…', active: true, state: 'connected', owner: 'lab-server:4242:9f3a1c', listening: { host: '127.0.0.1', port: 5100 }, peers: ['tcp 127.0.0.1:50211 #3'], since: '2026-12-07T08:00:01.000Z' }],
} as const;

export const messageSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    instrument: { type: 'string' },
    instrumentCode: { type: 'string' },
    connection: { type: 'string' },
    direction: { type: 'string', enum: ['in', 'out'] },
    kind: { type: 'string', enum: ['message', 'link', 'noise', 'connection'] },
    protocol: { type: 'string', enum: PROTOCOLS },
    messageType: { type: 'string' },
    summary: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    endedAt: { type: 'string', format: 'date-time' },
    outcome: { type: 'string' },
    detail: { type: 'string' },
    events: { type: 'array', items: { type: 'object', properties: { level: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
    text: str('decoded text, control characters as <STX>, <ACK>, …'),
    rawBase64: str('the exact bytes'),
    size: { type: 'integer' },
  },
} as const;

export const messagePageSchema = {
  type: 'object',
  properties: { messages: { type: 'array', items: messageSchema }, next: str('pass as `before` for the next page') },
  examples: [
    {
      messages: [
        {
          id: '812', instrument: 'b1c…', instrumentCode: 'BS240', connection: 'tcp 192.168.10.21:5001 #7', direction: 'in', kind: 'message', protocol: 'astm',
          messageType: 'ASTM R', summary: '2 result(s) for 2503010001', at: '2026-12-07T08:31:02.114Z', outcome: 'processed', detail: '2503010001: 2 recorded',
          events: [{ level: 'warn', code: 'bad-checksum', message: 'frame rejected: checksum 5D, expected 5C' }],
          text: '<ENQ><STX>1H|\\^&|||BS-240<CR><ETX>A1<CR><LF>\n…', size: 312,
        },
      ],
      next: '812',
    },
  ],
} as const;

export const unmatchedSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    instrument: { type: 'string' },
    instrumentCode: { type: 'string' },
    messageId: { type: 'string' },
    sampleId: { type: 'string' },
    alternateSampleId: { type: 'string' },
    channel: { type: 'string' },
    channelName: { type: 'string' },
    testCode: { type: 'string' },
    value: { type: 'string' },
    unit: { type: 'string' },
    flags: { type: 'array', items: { type: 'string' } },
    completedAt: { type: 'string', format: 'date-time' },
    images: { type: 'integer' },
    histograms: { type: 'integer' },
    qc: { type: 'boolean' },
    reason: { type: 'string', enum: UNMATCHED_REASONS },
    detail: { type: 'string' },
    status: { type: 'string', enum: ['open', 'assigned', 'dismissed'] },
    receivedAt: { type: 'string', format: 'date-time' },
    specimen: { type: 'object', properties: { id: { type: 'string' }, barcode: { type: 'string' } } },
    assignedTest: { type: 'string' },
    observations: { type: 'array', items: { type: 'string' } },
    handledBy: { type: 'string' },
    handledAt: { type: 'string', format: 'date-time' },
    note: { type: 'string' },
  },
} as const;

export const unmatchedPageSchema = {
  type: 'object',
  properties: { results: { type: 'array', items: unmatchedSchema }, next: { type: 'string' } },
  examples: [
    {
      results: [
        {
          id: '57', instrument: 'b1c…', instrumentCode: 'BC5390', messageId: '811', sampleId: '2503019999', channel: 'WBC', testCode: 'WBC', value: '7.31', unit: '10*9/L',
          flags: [], images: 1, histograms: 1, qc: false, reason: 'unknown-specimen', detail: '标本 2503019999 不存在 / no specimen 2503019999', status: 'open', receivedAt: '2026-12-07T08:30:00.000Z',
        },
      ],
    },
  ],
} as const;

export const assignBody = {
  type: 'object',
  properties: {
    specimen: str('条码号 or 样本号 of the specimen (default: the sample id the analyzer sent)'),
    testCode: str('the test, when the channel is not mapped (or to override the mapping)'),
    saveMapping: { type: 'boolean', description: 'also map channel → testCode on the instrument' },
    includeSameSample: { type: 'boolean', description: 'assign the other open results of the same sample and message too' },
    note: { type: 'string' },
  },
  examples: [{ specimen: '2503010001' }, { specimen: '2503010001', testCode: 'ALT', saveMapping: true, includeSameSample: true }],
} as const;

export const assignOutcomeSchema = {
  type: 'object',
  properties: { assigned: { type: 'array', items: unmatchedSchema }, observations: { type: 'array', items: { type: 'string' } }, instrument: instrumentSchema },
} as const;

export const dismissBody = {
  type: 'object',
  required: ['note'],
  properties: { note: str('why the result is not kept (e.g. 校准品, 重复测定)') },
  examples: [{ note: '校准测定，非病人标本 / calibration run' }],
} as const;

export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
export const institutionQuery = { institution: str('region-wide users: the institution (Organization id)') } as const;

const outcomeSchema = {
  type: 'object',
  properties: { resourceType: { type: 'string' }, issue: { type: 'array', items: { type: 'object', additionalProperties: true } } },
  description: 'FHIR OperationOutcome; each issue names its field in `expression`',
} as const;

/** Error responses every route may give. */
export const errors = { 400: outcomeSchema, 403: outcomeSchema, 404: outcomeSchema, 409: outcomeSchema } as const;
