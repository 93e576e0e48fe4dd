import type { ModuleContext, Queryable } from '@medunion/kernel';
import type { IndexedPerson, PatientIndexServices } from './contracts/services.ts';
import { identifierScope, recordsOfGolden, recordsWithIdentifier, type IndexedRecord } from './index-store/records.ts';

export type { IndexedPerson, IndexedSource, PatientIndexServices } from './contracts/services.ts';

/** A merged-away golden record points at its successor; follow the chain (bounded: a cycle would be a bug). */
async function currentGolden(q: Queryable, goldenId: string): Promise<string | undefined> {
  let id: string | undefined = goldenId;
  for (let hops = 0; id && hops < 20; hops++) {
    const found: { replaced_by: string | null } | undefined = (await q.query<{ replaced_by: string | null }>('select replaced_by from mpi_golden where golden_id = $1', [id])).rows[0];
    if (!found) return hops === 0 ? undefined : id;
    if (!found.replaced_by) return id;
    id = found.replaced_by;
  }
  return id;
}

const nameOf = (r: IndexedRecord): string | undefined => {
  const n = r.demographics.name;
  return n?.text?.trim() || [n?.family, ...(n?.given ?? [])].filter(Boolean).join('') || undefined;
};

async function personOf(q: Queryable, patientId: string): Promise<IndexedPerson | undefined> {
  const { rows } = await q.query<{ golden_id: string }>("select golden_id from mpi_record where record_id = $1 and status = 'active'", [patientId]);
  const goldenId = await currentGolden(q, rows[0]?.golden_id ?? patientId);
  if (!goldenId) return undefined;
  const records = await recordsOfGolden(q, goldenId);
  return { goldenId, sources: records.map((r) => ({ recordId: r.recordId, institution: r.institution, ...(nameOf(r) ? { name: nameOf(r) } : {}) })) };
}

export function patientIndexServices(ctx: ModuleContext): PatientIndexServices {
  return {
    personOf: (patientId) => personOf(ctx.db, patientId),
    recordsWithIdentifier: async (system, value, institution) =>
      (await recordsWithIdentifier(ctx.db, system, identifierScope(system, institution), value)).map((r) => r.recordId),
  };
}
