import type { Db, Principal, Queryable } from '@medunion/kernel';
import { fieldError } from '../routes/check-body.ts';
import { REFUSAL_REASON_CODES } from './reasons.ts';
import type { DecisionInput, Decision, DecisionKind, RecordedDecision } from '../contracts/query.ts';

export type { DecisionInput, Decision, DecisionKind } from '../contracts/query.ts';

/** 互认记录 kinds: the doctor's decision (recognise = 引用 the result, refuse = order anew) and the HIS's event records. */
export const DECISION_KINDS = ['recognize', 'refuse', 'reminder', 'view', 'quote', 'revoke-refusal'] as const satisfies readonly DecisionKind[];

interface Row {
  id: string | number;
  client_key: string | null;
  kind: DecisionKind;
  report_id: string;
  item_code: string | null;
  patient_id: string;
  reason_code: string | null;
  reason_text: string | null;
  institution: string;
  department: string | null;
  practitioner: string | null;
  user_id: string;
  user_name: string | null;
  order_no: string | null;
  encounter: string | null;
  revokes: string | number | null;
  revoked_at: Date | string | null;
  affected_at: Date | string | null;
  recorded_at: Date | string;
}

const iso = (v: Date | string) => new Date(v).toISOString();
const opt = <K extends string, V>(key: K, v: V | null | undefined) => (v === null || v === undefined ? {} : ({ [key]: v } as Record<K, V>));

function toDecision(r: Row): Decision {
  return {
    id: Number(r.id),
    ...opt('clientKey', r.client_key),
    kind: r.kind,
    reportId: r.report_id,
    ...opt('itemCode', r.item_code),
    patientId: r.patient_id,
    ...opt('reasonCode', r.reason_code),
    ...opt('reasonText', r.reason_text),
    institution: r.institution,
    ...opt('department', r.department),
    ...opt('practitioner', r.practitioner),
    userId: r.user_id,
    ...opt('userName', r.user_name),
    ...opt('orderNo', r.order_no),
    ...opt('encounter', r.encounter),
    ...opt('revokes', r.revokes === null ? null : Number(r.revokes)),
    ...opt('revokedAt', r.revoked_at === null ? null : iso(r.revoked_at)),
    ...opt('affectedAt', r.affected_at === null ? null : iso(r.affected_at)),
    recordedAt: iso(r.recorded_at),
  };
}

/** The rules the schema cannot say: a refusal needs a known reason, "other" an explanation, a revoke its refusal. */
export function checkDecisionRules(input: DecisionInput): void {
  if (input.kind === 'refuse') {
    if (!input.reasonCode) throw fieldError(400, 'reasonCode', '不互认必须选择原因', 'A refusal needs a reasonCode', 'required');
    if (!REFUSAL_REASON_CODES.includes(input.reasonCode)) throw fieldError(400, 'reasonCode', `不互认原因 ${input.reasonCode} 不在内置原因中`, `reasonCode must be one of ${REFUSAL_REASON_CODES.join(', ')}`, 'code-invalid');
    if (input.reasonCode === 'other' && !input.reasonText?.trim()) throw fieldError(400, 'reasonText', '原因为“其他”时必须填写说明', 'reasonText is required when the reason is "other"', 'required');
  } else if (input.reasonCode) {
    throw fieldError(400, 'reasonCode', '只有不互认需要原因', 'Only a refusal takes a reasonCode');
  }
  if (input.kind === 'revoke-refusal' && input.revokes === undefined) throw fieldError(400, 'revokes', '撤销不互认需要指明原记录 id', 'revoke-refusal needs the id of the refusal in revokes', 'required');
}

/**
 * Appends a decision, idempotently by the caller institution's client key: the same key again returns the stored
 * decision (`unchanged`); the same key for another decision is a 409. A revoke-refusal marks its refusal revoked.
 */
export async function appendDecision(
  db: Db,
  caller: Principal,
  input: DecisionInput,
  report: { patientId: string },
): Promise<RecordedDecision> {
  const institution = caller.institution!;
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`recognition_decision:${institution}:${input.clientKey}`]);
    const existing = await tx.query<Row>('select * from recognition_decision where institution = $1 and client_key = $2', [institution, input.clientKey]);
    if (existing.rows[0]) {
      const d = toDecision(existing.rows[0]);
      if (d.kind !== input.kind || d.reportId !== input.reportId || (d.itemCode ?? null) !== (input.itemCode ?? null)) {
        throw fieldError(409, 'clientKey', `clientKey ${input.clientKey} 已用于另一条互认记录`, `clientKey ${input.clientKey} was used for another decision`, 'conflict');
      }
      return { outcome: 'unchanged' as const, decision: d };
    }
    if (input.kind === 'revoke-refusal') await revokeRefusal(tx, institution, input);
    const { rows } = await tx.query<Row>(
      `insert into recognition_decision (institution, client_key, kind, report_id, item_code, patient_id, reason_code, reason_text, department, practitioner, user_id, user_name, order_no, encounter, revokes)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning *`,
      [
        institution,
        input.clientKey,
        input.kind,
        input.reportId,
        input.itemCode ?? null,
        report.patientId,
        input.reasonCode ?? null,
        input.reasonText?.trim() || null,
        input.department ?? null,
        caller.profile ?? null,
        caller.id,
        caller.displayName ?? caller.username ?? null,
        input.orderNo ?? null,
        input.encounter ?? null,
        input.revokes ?? null,
      ],
    );
    return { outcome: 'created' as const, decision: toDecision(rows[0]) };
  });
}

async function revokeRefusal(tx: Queryable, institution: string, input: DecisionInput): Promise<void> {
  const { rows } = await tx.query<Row>('select * from recognition_decision where id = $1 and institution = $2', [input.revokes, institution]);
  const refusal = rows[0];
  if (!refusal || refusal.kind !== 'refuse' || refusal.report_id !== input.reportId) {
    throw fieldError(404, 'revokes', `本机构没有对该报告的不互认记录 ${input.revokes}`, `No refusal ${input.revokes} of this report by your institution`, 'not-found');
  }
  if (refusal.revoked_at) throw fieldError(409, 'revokes', `不互认记录 ${input.revokes} 已撤销`, `Refusal ${input.revokes} was already revoked`, 'conflict');
  await tx.query('update recognition_decision set revoked_at = now() where id = $1', [input.revokes]);
}

/** Decisions about a person's reports (any of their source records), newest first; `institution` narrows them. */
export async function listDecisions(db: Db, patientIds: string[], institution?: string): Promise<Decision[]> {
  const { rows } = await db.query<Row>(
    'select * from recognition_decision where patient_id = any($1::text[]) and ($2::text is null or institution = $2) order by recorded_at desc, id desc limit 500',
    [patientIds, institution ?? null],
  );
  return rows.map(toDecision);
}

/** Remembers that a doctor was shown reports (one row per report and user): whom to tell when one is revoked. */
export async function recordShown(db: Db, caller: Principal, reportIds: string[]): Promise<void> {
  const ids = [...new Set(reportIds)];
  if (!ids.length || !caller.institution) return;
  await db.query(
    `insert into recognition_shown (report_id, user_id, institution, practitioner)
     select unnest($1::text[]), $2, $3, $4
     on conflict (report_id, user_id, institution) do update set last_shown_at = now()`,
    [ids, caller.id, caller.institution, caller.profile ?? null],
  );
}
