import { isBlobUrn, type ModuleContext } from '@medunion/kernel';

/**
 * The bytes behind a report PDF's `urn:medunion:blob:sha256:<hex>` (undefined when unknown). The one place the
 * doctor-side interface reads PDFs. The bytes are in the kernel blob store (`ctx.blobs`; PDFs are ≤ 20 MB, so
 * whole bytes are fine — `ctx.blobs.stream(url)` would stream them).
 */
export async function readReportPdf(ctx: ModuleContext, url: string): Promise<Buffer | undefined> {
  return isBlobUrn(url) ? ctx.blobs.get(url) : undefined;
}
