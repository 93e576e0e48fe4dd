import bwipjs from 'bwip-js';
import { PrintDocumentError } from './errors.ts';

/** Symbologies the platform prints: specimen and wristband labels (Code 128), QR codes, Data Matrix, PDF417, EAN-13. */
export const BARCODE_TYPES = ['code128', 'qrcode', 'datamatrix', 'pdf417', 'ean13'] as const;
export type BarcodeType = (typeof BARCODE_TYPES)[number];

export interface BarcodeOptions {
  bcid: BarcodeType;
  text: string;
  /** Pixels per module, 1–10 (default 3). */
  scale?: number;
  /** Bar height in millimetres for linear codes, 1–100 (default 10; ignored by 2-D codes). */
  height?: number;
  /** Print the human-readable text under linear codes (default true for code128 and ean13). */
  includeText?: boolean;
}

const MAX_TEXT = 2000;
const TWO_D = new Set<BarcodeType>(['qrcode', 'datamatrix', 'pdf417']);

/** Validates untrusted options (HTTP query or a document node); `path` names the field in the error. */
export function checkBarcodeOptions(input: unknown, path = 'barcode'): BarcodeOptions {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const refuse = (field: string, problem: string) => new PrintDocumentError(`${at(field)} ${problem}`, at(field));
  if (typeof input !== 'object' || input === null) throw new PrintDocumentError(`${path || 'barcode'} must be an object with bcid and text`, path || 'barcode');
  const o = input as Record<string, unknown>;
  if (!BARCODE_TYPES.includes(o.bcid as BarcodeType)) throw refuse('bcid', `must be one of ${BARCODE_TYPES.join(', ')}`);
  if (typeof o.text !== 'string' || o.text.length === 0 || o.text.length > MAX_TEXT) throw refuse('text', `must be a string of 1 to ${MAX_TEXT} characters`);
  const number = (field: 'scale' | 'height', min: number, max: number) => {
    const v = o[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !(v >= min && v <= max)) throw refuse(field, `must be a number from ${min} to ${max}`);
    return v;
  };
  if (o.includeText !== undefined && typeof o.includeText !== 'boolean') throw refuse('includeText', 'must be true or false');
  return { bcid: o.bcid as BarcodeType, text: o.text, scale: number('scale', 1, 10), height: number('height', 1, 100), includeText: o.includeText as boolean | undefined };
}

/** Renders a barcode or 2-D code as a PNG; text the symbology cannot encode is a PrintDocumentError. */
export async function barcodePng(options: BarcodeOptions, path = 'barcode'): Promise<Buffer> {
  const checked = checkBarcodeOptions(options, path);
  const twoD = TWO_D.has(checked.bcid);
  try {
    return await bwipjs.toBuffer({
      bcid: checked.bcid,
      text: checked.text,
      scale: checked.scale ?? 3,
      ...(twoD ? {} : { height: checked.height ?? 10 }),
      includetext: twoD ? false : (checked.includeText ?? true),
      textxalign: 'center',
      // QR codes of Chinese text: bwip-js encodes the UTF-8 bytes, which phone scanners read as UTF-8.
      ...(checked.bcid === 'qrcode' ? { eclevel: 'M' } : {}),
    });
  } catch (err) {
    // bwip-js reports unencodable input as a string or an Error such as "bwipp.ean13badLength: …".
    const message = err instanceof Error ? err.message : String(err);
    const at = path ? `${path}.text` : 'text';
    throw new PrintDocumentError(`${at}: cannot encode "${checked.text.slice(0, 50)}" as ${checked.bcid} (${message})`, at);
  }
}
