import type { Queryable } from '../../packages/kernel/src/db/types.ts';

/** Pairwise linkage quality against ground truth (a pair = two source records of one person). */
export interface Accuracy {
  records: number;
  persons: number;
  goldens: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
  /** Open review items, and how many of them are in truth the same person. */
  reviewOpen: number;
  reviewTrue: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * Scores the index's grouping (records sharing a golden record) against the truth (records of one person):
 * correct pairs are those in the same cell of both groupings. Records are found by their record number (`mrn`).
 */
export async function measureAccuracy(db: Queryable, personOfMrn: Map<string, number>): Promise<Accuracy> {
  const { rows } = await db.query<{ value: string; record_id: string; golden_id: string }>(
    `select i.value, r.record_id, r.golden_id from mpi_identifier i join mpi_record r on r.record_id = i.record_id
      where i.system like 'https://medunion.org/fhir/sid/mrn/%' and r.status = 'active'`,
  );
  const byPerson = new Map<number, number>();
  const byGolden = new Map<string, number>();
  const byCell = new Map<string, number>();
  const personOfRecord = new Map<string, number>();
  for (const r of rows) {
    const person = personOfMrn.get(r.value);
    if (person === undefined) continue;
    personOfRecord.set(r.record_id, person);
    byPerson.set(person, (byPerson.get(person) ?? 0) + 1);
    byGolden.set(r.golden_id, (byGolden.get(r.golden_id) ?? 0) + 1);
    byCell.set(`${person}|${r.golden_id}`, (byCell.get(`${person}|${r.golden_id}`) ?? 0) + 1);
  }
  const sum = (m: Map<unknown, number>) => [...m.values()].reduce((s, n) => s + pairs(n), 0);
  const truePairs = sum(byPerson);
  const predictedPairs = sum(byGolden);
  const correctPairs = sum(byCell);
  const precision = predictedPairs ? correctPairs / predictedPairs : 1;
  const recall = truePairs ? correctPairs / truePairs : 1;
  const review = await db.query<{ record_id: string; candidate_id: string }>(`select record_id, candidate_id from mpi_match where status = 'open'`);
  return {
    records: personOfRecord.size,
    persons: byPerson.size,
    goldens: byGolden.size,
    truePairs,
    predictedPairs,
    correctPairs,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    reviewOpen: review.rows.length,
    reviewTrue: review.rows.filter((r) => personOfRecord.get(r.record_id) !== undefined && personOfRecord.get(r.record_id) === personOfRecord.get(r.candidate_id)).length,
  };
}
