import { randomUUID } from 'node:crypto';
import type { ModuleContext, Principal, Queryable } from '@medunion/kernel';
import type { QcLot, QcLotChanges, QcLotInput, QcSampleId, QcSampleMove } from '../../contracts/qc.ts';
import { auditInTx } from '../audit.ts';
import { requireInstrument } from '../instruments.ts';
import { listMaterials } from './materials.ts';
import { actorOf } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';

/** Every analyzer a list of sample ids names must be one of the laboratory's (checked before any transaction). */
async function checkSampleInstruments(ctx: ModuleContext, institution: string, samples: { entry: QcSampleId; field: string }[]): Promise<void> {
  for (const { entry, field } of samples) if (entry.instrumentId) await requireInstrument(ctx, institution, entry.instrumentId, `${field}.instrumentId`);
}

/**
 * Gives `levelId` these sample ids. A sample id another level held (the previous lot's QC1) moves to this one — the
 * analyzer keeps reporting QC1 and its results now belong to the new lot — and the move is returned and audited.
 */
async function assignSamples(tx: Queryable, institution: string, levelId: string, samples: QcSampleId[]): Promise<QcSampleMove[]> {
  const moves: QcSampleMove[] = [];
  for (const entry of samples) {
    const s = { ...entry, sampleId: entry.sampleId.trim() };
    const instrument = s.instrumentId ?? '';
    const { rows } = await tx.query<{ level_id: string }>('select level_id from lis_qc_sample where institution = $1 and instrument_id = $2 and sample_id = $3 for update', [institution, instrument, s.sampleId]);
    if (rows[0]?.level_id === levelId) continue;
    if (rows[0]) moves.push({ sampleId: s.sampleId, ...(s.instrumentId ? { instrumentId: s.instrumentId } : {}), fromLevelId: rows[0].level_id, toLevelId: levelId });
    await tx.query(
      `insert into lis_qc_sample (institution, instrument_id, sample_id, level_id) values ($1, $2, $3, $4)
       on conflict (institution, instrument_id, sample_id) do update set level_id = excluded.level_id`,
      [institution, instrument, s.sampleId, levelId],
    );
  }
  return moves;
}

function duplicateSamples(entries: { entry: QcSampleId; field: string }[]): void {
  const seen = new Set<string>();
  for (const { entry, field } of entries) {
    const key = `${entry.instrumentId ?? ''}|${entry.sampleId.trim()}`;
    if (seen.has(key)) throw fieldError(400, `${field}.sampleId`, `样本号 ${entry.sampleId} 重复`, `Sample id ${entry.sampleId} is listed twice`);
    seen.add(key);
  }
}

export async function createLot(ctx: ModuleContext, p: Principal, institution: string, input: QcLotInput, ip?: string): Promise<{ lot: QcLot; moved: QcSampleMove[] }> {
  const levelNames = new Set<string>();
  input.levels.forEach((l, i) => {
    if (levelNames.has(l.level)) throw fieldError(400, `levels[${i}].level`, `水平 ${l.level} 重复`, `Level ${l.level} is listed twice`);
    levelNames.add(l.level);
  });
  const samples = input.levels.flatMap((l, i) => (l.samples ?? []).map((entry, j) => ({ entry, field: `levels[${i}].samples[${j}]` })));
  duplicateSamples(samples);
  await checkSampleInstruments(ctx, institution, samples);
  const lotId = randomUUID();
  const moved: QcSampleMove[] = [];
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query('select 1 from lis_qc_material where id = $1 and institution = $2', [input.materialId, institution]);
    if (!rows[0]) throw fieldError(422, 'materialId', `质控品 ${input.materialId} 不存在`, `Control material ${input.materialId} not found`, 'not-found');
    const dup = await tx.query('select 1 from lis_qc_lot where material_id = $1 and lot_no = $2', [input.materialId, input.lotNo.trim()]);
    if (dup.rows[0]) throw fieldError(409, 'lotNo', `批号 ${input.lotNo} 已存在`, `Lot ${input.lotNo} already exists for this material`, 'duplicate');
    await tx.query('insert into lis_qc_lot (id, institution, material_id, lot_no, expires_on, created_by, updated_by) values ($1, $2, $3, $4, $5, $6, $6)', [
      lotId,
      institution,
      input.materialId,
      input.lotNo.trim(),
      input.expiresOn,
      actorOf(p),
    ]);
    for (const level of input.levels) {
      const levelId = randomUUID();
      await tx.query('insert into lis_qc_level (id, institution, lot_id, level, name) values ($1, $2, $3, $4, $5)', [levelId, institution, lotId, level.level.trim(), level.name?.trim() || null]);
      moved.push(...(await assignSamples(tx, institution, levelId, level.samples ?? [])));
    }
    await auditInTx(ctx, tx, p, 'create', lotId, `qc lot ${JSON.stringify(input)}${moved.length ? ` moved samples ${JSON.stringify(moved)}` : ''}`, ip);
  });
  return { lot: (await lotById(ctx.db, institution, lotId))!, moved };
}

export async function updateLot(ctx: ModuleContext, p: Principal, institution: string, id: string, changes: QcLotChanges, ip?: string): Promise<QcLot> {
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ expires_on: string; active: boolean }>('select expires_on::text as expires_on, active from lis_qc_lot where id = $1 and institution = $2 for update', [id, institution]);
    if (!rows[0]) throw fieldError(404, 'id', `批号 ${id} 不存在`, `Lot ${id} not found`, 'not-found');
    const after = { expiresOn: changes.expiresOn ?? rows[0].expires_on, active: changes.active ?? rows[0].active };
    await tx.query('update lis_qc_lot set expires_on = $3, active = $4, updated_by = $5, updated_at = now() where id = $1 and institution = $2', [id, institution, after.expiresOn, after.active, actorOf(p)]);
    await auditInTx(ctx, tx, p, 'update', id, `qc lot ${JSON.stringify({ expiresOn: rows[0].expires_on, active: rows[0].active })} -> ${JSON.stringify(after)}`, ip);
  });
  return (await lotById(ctx.db, institution, id))!;
}

/** Replaces the sample ids of a level (those it held and are not listed are released). */
export async function setLevelSamples(ctx: ModuleContext, p: Principal, institution: string, levelId: string, samples: QcSampleId[], ip?: string): Promise<{ lot: QcLot; moved: QcSampleMove[] }> {
  const entries = samples.map((entry, i) => ({ entry, field: `samples[${i}]` }));
  duplicateSamples(entries);
  await checkSampleInstruments(ctx, institution, entries);
  let lotId = '';
  const moved: QcSampleMove[] = [];
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ lot_id: string }>('select lot_id from lis_qc_level where id = $1 and institution = $2', [levelId, institution]);
    if (!rows[0]) throw fieldError(404, 'id', `质控水平 ${levelId} 不存在`, `Control level ${levelId} not found`, 'not-found');
    lotId = rows[0].lot_id;
    const { rows: before } = await tx.query<{ sample_id: string; instrument_id: string }>('select sample_id, instrument_id from lis_qc_sample where level_id = $1', [levelId]);
    const keep = new Set(samples.map((s) => `${s.instrumentId ?? ''}|${s.sampleId.trim()}`));
    for (const b of before) {
      if (!keep.has(`${b.instrument_id}|${b.sample_id}`)) await tx.query('delete from lis_qc_sample where institution = $1 and instrument_id = $2 and sample_id = $3', [institution, b.instrument_id, b.sample_id]);
    }
    moved.push(...(await assignSamples(tx, institution, levelId, samples)));
    await auditInTx(ctx, tx, p, 'update', levelId, `qc level samples ${JSON.stringify(before)} -> ${JSON.stringify(samples)}`, ip);
  });
  return { lot: (await lotById(ctx.db, institution, lotId))!, moved };
}

async function lotById(db: Queryable, institution: string, lotId: string): Promise<QcLot | undefined> {
  return (await listMaterials(db, institution)).flatMap((m) => m.lots).find((l) => l.id === lotId);
}
