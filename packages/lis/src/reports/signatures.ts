import type { ModuleContext, Queryable } from '@medunion/kernel';
import { isJpeg, isPng } from '../results/images/png.ts';
import { fieldError } from '../http/errors.ts';

export const MAX_SIGNATURE_BYTES = 512 * 1024;

/**
 * Stores a reviewer's scanned handwritten signature (电子签名) for reports: the image goes to the blob store (before
 * the row that points at it), one current image per practitioner and institution. PNG or JPEG only — what a report
 * can embed.
 */
export async function saveSignature(ctx: ModuleContext, institution: string, practitionerId: string, bytes: Buffer, uploadedBy: string): Promise<{ urn: string; contentType: string; size: number }> {
  if (bytes.length > MAX_SIGNATURE_BYTES) throw fieldError(413, 'image', '签名图片超过 512 KB', 'The signature image is larger than 512 KB', 'too-costly');
  const contentType = isPng(bytes) ? 'image/png' : isJpeg(bytes) ? 'image/jpeg' : undefined;
  if (!contentType) throw fieldError(400, 'image', '签名图片须为 PNG 或 JPEG', 'The signature must be a PNG or JPEG image', 'value');
  const blob = await ctx.blobs.put(bytes, { maxBytes: MAX_SIGNATURE_BYTES, field: 'image' });
  await ctx.db.query(
    `insert into lis_signature (institution, practitioner_id, blob_urn, content_type, uploaded_by) values ($1, $2, $3, $4, $5)
     on conflict (institution, practitioner_id) do update set blob_urn = excluded.blob_urn, content_type = excluded.content_type, uploaded_by = excluded.uploaded_by, uploaded_at = now()`,
    [institution, practitionerId, blob.urn, contentType, uploadedBy],
  );
  return { urn: blob.urn, contentType, size: blob.size };
}

/** The signature image of a practitioner as a data URI for pdfmake, or undefined when none was uploaded. */
export async function signatureDataUri(ctx: ModuleContext, db: Queryable, institution: string, practitionerId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ blob_urn: string; content_type: string }>('select blob_urn, content_type from lis_signature where institution = $1 and practitioner_id = $2', [institution, practitionerId]);
  if (!rows[0]) return undefined;
  const bytes = await ctx.blobs.get(rows[0].blob_urn);
  return bytes ? `data:${rows[0].content_type};base64,${bytes.toString('base64')}` : undefined;
}
