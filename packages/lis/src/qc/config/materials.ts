import { randomUUID } from 'node:crypto';
import type { ModuleContext, Principal, Queryable } from '@medunion/kernel';
import type { QcLevel, QcLot, QcMaterial, QcMaterialInput } from '../../contracts/qc.ts';
import { auditInTx } from '../audit.ts';
import { iso } from '../db.ts';
import { actorOf } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';
import { chinaDate } from '../../http/period.ts';

interface MaterialRow {
  id: string;
  name: string;
  manufacturer: string | null;
  matrix: string | null;
  active: boolean;
  updated_at: Date | string;
  updated_by: string;
}

interface LotRow {
  id: string;
  material_id: string;
  lot_no: string;
  expires_on: string;
  active: boolean;
}

/** The laboratory's control materials with their lots, levels and analyzer sample ids (质控品 → 批号 → 水平). */
export async function listMaterials(db: Queryable, institution: string, options: { activeOnly?: boolean } = {}): Promise<QcMaterial[]> {
  const active = options.activeOnly ? ' and active' : '';
  const { rows: materials } = await db.query<MaterialRow>(`select id, name, manufacturer, matrix, active, updated_at, updated_by from lis_qc_material where institution = $1${active} order by name`, [institution]);
  const { rows: lots } = await db.query<LotRow>(`select id, material_id, lot_no, expires_on::text as expires_on, active from lis_qc_lot where institution = $1${active} order by expires_on desc, lot_no`, [institution]);
  const levels = await levelsOf(db, institution);
  const today = chinaDate();
  const lotsOf = new Map<string, QcLot[]>();
  for (const l of lots) {
    const list = lotsOf.get(l.material_id) ?? [];
    list.push({ id: l.id, materialId: l.material_id, lotNo: l.lot_no, expiresOn: l.expires_on, expired: l.expires_on < today, active: l.active, levels: levels.get(l.id) ?? [] });
    lotsOf.set(l.material_id, list);
  }
  return materials.map((m) => ({
    id: m.id,
    name: m.name,
    ...(m.manufacturer ? { manufacturer: m.manufacturer } : {}),
    ...(m.matrix ? { matrix: m.matrix } : {}),
    active: m.active,
    lots: lotsOf.get(m.id) ?? [],
    updatedAt: iso(m.updated_at),
    updatedBy: m.updated_by,
  }));
}

/** Levels of every lot of the laboratory, each with the sample ids analyzers report it under. */
async function levelsOf(db: Queryable, institution: string): Promise<Map<string, QcLevel[]>> {
  const { rows } = await db.query<{ id: string; lot_id: string; level: string; name: string | null }>('select id, lot_id, level, name from lis_qc_level where institution = $1 order by level', [institution]);
  const { rows: samples } = await db.query<{ level_id: string; sample_id: string; instrument_id: string }>(
    'select level_id, sample_id, instrument_id from lis_qc_sample where institution = $1 order by sample_id, instrument_id',
    [institution],
  );
  const byLot = new Map<string, QcLevel[]>();
  for (const r of rows) {
    const list = byLot.get(r.lot_id) ?? [];
    list.push({
      id: r.id,
      level: r.level,
      ...(r.name ? { name: r.name } : {}),
      samples: samples.filter((s) => s.level_id === r.id).map((s) => ({ sampleId: s.sample_id, ...(s.instrument_id ? { instrumentId: s.instrument_id } : {}) })),
    });
    byLot.set(r.lot_id, list);
  }
  return byLot;
}

const isUniqueViolation = (err: unknown): boolean => (err as { code?: string }).code === '23505';

export async function createMaterial(ctx: ModuleContext, p: Principal, institution: string, input: QcMaterialInput, ip?: string): Promise<QcMaterial> {
  const id = randomUUID();
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.query(
        'insert into lis_qc_material (id, institution, name, manufacturer, matrix, active, created_by, updated_by) values ($1, $2, $3, $4, $5, $6, $7, $7)',
        [id, institution, input.name.trim(), input.manufacturer?.trim() || null, input.matrix?.trim() || null, input.active ?? true, actorOf(p)],
      );
      await auditInTx(ctx, tx, p, 'create', id, `qc material ${JSON.stringify(input)}`, ip);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError(409, 'name', `质控品 ${input.name} 已存在`, `Control material ${input.name} already exists`, 'duplicate');
    throw err;
  }
  return (await listMaterials(ctx.db, institution)).find((m) => m.id === id)!;
}

export async function updateMaterial(ctx: ModuleContext, p: Principal, institution: string, id: string, input: Partial<QcMaterialInput>, ip?: string): Promise<QcMaterial> {
  try {
    await ctx.db.transaction(async (tx) => {
      const { rows } = await tx.query<MaterialRow>('select id, name, manufacturer, matrix, active, updated_at, updated_by from lis_qc_material where id = $1 and institution = $2 for update', [id, institution]);
      const before = rows[0];
      if (!before) throw fieldError(404, 'id', `质控品 ${id} 不存在`, `Control material ${id} not found`, 'not-found');
      const after = {
        name: input.name?.trim() ?? before.name,
        manufacturer: input.manufacturer === undefined ? before.manufacturer : input.manufacturer.trim() || null,
        matrix: input.matrix === undefined ? before.matrix : input.matrix.trim() || null,
        active: input.active ?? before.active,
      };
      await tx.query('update lis_qc_material set name = $3, manufacturer = $4, matrix = $5, active = $6, updated_by = $7, updated_at = now() where id = $1 and institution = $2', [
        id,
        institution,
        after.name,
        after.manufacturer,
        after.matrix,
        after.active,
        actorOf(p),
      ]);
      const was = { name: before.name, manufacturer: before.manufacturer, matrix: before.matrix, active: before.active };
      await auditInTx(ctx, tx, p, 'update', id, `qc material ${JSON.stringify(was)} -> ${JSON.stringify(after)}`, ip);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError(409, 'name', `质控品 ${input.name} 已存在`, `Control material ${input.name} already exists`, 'duplicate');
    throw err;
  }
  return (await listMaterials(ctx.db, institution)).find((m) => m.id === id)!;
}
