import type { Queryable } from '@medunion/kernel';
import type { InstrumentMessage, InstrumentMessageKind, InstrumentMessagePage, InstrumentProtocol } from '../../contracts/instruments.ts';
import { bytes, cleanText, iso, json } from './sql-values.ts';

export interface LinkEvent {
  level: string;
  code: string;
  message: string;
}

/** One ledger entry as the traffic recorder cuts it. */
export interface MessageRow {
  institution: string;
  instrumentId: string;
  instrumentCode: string;
  connection: string;
  direction: 'in' | 'out';
  kind: InstrumentMessageKind;
  protocol: InstrumentProtocol;
  messageType?: string;
  summary?: string;
  at: Date;
  endedAt?: Date;
  outcome: string;
  detail?: string;
  events: LinkEvent[];
  text: string;
  raw: Buffer;
}

export async function insertMessage(db: Queryable, row: MessageRow): Promise<string> {
  const { rows } = await db.query<{ id: string | number }>(
    `insert into lis_instrument_message (institution, instrument_id, instrument_code, connection, direction, kind, protocol, message_type, summary, at, ended_at, outcome, detail, events, text, raw)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16) returning id`,
    [
      row.institution, row.instrumentId, row.instrumentCode, row.connection, row.direction, row.kind, row.protocol,
      cleanText(row.messageType) ?? null, cleanText(row.summary)?.slice(0, 500) ?? null, row.at, row.endedAt ?? null, row.outcome,
      cleanText(row.detail) ?? null, JSON.stringify(row.events), cleanText(row.text), row.raw,
    ],
  );
  return String(rows[0].id);
}

/** Sets what processing made of a message (processed, unmatched, answered, …); events seen meanwhile are appended. */
export async function completeMessage(db: Queryable, id: string, outcome: { outcome: string; detail?: string; summary?: string; events?: LinkEvent[] }): Promise<void> {
  await db.query(
    `update lis_instrument_message set outcome = $2, detail = coalesce($3, detail), summary = coalesce($4, summary), events = events || $5::jsonb where id = $1`,
    [id, outcome.outcome, cleanText(outcome.detail)?.slice(0, 4000) ?? null, cleanText(outcome.summary)?.slice(0, 500) ?? null, JSON.stringify(outcome.events ?? [])],
  );
}

export interface MessageFilter {
  institution: string;
  instrument?: string;
  direction?: 'in' | 'out';
  kind?: InstrumentMessageKind;
  outcome?: string;
  connection?: string;
  since?: string;
  until?: string;
  /** Keyset cursor: entries older than this id. */
  before?: string;
  limit: number;
  raw: boolean;
}

interface StoredMessage {
  id: string | number;
  instrument_id: string;
  instrument_code: string;
  connection: string;
  direction: 'in' | 'out';
  kind: InstrumentMessageKind;
  protocol: InstrumentProtocol;
  message_type: string | null;
  summary: string | null;
  at: unknown;
  ended_at: unknown;
  outcome: string;
  detail: string | null;
  events: unknown;
  text: string;
  raw?: unknown;
  size: number | string;
}

/** Newest first, keyset-paged by id; every filter is an indexed or cheap predicate within the institution. */
export async function listMessages(db: Queryable, filter: MessageFilter): Promise<InstrumentMessagePage> {
  const params: unknown[] = [filter.institution];
  const where = ['institution = $1'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.instrument) add('instrument_id = ?', filter.instrument);
  if (filter.direction) add('direction = ?', filter.direction);
  if (filter.kind) add('kind = ?', filter.kind);
  if (filter.outcome) add('outcome = ?', filter.outcome);
  if (filter.connection) add('connection = ?', filter.connection);
  if (filter.since) add('at >= ?::timestamptz', filter.since);
  if (filter.until) add('at < ?::timestamptz', filter.until);
  if (filter.before) add('id < ?::bigint', filter.before);
  params.push(filter.limit + 1);
  const { rows } = await db.query<StoredMessage>(
    `select id, instrument_id, instrument_code, connection, direction, kind, protocol, message_type, summary, at, ended_at, outcome, detail, events, text,
            ${filter.raw ? 'raw,' : ''} octet_length(raw) as size
       from lis_instrument_message where ${where.join(' and ')} order by id desc limit $${params.length}`,
    params,
  );
  const page = rows.slice(0, filter.limit).map((r) => toMessage(r, filter.raw));
  return rows.length > filter.limit ? { messages: page, next: page.at(-1)!.id } : { messages: page };
}

function toMessage(r: StoredMessage, withRaw: boolean): InstrumentMessage {
  const message: InstrumentMessage = {
    id: String(r.id),
    instrument: r.instrument_id,
    instrumentCode: r.instrument_code,
    connection: r.connection,
    direction: r.direction,
    kind: r.kind,
    protocol: r.protocol,
    at: iso(r.at)!,
    outcome: r.outcome,
    events: json(r.events, []),
    text: r.text,
    size: Number(r.size),
  };
  if (r.message_type) message.messageType = r.message_type;
  if (r.summary) message.summary = r.summary;
  if (r.ended_at) message.endedAt = iso(r.ended_at);
  if (r.detail) message.detail = r.detail;
  if (withRaw) message.rawBase64 = bytes(r.raw).toString('base64');
  return message;
}
