import type { Queryable } from '@medunion/kernel';
import type { Instrument, UnmatchedReason } from '../../contracts/instruments.ts';
import type { IncomingResult } from '../../ports.ts';
import { ChannelMap, convertValue, numericValue } from '../model/convert.ts';
import { holdResults, type HeldGraphs, type HeldResult } from '../store/unmatched-queue.ts';
import type { ReceivedGraph, ReceivedResult, ReceivedSample, IngestOutcome } from './received.ts';
import type { InstrumentServices } from './services.ts';

export interface IngestDeps {
  db: Queryable;
  services: InstrumentServices;
  instrument: Instrument;
  /** Ledger entry the results came in (kept with held results). */
  messageId?: string;
}

/** Where a result or graph is going: to the results area (with its test) or to the unmatched queue. */
type Destination = { kind: 'record'; result: IncomingResult; channel: string } | { kind: 'hold'; held: HeldResult };

/**
 * Matches one sample's results to a specimen (barcode, then sample number) or a QC material, maps channels to
 * tests, converts values, and records them through the results (or QC) area. Whatever cannot be recorded — an
 * unknown specimen, an unmapped channel, a refusal by the results area — is held in the unmatched queue with the
 * reason: results are never dropped.
 */
export async function ingestSample(deps: IngestDeps, sample: ReceivedSample): Promise<IngestOutcome> {
  const { services, instrument } = deps;
  const ids = [...new Set(sample.sampleIds.map((s) => s.trim()).filter(Boolean))];
  const outcome: IngestOutcome = { sampleId: ids[0] ?? '', recorded: 0, qc: 0, held: 0, observations: [], problems: [] };
  const channels = new ChannelMap(instrument.channels);
  const hold = (r: ReceivedResult, reason: UnmatchedReason, detail: string, testCode?: string): Destination => ({
    kind: 'hold',
    held: {
      institution: instrument.institution,
      instrumentId: instrument.id,
      instrumentCode: instrument.code,
      messageId: deps.messageId,
      sampleId: ids[0] ?? '',
      alternateSampleId: ids[1],
      channel: r.channel,
      channelName: r.channelName,
      testCode,
      value: r.value,
      unit: r.unit,
      flags: r.flags,
      completedAt: r.completedAt,
      qc: false,
      reason,
      detail,
    },
  });

  for (const id of ids) {
    if (await services.isQcSample(instrument.institution, instrument.id, id)) return ingestQc(deps, sample, id, outcome, channels, hold);
  }
  const orphan = (g: ReceivedGraph, reason: UnmatchedReason, detail: string) => hold({ channel: g.channel, channelName: g.channelName, value: '', flags: [] }, reason, detail);
  if (sample.qcHint) {
    const text = `质控样本 ${ids[0] ?? ''} 未登记 / QC sample ${ids[0] ?? ''} is not a known QC material`;
    const destinations = sample.results.map((r) => hold(r, 'unknown-qc-sample', text));
    attachGraphs(sample.graphs, destinations, channels, (g) => orphan(g, 'unknown-qc-sample', text));
    return finish(deps, outcome, destinations);
  }
  let work;
  for (const id of ids) {
    work = await services.findSpecimen(instrument.institution, id);
    if (work) break;
  }
  if (!work) {
    const text = ids.length ? `标本 ${ids.join(' / ')} 不存在 / no specimen ${ids.join(' / ')}` : '结果未带标本号 / the result names no specimen';
    const destinations = sample.results.map((r) => hold(r, 'unknown-specimen', text, channels.lookup(r.channel, r.channelName)?.test));
    attachGraphs(sample.graphs, destinations, channels, (g) => orphan(g, 'unknown-specimen', text));
    return finish(deps, outcome, destinations);
  }
  outcome.sampleId = work.barcode;
  const ordered = new Set(work.tests);
  const destinations = sample.results.map((r): Destination => {
    const channel = channels.lookup(r.channel, r.channelName);
    if (!channel) return hold(r, 'unknown-channel', `通道 ${r.channel} 未对照检验项目 / channel ${r.channel} is not mapped to a test`);
    // The results area records only ordered tests: one the analyzer ran unasked waits for a person (add the order, or dismiss).
    if (!ordered.has(channel.test)) return hold(r, 'not-ordered', `标本 ${work.barcode} 未申请 ${channel.test} / ${channel.test} is not ordered on ${work.barcode}`, channel.test);
    const result: IncomingResult = { testCode: channel.test, value: convertValue(r.value, channel) };
    // A converted value is no longer in the analyzer's unit: the test's own unit (catalogue) applies then.
    if (r.unit && channel.factor === undefined) result.unit = r.unit;
    if (r.flags.length) result.instrumentFlags = r.flags;
    if (r.completedAt) result.completedAt = r.completedAt;
    return { kind: 'record', result, channel: channel.channel };
  });
  attachGraphs(sample.graphs, destinations, channels, (g) => orphan(g, 'unknown-channel', `图形 ${g.channel} 无可归属的结果 / graph ${g.channel} has no result to go with`));
  // Held results of a known specimen name it by its barcode, whichever identifier the analyzer used.
  for (const d of destinations) if (d.kind === 'hold') Object.assign(d.held, { sampleId: work.barcode, alternateSampleId: ids.find((i) => i !== work.barcode) });
  const toRecord = destinations.flatMap((d) => (d.kind === 'record' ? [d.result] : []));
  if (toRecord.length) {
    try {
      const { observations } = await services.recordResults({ institution: instrument.institution, specimenId: work.specimen.id, instrumentId: instrument.id, results: toRecord });
      outcome.recorded = toRecord.length;
      outcome.observations = observations;
    } catch (error) {
      // Refused (a reviewed specimen is locked, a value the results area rejects): keep them for a person to decide.
      const text = `结果未能保存：${(error as Error).message} / results not recorded: ${(error as Error).message}`;
      for (const [i, d] of destinations.entries()) {
        if (d.kind !== 'record') continue;
        const raw = sample.results[i];
        destinations[i] = hold(raw ?? { channel: d.channel, value: d.result.value, flags: [] }, 'record-failed', text, d.result.testCode);
        const held = destinations[i] as Extract<Destination, { kind: 'hold' }>;
        Object.assign(held.held, { sampleId: work.barcode, alternateSampleId: ids.find((i) => i !== work.barcode), graphs: graphsOf(d.result) });
      }
    }
  }
  return finish(deps, outcome, destinations);
}

async function ingestQc(
  deps: IngestDeps,
  sample: ReceivedSample,
  qcSampleId: string,
  outcome: IngestOutcome,
  channels: ChannelMap,
  hold: (r: ReceivedResult, reason: UnmatchedReason, detail: string, testCode?: string) => Destination,
): Promise<IngestOutcome> {
  const { instrument, services } = deps;
  outcome.sampleId = qcSampleId;
  const destinations: Destination[] = [];
  for (const r of sample.results) {
    const channel = channels.lookup(r.channel, r.channelName);
    const value = channel ? numericValue(convertValue(r.value, channel)) : undefined;
    let destination: Destination | undefined;
    if (!channel) destination = hold(r, 'unknown-channel', `质控通道 ${r.channel} 未对照检验项目 / QC channel ${r.channel} is not mapped to a test`);
    else if (value === undefined) destination = hold(r, 'record-failed', `质控结果不是数值：${r.value} / QC value is not a number: ${r.value}`, channel.test);
    else {
      try {
        await services.recordQcResult({ institution: instrument.institution, instrumentId: instrument.id, qcSampleId, testCode: channel.test, value, at: r.completedAt ?? new Date().toISOString() });
        outcome.qc++;
      } catch (error) {
        destination = hold(r, 'record-failed', `质控结果未能保存：${(error as Error).message} / QC result not recorded: ${(error as Error).message}`, channel.test);
      }
    }
    if (destination?.kind === 'hold') destination.held.qc = true;
    if (destination) destinations.push(destination);
  }
  // QC graphs (rare) are not kept beyond the raw ledger: QC points are numbers.
  return finish(deps, outcome, destinations);
}

/** Holds what has to be held and totals the outcome. */
async function finish(deps: IngestDeps, outcome: IngestOutcome, destinations: Destination[]): Promise<IngestOutcome> {
  const held = destinations.flatMap((d) => (d.kind === 'hold' ? [d.held] : []));
  if (held.length) await holdResults(deps.db, held);
  outcome.held = held.length;
  const reasons = new Map<string, string>();
  for (const h of held) if (!reasons.has(h.reason)) reasons.set(h.reason, h.detail ?? h.reason);
  outcome.problems = [...reasons].map(([reason, text]) => ({ reason, text }));
  return outcome;
}

function graphsOf(result: IncomingResult): HeldGraphs | undefined {
  if (!result.images?.length && !result.histograms?.length) return undefined;
  return {
    images: (result.images ?? []).map((i) => ({ name: i.name, mime: i.mime, base64: Buffer.from(i.bytes).toString('base64') })),
    histograms: result.histograms ?? [],
  };
}

/**
 * Puts each histogram/scattergram with the result it illustrates: the test its channel is mapped to, else the
 * result whose channel or test its name starts with (Mindray: `WBC Histogram. BMP` → WBC), else the first result.
 * A graph with no result at all becomes a held entry of its own (`orphan`).
 */
function attachGraphs(graphs: ReceivedGraph[], destinations: Destination[], channels: ChannelMap, orphan: (g: ReceivedGraph) => Destination): void {
  const keyOf = (d: Destination): string[] => (d.kind === 'record' ? [d.channel, d.result.testCode] : [d.held.channel, d.held.testCode ?? '']).filter(Boolean).map((k) => k.toUpperCase());
  for (const graph of graphs) {
    const mapped = channels.lookup(graph.channel, graph.channelName)?.test?.toUpperCase();
    const names = [graph.channel, graph.channelName ?? ''].map((n) => n.toUpperCase());
    const target =
      (mapped && destinations.find((d) => keyOf(d).includes(mapped))) ||
      destinations
        .map((d) => ({ d, len: Math.max(0, ...keyOf(d).filter((k) => names.some((n) => n.startsWith(k))).map((k) => k.length)) }))
        .filter((x) => x.len > 0)
        .sort((a, b) => b.len - a.len)[0]?.d ||
      destinations.find((d) => d.kind === 'record') ||
      destinations[0];
    const destination = target ?? orphan(graph);
    addGraph(destination, graph);
    if (!target) destinations.push(destination);
  }
}

function addGraph(d: Destination, graph: ReceivedGraph): void {
  if (d.kind === 'record') {
    if (graph.image) (d.result.images ??= []).push(graph.image);
    if (graph.histogram) (d.result.histograms ??= []).push(graph.histogram);
    return;
  }
  const graphs = (d.held.graphs ??= { images: [], histograms: [] });
  if (graph.image) graphs.images.push({ name: graph.image.name, mime: graph.image.mime, base64: Buffer.from(graph.image.bytes).toString('base64') });
  if (graph.histogram) graphs.histograms.push(graph.histogram);
}
