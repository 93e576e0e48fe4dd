import type { ModuleContext } from '@medunion/kernel';
import type { IncomingResult } from '../../ports.ts';
import { decodeBmp, isBmp } from './bmp.ts';
import { histogramPng } from './histogram.ts';
import { encodePng, isJpeg, isPng } from './png.ts';
import { fieldError } from '../../http/errors.ts';

/** An image stored as a blob, ready to be referenced by a Media resource. */
export interface StoredImage {
  /** Name as the analyzer gave it (WBC, RBC, PLT, DIFF…), unique per specimen. */
  name: string;
  /** The test whose result carried it (its report shows it). */
  test: string;
  urn: string;
  /** image/png or image/jpeg (printable); another type when the analyzer's picture could not be converted. */
  contentType: string;
  size: number;
  /** Numbers the picture was drawn from, when the analyzer sent numbers. */
  values?: number[];
}

export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;
const MAX_HISTOGRAM_POINTS = 4096;

/**
 * Puts a result batch's histograms and scattergrams into the blob store, before the transaction that references
 * them (kernel rule: never `put` inside a transaction). PNG and JPEG are kept as sent; bitmaps are converted to PNG
 * (reports embed PNG/JPEG only); numeric histograms are drawn. A picture that cannot be converted (a compressed
 * bitmap, another format) is kept as sent — never lost, and never a reason to refuse the results — and only not
 * printed.
 */
export async function storeImages(ctx: ModuleContext, results: IncomingResult[]): Promise<StoredImage[]> {
  const stored: StoredImage[] = [];
  for (const [i, r] of results.entries()) {
    for (const [j, img] of (r.images ?? []).entries()) {
      const field = `results[${i}].images[${j}]`;
      const bytes = Buffer.from(img.bytes);
      if (bytes.length > MAX_IMAGE_BYTES) throw fieldError(413, `${field}.bytes`, '图像超过 4 MB', 'The image is larger than 4 MB', 'too-costly');
      let kept: Buffer | undefined;
      let contentType = 'image/png';
      if (isPng(bytes)) kept = bytes;
      else if (isJpeg(bytes)) [kept, contentType] = [bytes, 'image/jpeg'];
      else if (isBmp(bytes)) {
        const decoded = decodeBmp(bytes);
        if (decoded) kept = encodePng(decoded);
      }
      if (!kept) {
        [kept, contentType] = [bytes, /^[\w.+-]+\/[\w.+-]+$/.test(img.mime) ? img.mime : 'application/octet-stream'];
        ctx.log.warn({ image: img.name, mime: img.mime }, 'analyzer picture kept as sent: not convertible to PNG, so not printed');
      }
      const blob = await ctx.blobs.put(kept, { maxBytes: MAX_IMAGE_BYTES * 4, field: `${field}.bytes` });
      stored.push({ name: img.name, test: r.testCode, urn: blob.urn, contentType, size: blob.size });
    }
    for (const [j, h] of (r.histograms ?? []).entries()) {
      const field = `results[${i}].histograms[${j}]`;
      if (!h.values.length || h.values.length > MAX_HISTOGRAM_POINTS || h.values.some((v) => !Number.isFinite(v))) {
        throw fieldError(400, `${field}.values`, `直方图须为 1–${MAX_HISTOGRAM_POINTS} 个有限数值`, `A histogram must be 1–${MAX_HISTOGRAM_POINTS} finite numbers`, 'value');
      }
      const blob = await ctx.blobs.put(histogramPng(h.values), { field: `${field}.values` });
      stored.push({ name: h.name, test: r.testCode, urn: blob.urn, contentType: 'image/png', size: blob.size, values: [...h.values] });
    }
  }
  const names = stored.map((s) => s.name);
  const twice = names.find((n, k) => names.indexOf(n) !== k);
  if (twice) throw fieldError(400, 'results', `图像名称 ${twice} 重复`, `Image name ${twice} appears twice`, 'value');
  return stored;
}
