import { badRequest, conflict, notFound, type ModuleContext } from '@medunion/kernel';
import { inIndexTransaction, type IndexTransaction } from './golden/index-transaction.ts';
import { loadGolden, type GoldenRow } from './index-store/goldens.ts';
import { listLinkEvents } from './index-store/link-events.ts';
import { loadRecord, recordsOfGolden } from './index-store/records.ts';
import type { LinkResult } from './contracts/links.ts';

export type { LinkResult } from './contracts/links.ts';

async function activeGolden(t: IndexTransaction, goldenId: string, field: string): Promise<GoldenRow> {
  const golden = await loadGolden(t.tx, goldenId);
  if (!golden) throw notFound(`Golden record ${goldenId.slice(0, 80)} not found (${field})`);
  if (golden.status !== 'active') throw conflict(`Golden record ${goldenId} is retired${golden.replacedBy ? ` (replaced by ${golden.replacedBy})` : ''}`);
  return golden;
}

async function run(ctx: ModuleContext, actor: string, fn: (t: IndexTransaction) => Promise<void>): Promise<LinkResult> {
  let operationId = '';
  const { goldens } = await inIndexTransaction(ctx, actor, async (t) => {
    operationId = t.operationId;
    await fn(t);
  });
  return { operationId, goldens };
}

/** Merges golden record `source` into `target`: every source record moves, `source` is retired `replaced-by` target. */
export function mergeGoldens(ctx: ModuleContext, source: string, target: string, actor: string, reason: string): Promise<LinkResult> {
  return run(ctx, actor, async (t) => {
    if (source === target) throw badRequest('source and target are the same golden record', 'target');
    await activeGolden(t, source, 'source');
    await activeGolden(t, target, 'target');
    for (const record of await recordsOfGolden(t.tx, source)) await t.moveRecord(record.recordId, source, target, 'merge', reason);
  });
}

/**
 * Undoes a merge: the golden record it retired comes back, and the records the merge moved return to it —
 * those still in the merge's target (a record moved elsewhere since then stays where a later decision put it).
 */
export function unmerge(ctx: ModuleContext, mergeOperationId: string, actor: string, reason: string): Promise<LinkResult> {
  return run(ctx, actor, async (t) => {
    const moves = (await listLinkEvents(t.tx, { operationId: mergeOperationId })).filter((e) => e.action === 'merge');
    if (moves.length === 0) throw notFound(`No merge with operation id ${mergeOperationId.slice(0, 80)}`);
    const source = moves[0].fromGolden!;
    const target = moves[0].toGolden!;
    let restored = 0;
    for (const move of moves) {
      const record = await loadRecord(t.tx, move.recordId!);
      if (record?.status !== 'active' || record.goldenId !== target) continue;
      if (restored === 0) await t.restore(source, `unmerge of ${mergeOperationId}`);
      await t.moveRecord(record.recordId, target, source, 'unmerge', reason);
      restored++;
    }
    if (restored === 0) throw conflict(`Nothing left to undo: the records of merge ${mergeOperationId} are no longer in golden record ${target}`);
  });
}

/** Splits one source record off into a new golden record (a wrong link). */
export function unlinkRecord(ctx: ModuleContext, recordId: string, actor: string, reason: string): Promise<LinkResult> {
  return run(ctx, actor, async (t) => {
    const record = await loadRecord(t.tx, recordId);
    if (record?.status !== 'active') throw notFound(`Patient/${recordId.slice(0, 80)} is not an indexed source record`);
    if ((await recordsOfGolden(t.tx, record.goldenId)).length < 2) throw conflict(`Patient/${recordId} is already the only source of golden record ${record.goldenId}`);
    await t.moveRecord(recordId, record.goldenId, await t.newGolden(), 'unlink', reason);
  });
}

/** Moves one source record into an existing golden record (a missed link). */
export function linkRecord(ctx: ModuleContext, recordId: string, goldenId: string, actor: string, reason: string): Promise<LinkResult> {
  return run(ctx, actor, async (t) => {
    const record = await loadRecord(t.tx, recordId);
    if (record?.status !== 'active') throw notFound(`Patient/${recordId.slice(0, 80)} is not an indexed source record`);
    await activeGolden(t, goldenId, 'golden');
    if (record.goldenId === goldenId) throw conflict(`Patient/${recordId} already belongs to golden record ${goldenId}`);
    await t.moveRecord(recordId, record.goldenId, goldenId, 'link', reason);
  });
}
