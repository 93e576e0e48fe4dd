/** Symbologies the platform prints: what specimen labels, wristbands and report QR codes need (the server supports the same). */
export const BARCODE_TYPES = ['code128', 'code39', 'ean13', 'qrcode', 'datamatrix', 'pdf417'] as const;
export type BarcodeType = (typeof BARCODE_TYPES)[number];

const TWO_D = new Set<BarcodeType>(['qrcode', 'datamatrix']);

/** bwip-js render options (the subset we set). */
export interface BarcodeRenderOptions {
  bcid: BarcodeType;
  text: string;
  scale: number;
  height?: number;
  includetext?: boolean;
  textxalign?: 'center';
  padding: number;
}

/**
 * Options for bwip-js: linear codes print their text under the bars (staff read it when a scanner fails) and take a
 * bar height in millimetres (default 10); matrix codes are square and take neither. Scale is clamped to 1–10.
 */
export function barcodeOptions(input: { bcid: BarcodeType; text: string; scale?: number; height?: number; includeText?: boolean }): BarcodeRenderOptions {
  if (!BARCODE_TYPES.includes(input.bcid)) throw new Error(`Unsupported barcode type "${String(input.bcid)}"`);
  if (!input.text) throw new Error('A barcode needs text');
  const twoD = TWO_D.has(input.bcid);
  const scale = Math.min(10, Math.max(1, Math.round(input.scale ?? (twoD ? 3 : 2))));
  if (twoD) return { bcid: input.bcid, text: input.text, scale, padding: 2 };
  const includetext = input.includeText ?? true;
  return { bcid: input.bcid, text: input.text, scale, height: input.height ?? 10, padding: 2, ...(includetext ? { includetext, textxalign: 'center' as const } : {}) };
}
