import type { Queryable } from '@medunion/kernel';
import type { BilingualText, QcResultEntry, QcVerdict, QcViolation } from '../contracts/qc.ts';
import { iso, numOrNull, num } from './db.ts';

interface ResultRow {
  id: string;
  run_id: string;
  test_code: string;
  instrument_id: string;
  level_id: string;
  level: string;
  material_id: string;
  lot_no: string;
  material_name: string;
  measured_at: Date | string;
  value: number;
  target_mean: number | null;
  target_sd: number | null;
  z: number | null;
  status: QcVerdict | null;
  run_status: QcVerdict | null;
  violations: QcViolation[];
  reason: BilingualText | null;
  excluded: boolean;
  source: 'instrument' | 'manual';
  entered_by: string;
  entered_by_name: string | null;
}

const SELECT = `select r.id, r.run_id, r.test_code, r.instrument_id, r.level_id, l.level, m.id as material_id, lot.lot_no, m.name as material_name,
  r.measured_at, r.value, r.target_mean, r.target_sd, r.z, r.status, run.status as run_status, r.violations, r.reason, r.excluded, r.source,
  r.entered_by, r.entered_by_name
  from lis_qc_result r
  join lis_qc_run run on run.id = r.run_id
  join lis_qc_level l on l.id = r.level_id
  join lis_qc_lot lot on lot.id = l.lot_id
  join lis_qc_material m on m.id = lot.material_id`;

/** One control level across its lots: material + level number (a new lot is a new target segment of the same line). */
export const levelKey = (materialId: string, level: string): string => `${materialId}:${level}`;

export interface LedgerEntry extends QcResultEntry {
  key: string;
}

function toEntry(r: ResultRow): LedgerEntry {
  return {
    id: r.id,
    runId: r.run_id,
    testCode: r.test_code,
    instrumentId: r.instrument_id,
    levelId: r.level_id,
    level: r.level,
    lotNo: r.lot_no,
    materialName: r.material_name,
    key: levelKey(r.material_id, r.level),
    measuredAt: iso(r.measured_at),
    value: num(r.value),
    targetMean: numOrNull(r.target_mean),
    targetSd: numOrNull(r.target_sd),
    z: numOrNull(r.z),
    status: r.status,
    runStatus: r.run_status,
    violations: r.violations ?? [],
    reason: r.reason,
    excluded: r.excluded,
    source: r.source,
    enteredBy: r.entered_by,
    ...(r.entered_by_name ? { enteredByName: r.entered_by_name } : {}),
  };
}

export interface ResultFilter {
  testCode?: string;
  instrumentId?: string;
  levelId?: string;
  runId?: string;
  /** Inclusive / exclusive instants. */
  start?: string;
  end?: string;
  status?: QcVerdict;
  limit?: number;
}

/** QC results of the laboratory in time order (oldest first), with their level, lot and material. */
export async function listResults(q: Queryable, institution: string, filter: ResultFilter = {}): Promise<LedgerEntry[]> {
  const where = ['r.institution = $1'];
  const params: unknown[] = [institution];
  const add = (sql: string, value: unknown) => where.push(sql.replace('?', `$${params.push(value)}`));
  if (filter.testCode) add('r.test_code = ?', filter.testCode);
  if (filter.instrumentId) add('r.instrument_id = ?', filter.instrumentId);
  if (filter.levelId) add('r.level_id = ?', filter.levelId);
  if (filter.runId) add('r.run_id = ?', filter.runId);
  if (filter.start) add('r.measured_at >= ?', filter.start);
  if (filter.end) add('r.measured_at < ?', filter.end);
  if (filter.status) add('run.status = ?', filter.status);
  const limit = filter.limit ? ` limit $${params.push(filter.limit)}` : '';
  // The newest `limit` results, returned oldest first.
  const { rows } = await q.query<ResultRow>(`select * from (${SELECT} where ${where.join(' and ')} order by r.measured_at desc, r.id desc${limit}) x order by measured_at, id`, params);
  return rows.map(toEntry);
}
