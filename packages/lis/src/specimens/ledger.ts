import type { Principal, Queryable } from '@medunion/kernel';
import type { SpecimenStatus } from '../urls.ts';

/** Who did it, as the ledger records it. */
export interface Actor {
  actor: string;
  name?: string;
  practitioner?: string;
}

export const actorFrom = (p: Principal): Actor => ({
  actor: `${p.kind}/${p.id}`,
  ...(p.displayName ?? p.username ? { name: p.displayName ?? p.username } : {}),
  ...(p.profile ? { practitioner: p.profile } : {}),
});

/** The fixed facts of a specimen every ledger row repeats (so lists read one index). */
export interface SpecimenFacts {
  institution: string;
  specimenId: string;
  barcode: string;
  patientId?: string;
  department?: string;
}

export interface LedgerRow {
  id: number;
  status: SpecimenStatus;
  previousStatus: SpecimenStatus | null;
  at: string;
  actor: string;
  actorName: string | null;
  practitioner: string | null;
  note: string | null;
}

/** First rows of newly accessioned specimens (status `registered`), in one statement. */
export async function registerInLedger(tx: Queryable, specimens: SpecimenFacts[], by: Actor, at: Date, note?: string): Promise<void> {
  if (!specimens.length) return;
  await tx.query(
    `insert into lis_specimen_event (institution, specimen_id, barcode, patient_id, department, registered_at, status, at, actor, actor_name, practitioner, note)
     select s.institution, s.specimen_id, s.barcode, s.patient_id, s.department, $6::timestamptz, 'registered', $6::timestamptz, $7::text, $8::text, $9::text, $10::text
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as s (institution, specimen_id, barcode, patient_id, department)`,
    [
      specimens.map((s) => s.institution),
      specimens.map((s) => s.specimenId),
      specimens.map((s) => s.barcode),
      specimens.map((s) => s.patientId ?? null),
      specimens.map((s) => s.department ?? null),
      at.toISOString(),
      by.actor,
      by.name ?? null,
      by.practitioner ?? null,
      note ?? null,
    ],
  );
}

/** The current ledger row of a specimen, locked until the transaction ends (concurrent transitions queue). */
export async function lockCurrent(tx: Queryable, specimenId: string): Promise<{ id: number; status: SpecimenStatus } | undefined> {
  const { rows } = await tx.query<{ id: number; status: SpecimenStatus }>('select id, status from lis_specimen_event where specimen_id = $1 and current for update', [specimenId]);
  return rows[0] ? { id: Number(rows[0].id), status: rows[0].status } : undefined;
}

/** Appends a transition after `currentId` (which stops being current), copying the specimen's fixed facts. */
export async function appendTransition(tx: Queryable, currentId: number, status: SpecimenStatus, by: Actor, at: Date, note?: string): Promise<void> {
  await tx.query('update lis_specimen_event set current = false where id = $1', [currentId]);
  await tx.query(
    `insert into lis_specimen_event (institution, specimen_id, barcode, patient_id, department, registered_at, status, previous_status, at, actor, actor_name, practitioner, note)
     select institution, specimen_id, barcode, patient_id, department, registered_at, $2::text, status, $3::timestamptz, $4::text, $5::text, $6::text, $7::text from lis_specimen_event where id = $1`,
    [currentId, status, at.toISOString(), by.actor, by.name ?? null, by.practitioner ?? null, note ?? null],
  );
}

/** Every transition of a specimen, oldest first. */
export async function ledgerOf(db: Queryable, specimenId: string): Promise<LedgerRow[]> {
  const { rows } = await db.query<{ id: number; status: SpecimenStatus; previous_status: SpecimenStatus | null; at: Date | string; actor: string; actor_name: string | null; practitioner: string | null; note: string | null }>(
    'select id, status, previous_status, at, actor, actor_name, practitioner, note from lis_specimen_event where specimen_id = $1 order by id',
    [specimenId],
  );
  return rows.map((r) => ({ id: Number(r.id), status: r.status, previousStatus: r.previous_status, at: new Date(r.at).toISOString(), actor: r.actor, actorName: r.actor_name, practitioner: r.practitioner, note: r.note }));
}
