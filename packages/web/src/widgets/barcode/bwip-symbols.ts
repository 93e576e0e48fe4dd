// Only the encoders the platform uses, so the lazily loaded barcode chunk does not carry every symbology bwip-js knows.
import { code128, code39, datamatrix, ean13, pdf417, qrcode, type RenderOptions } from 'bwip-js/browser';
import type { BarcodeType } from './barcode-options.ts';

type Encoder = (canvas: HTMLCanvasElement, options: RenderOptions) => unknown;

export const ENCODERS: Record<BarcodeType, Encoder> = { code128, code39, ean13, qrcode, datamatrix, pdf417 };
