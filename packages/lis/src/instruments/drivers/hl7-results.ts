import { parseHl7Date, readObxHistogram, readObxImage, type Hl7ResultGroup } from '@medunion/protocols';
import type { ReceivedGraph, ReceivedResult, ReceivedSample } from '../ingest/received.ts';

// Instrument settings and remarks (Mindray: Take Mode, Blood Mode, Ref Group… as IS) are not results.
const NOT_RESULTS = new Set(['IS', 'ID']);
const GRAPH_TYPES = new Set(['NA', 'ED']);

/** A DTM read on the analyzer's clock when it carries no zone. */
export function hl7Instant(text: string, utcOffsetMinutes: number): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const zoned = /[+-]\d{4}$/.test(t) ? t : `${t}${utcOffsetMinutes < 0 ? '-' : '+'}${String(Math.trunc(Math.abs(utcOffsetMinutes) / 60)).padStart(2, '0')}${String(Math.abs(utcOffsetMinutes) % 60).padStart(2, '0')}`;
  return parseHl7Date(zoned)?.toISOString();
}

function observationValue(obs: Hl7ResultGroup['observations'][number]): string {
  const type = obs.valueType.toUpperCase();
  if (type === 'SN') return obs.segment.components(5).join('').trim();
  const first = obs.values[0];
  if (!first) return '';
  if (first.kind === 'coded') return first.coded.text || first.coded.code;
  if (first.kind === 'number') return first.text.trim();
  if (first.kind === 'text' || first.kind === 'other') return first.text.trim();
  return '';
}

/**
 * One OBR group of an ORU^R01 as the protocol-neutral sample: OBX values as results; Mindray-style histograms and
 * scattergrams (ED images, NA or repeated NM counts) as graphs; NTE notes and OBX-8 flags as instrument flags.
 */
export function receivedFromOru(group: Hl7ResultGroup, utcOffsetMinutes: number): ReceivedSample {
  const results: ReceivedResult[] = [];
  const graphs: ReceivedGraph[] = [];
  for (const obs of group.observations) {
    const type = obs.valueType.toUpperCase();
    const channel = obs.identifier.code || obs.identifier.text || '';
    const channelName = obs.identifier.text || undefined;
    if (NOT_RESULTS.has(type)) continue;
    const image = readObxImage(obs.segment);
    if (image) {
      graphs.push({ channel, channelName, image: { name: image.name, mime: image.mime, bytes: image.bytes } });
      continue;
    }
    if (GRAPH_TYPES.has(type) || obs.values.length > 1) {
      const values = readObxHistogram(obs.segment);
      if (values) {
        graphs.push({ channel, channelName, histogram: { name: channelName ?? channel, values } });
        continue;
      }
    }
    const value = observationValue(obs);
    if (!value) continue;
    const flags = obs.abnormalFlags.filter((f) => f !== 'N');
    for (const note of obs.notes) if (note.trim()) flags.push(`comment: ${note.trim()}`);
    const result: ReceivedResult = { channel, value, flags };
    if (channelName && channelName !== channel) result.channelName = channelName;
    if (obs.units) result.unit = obs.units;
    const at = hl7Instant(obs.observedAt || group.observedAt, utcOffsetMinutes);
    if (at) result.completedAt = at;
    results.push(result);
  }
  const spm = group.specimenId;
  return { sampleIds: [group.placerOrderNumber, group.fillerOrderNumber, spm], results, graphs };
}
