import { describe, expect, it } from 'vitest';
import { barcodeOptions } from './barcode-options.ts';

describe('barcode options', () => {
  it('prints text under linear codes with a default bar height', () => {
    expect(barcodeOptions({ bcid: 'code128', text: 'S2026000123' })).toEqual({ bcid: 'code128', text: 'S2026000123', scale: 2, height: 10, padding: 2, includetext: true, textxalign: 'center' });
    expect(barcodeOptions({ bcid: 'code128', text: 'X', includeText: false, height: 6, scale: 3 })).toEqual({ bcid: 'code128', text: 'X', scale: 3, height: 6, padding: 2 });
  });

  it('gives matrix codes neither height nor text, and clamps the scale', () => {
    expect(barcodeOptions({ bcid: 'qrcode', text: 'https://medunion.org/r/1', height: 20 })).toEqual({ bcid: 'qrcode', text: 'https://medunion.org/r/1', scale: 3, padding: 2 });
    expect(barcodeOptions({ bcid: 'datamatrix', text: 'A', scale: 50 }).scale).toBe(10);
    expect(barcodeOptions({ bcid: 'ean13', text: '690123456789', scale: 0 }).scale).toBe(1);
  });

  it('refuses unknown symbologies and empty text', () => {
    expect(() => barcodeOptions({ bcid: 'aztec' as never, text: 'A' })).toThrow('Unsupported barcode type "aztec"');
    expect(() => barcodeOptions({ bcid: 'code128', text: '' })).toThrow('A barcode needs text');
  });
});
