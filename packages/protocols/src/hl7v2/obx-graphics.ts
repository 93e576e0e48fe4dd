import type { Hl7ObservationInput } from './observation.ts';
import { readObxValues } from './obx-values.ts';
import type { Hl7Segment } from './segment.ts';

/**
 * Histograms and scattergrams as hematology analyzers (Mindray BC series and others) send them:
 * an image in an ED value (`^Image^BMP^Base64^Qk0…`), or the channel counts as numbers — an NA
 * value (`12^40^…`), repeated NM values, a delimited ST/TX list, or an ED octet stream (one byte
 * per channel).
 */
export interface ObxImage {
  /** OBX-3 text, or its code when there is no text (e.g. `WBC Histogram. BMP`). */
  name: string;
  mime: string;
  bytes: Buffer;
}

const MIME_BY_SUBTYPE: Record<string, string> = {
  BMP: 'image/bmp', PNG: 'image/png', JPEG: 'image/jpeg', JPG: 'image/jpeg', GIF: 'image/gif', TIFF: 'image/tiff',
};

function observationName(obx: Hl7Segment): string {
  return obx.get(3, 1, 2) || obx.get(3, 1, 1);
}

function decodeData(encoding: string, data: string): Buffer {
  const e = encoding.toUpperCase();
  if (e === 'BASE64') return Buffer.from(data, 'base64');
  if (e === 'HEX') return Buffer.from(data, 'hex');
  return Buffer.from(data, 'latin1');
}

/** The bytes' own signature wins over a mislabelled subtype. */
function sniffMime(bytes: Buffer, subtype: string): string {
  if (bytes.subarray(0, 2).toString('latin1') === 'BM') return 'image/bmp';
  if (bytes.subarray(0, 4).toString('hex') === '89504e47') return 'image/png';
  if (bytes.subarray(0, 2).toString('hex') === 'ffd8') return 'image/jpeg';
  return MIME_BY_SUBTYPE[subtype.toUpperCase()] ?? 'application/octet-stream';
}

/** The image an ED OBX carries, or undefined when it carries none. */
export function readObxImage(obx: Hl7Segment): ObxImage | undefined {
  const value = readObxValues(obx)[0];
  if (value?.kind !== 'encapsulated') return undefined;
  const { dataType, dataSubtype, encoding, data } = value.ed;
  const isImage = /^(image|im)$/i.test(dataType) || dataSubtype.toUpperCase() in MIME_BY_SUBTYPE;
  if (!isImage || data === '') return undefined;
  const bytes = decodeData(encoding, data);
  return { name: observationName(obx), mime: sniffMime(bytes, dataSubtype), bytes };
}

/** Channel counts of a numeric histogram OBX, or undefined when the OBX holds no numbers. */
export function readObxHistogram(obx: Hl7Segment): number[] | undefined {
  const values = readObxValues(obx);
  if (values.length === 0) return undefined;
  const first = values[0];
  if (first.kind === 'numeric-array') return first.values.every(Number.isFinite) ? first.values : undefined;
  if (first.kind === 'number') {
    const numbers = values.map((v) => (v.kind === 'number' ? v.value : undefined));
    return numbers.every((n) => n !== undefined) ? (numbers as number[]) : undefined;
  }
  if (first.kind === 'text' || first.kind === 'other') {
    const parts = first.text.split(/[\s,;^]+/).filter((p) => p !== '');
    const numbers = parts.map(Number);
    return parts.length > 0 && numbers.every(Number.isFinite) ? numbers : undefined;
  }
  if (first.kind === 'encapsulated' && !readObxImage(obx)) {
    return [...decodeData(first.ed.encoding, first.ed.data)];
  }
  return undefined;
}

/** An OBX input carrying an image (base64 in an ED value). */
export function imageObservation(input: { code: string; name: string; mime: 'image/bmp' | 'image/png' | 'image/jpeg'; bytes: Uint8Array }): Hl7ObservationInput {
  const subtype = { 'image/bmp': 'BMP', 'image/png': 'PNG', 'image/jpeg': 'JPEG' }[input.mime];
  return {
    code: input.code,
    text: input.name,
    valueType: 'ED',
    value: { ed: { dataType: 'Image', dataSubtype: subtype, encoding: 'Base64', data: Buffer.from(input.bytes).toString('base64') } },
  };
}

/** An OBX input carrying histogram channel counts as an NA value. */
export function histogramObservation(input: { code: string; name: string; counts: number[] }): Hl7ObservationInput {
  return { code: input.code, text: input.name, valueType: 'NA', value: input.counts };
}
