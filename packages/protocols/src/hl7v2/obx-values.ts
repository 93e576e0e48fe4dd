import type { Hl7Segment } from './segment.ts';
import { escapeHl7 } from './escape.ts';

/** A coded value (CE/CWE): identifier^text^coding system. */
export interface Hl7Coded {
  code: string;
  text?: string;
  codingSystem?: string;
}

/** ED (encapsulated data): source application^type of data^data subtype^encoding^data. */
export interface Hl7Encapsulated {
  sourceApplication?: string;
  /** `Image`/`IM`, `Application`/`AP`, `TEXT`, … */ dataType: string;
  /** `BMP`, `PNG`, `JPEG`, `Octet-stream`, … */ dataSubtype: string;
  /** `Base64`, `Hex`, or `A` (plain ASCII). */ encoding: string;
  data: string;
}

/** OBX-5, one entry per repetition, read according to OBX-2. */
export type Hl7ObxValue =
  | { kind: 'number'; valueType: string; value: number | undefined; text: string }
  | { kind: 'text'; valueType: string; text: string }
  | { kind: 'coded'; valueType: string; coded: Hl7Coded }
  | { kind: 'encapsulated'; valueType: string; ed: Hl7Encapsulated }
  | { kind: 'numeric-array'; valueType: string; values: number[] }
  | { kind: 'other'; valueType: string; text: string };

/** What a builder may put in OBX-5; the value type (OBX-2) follows from it unless given. */
export type Hl7ObxValueInput = string | number | number[] | Hl7Coded | { ed: Hl7Encapsulated };

export function readObxValues(obx: Hl7Segment): Hl7ObxValue[] {
  const valueType = obx.get(2).toUpperCase();
  return obx.repetitions(5).map((_, i): Hl7ObxValue => {
    const rep = i + 1;
    switch (valueType) {
      case 'NM':
      case 'SN': {
        const text = obx.get(5, rep);
        const value = text.trim() === '' ? undefined : Number(text);
        return { kind: 'number', valueType, value: Number.isFinite(value) ? value : undefined, text };
      }
      case 'ST':
      case 'TX':
      case 'FT':
        return { kind: 'text', valueType, text: obx.components(5, rep).join(obx.delimiters.component) };
      case 'CE':
      case 'CWE':
      case 'CNE':
        return { kind: 'coded', valueType, coded: { code: obx.get(5, rep, 1), text: obx.get(5, rep, 2), codingSystem: obx.get(5, rep, 3) } };
      case 'ED': {
        const [sourceApplication = '', dataType = '', dataSubtype = '', encoding = '', data = ''] = obx.components(5, rep);
        return { kind: 'encapsulated', valueType, ed: { sourceApplication, dataType, dataSubtype, encoding, data } };
      }
      case 'NA':
        return { kind: 'numeric-array', valueType, values: obx.components(5, rep).map(Number) };
      default:
        return { kind: 'other', valueType, text: obx.components(5, rep).join(obx.delimiters.component) };
    }
  });
}

/** The value type a builder input implies. */
export function impliedValueType(value: Hl7ObxValueInput): string {
  if (typeof value === 'number') return 'NM';
  if (typeof value === 'string') return 'ST';
  if (Array.isArray(value)) return 'NA';
  if ('ed' in value) return 'ED';
  return 'CE';
}

/** OBX-5 raw text for a builder input. */
export function obxValueRaw(value: Hl7ObxValueInput, obx: Hl7Segment): string {
  const d = obx.delimiters;
  const esc = (s: string | undefined): string => escapeHl7(s ?? '', d);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return esc(value);
  if (Array.isArray(value)) return value.map(String).join(d.component);
  if ('ed' in value) {
    const ed = value.ed;
    return [ed.sourceApplication, ed.dataType, ed.dataSubtype, ed.encoding, ed.data].map(esc).join(d.component);
  }
  return [value.code, value.text, value.codingSystem].map(esc).join(d.component).replace(new RegExp(`\\${d.component}+$`), '');
}
