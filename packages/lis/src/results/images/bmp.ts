import type { RgbImage } from './png.ts';

export const isBmp = (bytes: Uint8Array): boolean => bytes.length > 54 && bytes[0] === 0x42 && bytes[1] === 0x4d;

/**
 * Reads an uncompressed Windows bitmap (1, 4, 8, 24 or 32 bits per pixel, bottom-up or top-down) — what haematology
 * analyzers send as histograms and scattergrams (e.g. base64 in HL7 OBX-5). Returns undefined for anything else
 * (RLE-compressed, OS/2 headers), so the caller can refuse it with a reason rather than store an unreadable image.
 */
export function decodeBmp(bytes: Uint8Array): RgbImage | undefined {
  if (!isBmp(bytes)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  if (headerSize < 40) return undefined;
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bits = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  // BI_RGB, or BI_BITFIELDS with the standard 32-bit masks (read as BGRA below).
  if (!(compression === 0 || (compression === 3 && bits === 32)) || width <= 0 || rawHeight === 0 || width > 8192 || Math.abs(rawHeight) > 8192) return undefined;
  if (![1, 4, 8, 24, 32].includes(bits)) return undefined;
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  const stride = Math.ceil((width * bits) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) return undefined;
  const colours = bits <= 8 ? view.getUint32(46, true) || 1 << bits : 0;
  const palette = 14 + headerSize;
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      let b: number, g: number, r: number;
      if (bits >= 24) {
        const p = row + x * (bits / 8);
        [b, g, r] = [bytes[p], bytes[p + 1], bytes[p + 2]];
      } else {
        const bitOffset = x * bits;
        const byte = bytes[row + (bitOffset >> 3)];
        const index = (byte >> (8 - bits - (bitOffset & 7))) & ((1 << bits) - 1);
        if (index >= colours) return undefined;
        const p = palette + index * 4;
        [b, g, r] = [bytes[p], bytes[p + 1], bytes[p + 2]];
      }
      pixels.set([r, g, b], (y * width + x) * 3);
    }
  }
  return { width, height, pixels };
}
