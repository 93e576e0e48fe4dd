/** A small 24-bit BMP drawing histogram counts as bars, like the images hematology analyzers attach. */
export function histogramBitmap(counts: number[], height = 64): Buffer {
  const width = Math.max(1, counts.length);
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const pixels = Buffer.alloc(rowBytes * height, 0xff);
  const max = Math.max(1, ...counts);
  counts.forEach((count, x) => {
    const bar = Math.round((count / max) * (height - 1));
    // BMP rows go bottom-up, so row 0 is the baseline.
    for (let y = 0; y < bar; y++) pixels.fill(0x00, y * rowBytes + x * 3, y * rowBytes + x * 3 + 3);
  });
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([header, pixels]);
}

/** A plausible WBC volume distribution: two humps (lymphocytes, granulocytes) over 256 channels. */
export function sampleWbcCounts(channels = 256): number[] {
  return Array.from({ length: channels }, (_, i) => {
    const hump = (centre: number, width: number, peak: number): number => peak * Math.exp(-(((i - centre) / width) ** 2));
    return Math.round(hump(40, 12, 180) + hump(130, 30, 90));
  });
}
