import { FhirError, type ModuleContext, type RequestContext } from '@medunion/kernel';
import type { AssignUnmatchedInput, AssignUnmatchedOutcome, Instrument, InstrumentChannel } from '../../contracts/instruments.ts';
import { loadCatalogue } from '../../catalogue/lookup.ts';
import type { IncomingResult } from '../../ports.ts';
import { recordResults } from '../../results/record.ts';
import { findSpecimen } from '../../specimens/find.ts';
import { ChannelMap, convertValue } from '../model/convert.ts';
import { readInstrument, updateInstrument } from '../store/instruments.ts';
import { bumpGeneration } from '../store/leases.ts';
import { claimUnmatched, incomingFrom, markAssigned, readUnmatched, releaseClaims, sameSample, toUnmatched, type StoredUnmatched } from '../store/unmatched-queue.ts';

const fieldError = (status: number, field: string, zh: string, en: string, code: 'invalid' | 'required' | 'not-found' | 'conflict' | 'code-invalid' = 'invalid') =>
  new FhirError(status, [{ severity: 'error', code, details: { text: `${zh} / ${en}` }, expression: [field] }]);

const notOrdered = (barcode: string, test: string) =>
  fieldError(409, 'testCode', `标本 ${barcode} 未申请 ${test}，请先补录医嘱`, `${test} is not ordered on ${barcode}: add the order first`, 'conflict');

/**
 * 手工归属: gives a held result (and, if asked, the other held results of the same sample and message) to a
 * specimen, with the test its channel maps to or the one the person names; records them through the results area
 * as instrument results on behalf of the person; and, with `saveMapping`, adds the channel to the instrument's map
 * so the next results map by themselves. Claimed first, so two people cannot record the same result twice.
 */
export async function assignUnmatched(
  ctx: ModuleContext,
  request: RequestContext,
  institution: string,
  id: string,
  input: AssignUnmatchedInput,
  by: string,
): Promise<AssignUnmatchedOutcome> {
  const row = await readUnmatched(ctx.db, institution, id);
  if (!row) throw fieldError(404, 'id', `未匹配结果 ${id} 不存在`, `held result ${id} not found`, 'not-found');
  if (row.status === 'assigned' || row.status === 'dismissed') throw fieldError(409, 'id', `该结果已处理（${row.status}）`, `the result was already ${row.status}`, 'conflict');
  const key = (input.specimen ?? row.sample_id).trim();
  if (!key) throw fieldError(400, 'specimen', '缺少标本条码号或样本号', 'specimen (barcode or sample number) is required', 'required');
  const work = await findSpecimen(ctx, institution, key);
  if (!work) throw fieldError(404, 'specimen', `标本 ${key} 不存在`, `no specimen ${key}`, 'not-found');

  let instrument = await readInstrument(ctx, institution, row.instrument_id);
  const tests = await loadCatalogue(ctx, institution).then(
    (c) => (c.tests.size ? new Set(c.tests.keys()) : undefined),
    () => undefined,
  );
  if (input.testCode && tests && !tests.has(input.testCode)) throw fieldError(400, 'testCode', `检验项目 ${input.testCode} 不在项目目录中`, `test ${input.testCode} is not in the catalogue`, 'code-invalid');
  if (input.saveMapping) {
    if (!input.testCode) throw fieldError(400, 'testCode', '保存通道对照需要 testCode', 'saveMapping needs testCode', 'required');
    instrument = await saveMapping(ctx, institution, instrument, row.channel, input.testCode);
  }

  const channels = new ChannelMap(instrument.channels);
  const rows = [row, ...(input.includeSameSample ? await sameSample(ctx.db, row) : [])];
  const plan = rows.flatMap((r) => {
    const mapped = channels.lookup(r.channel, r.channel_name ?? undefined);
    const explicit = r === row ? input.testCode : undefined;
    const test = explicit ?? mapped?.test ?? r.test_code ?? undefined;
    if (!test) return [];
    // The analyzer's value is kept raw; the channel's conversion applies when it is recorded under that channel's test.
    const conversion: InstrumentChannel | undefined = mapped && mapped.test === test ? mapped : undefined;
    return [{ row: r, test, result: incomingFrom(r, test, convertValue(r.value, conversion)) }];
  });
  const primary = plan.find((p) => p.row === row);
  if (!primary) throw fieldError(400, 'testCode', `通道 ${row.channel} 未对照，请指定检验项目`, `channel ${row.channel} is not mapped: name the test`, 'required');
  const ordered = new Set(work.tests);
  if (!ordered.has(primary.test)) throw notOrdered(work.barcode, primary.test);
  // Other results of the sample whose test is not ordered stay in the queue.
  plan.splice(0, plan.length, ...plan.filter((p) => ordered.has(p.test)));

  const claimed = new Set(await claimUnmatched(ctx.db, plan.map((p) => String(p.row.id)), by));
  if (!claimed.has(String(row.id))) throw fieldError(409, 'id', '该结果正在被他人处理', 'someone else is assigning this result', 'conflict');
  const toRecord = plan.filter((p) => claimed.has(String(p.row.id)));
  let observations: { id: string; code?: { coding?: { code?: string }[] } }[];
  try {
    const results: IncomingResult[] = toRecord.map((p) => p.result);
    ({ observations } = await recordResults(ctx, request, { institution, specimenId: work.specimen.id, instrumentId: instrument.id, source: 'instrument', results }));
  } catch (error) {
    await releaseClaims(ctx.db, [...claimed]);
    throw error;
  }
  const assigned: StoredUnmatched[] = [];
  const unrecorded: string[] = [];
  for (const p of toRecord) {
    const mine = observations.filter((o) => o.code?.coding?.some((c) => c.code === p.test)).map((o) => o.id);
    // The results area records ordered tests only: a result it passed over stays in the queue.
    if (!mine.length) unrecorded.push(String(p.row.id));
    else assigned.push(await markAssigned(ctx.db, String(p.row.id), { specimenId: work.specimen.id, barcode: work.barcode, testCode: p.test, observations: mine, by, note: input.note }));
  }
  await releaseClaims(ctx.db, unrecorded);
  if (unrecorded.includes(String(row.id))) throw notOrdered(work.barcode, primary.test);
  return {
    assigned: assigned.map(toUnmatched),
    observations: observations.map((o) => o.id),
    ...(input.saveMapping ? { instrument } : {}),
  };
}

/** Adds (or re-points) `channel → test` in the instrument's channel map. */
async function saveMapping(ctx: ModuleContext, institution: string, instrument: Instrument, channel: string, test: string): Promise<Instrument> {
  const others = instrument.channels.filter((c) => c.channel !== channel);
  const existing = instrument.channels.find((c) => c.channel === channel);
  const channels = [...others, { ...(existing?.test === test ? existing : {}), channel, test }];
  const updated = await updateInstrument(ctx, institution, instrument.id, { ...instrument, channels }, instrument.version);
  await bumpGeneration(ctx.db);
  return updated;
}
