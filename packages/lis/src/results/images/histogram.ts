import { encodePng, type RgbImage } from './png.ts';

const WIDTH = 256;
const HEIGHT = 120;
const MARGIN = 4;

/**
 * Draws a histogram an analyzer sent as numbers (e.g. 256 channel counts of a WBC/RBC/PLT distribution) as a filled
 * curve on a white PNG, so it prints with the report like the analyzer's own pictures. The numbers themselves are
 * kept beside the picture (Media extension), so nothing is lost by drawing.
 */
export function histogramPng(values: readonly number[]): Buffer {
  const image: RgbImage = { width: WIDTH, height: HEIGHT, pixels: new Uint8Array(WIDTH * HEIGHT * 3).fill(255) };
  const set = (x: number, y: number, rgb: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT) return;
    image.pixels.set(rgb, (y * WIDTH + x) * 3);
  };
  const finite = values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const max = Math.max(1e-9, ...finite);
  const plotWidth = WIDTH - 2 * MARGIN;
  const plotHeight = HEIGHT - 2 * MARGIN;
  for (let x = 0; x < plotWidth; x++) {
    // Each pixel column shows the largest channel it covers, so narrow peaks survive down-sampling.
    const from = Math.floor((x * finite.length) / plotWidth);
    const to = Math.max(from + 1, Math.floor(((x + 1) * finite.length) / plotWidth));
    const v = finite.length ? Math.max(...finite.slice(from, to)) : 0;
    const h = Math.round((v / max) * plotHeight);
    for (let y = 0; y < h; y++) set(MARGIN + x, HEIGHT - MARGIN - 1 - y, [40, 80, 160]);
  }
  for (let x = MARGIN; x < WIDTH - MARGIN; x++) set(x, HEIGHT - MARGIN, [0, 0, 0]);
  for (let y = MARGIN; y <= HEIGHT - MARGIN; y++) set(MARGIN - 1, y, [0, 0, 0]);
  return encodePng(image);
}
