import { badRequest } from '../fhir/errors.ts';

/** The URN prefix of blob references stored in resources (`Attachment.url`). */
export const BLOB_URN_PREFIX = 'urn:medunion:blob:sha256:';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The stable reference to a blob: `urn:medunion:blob:sha256:<hex>`. */
export function blobUrn(sha256: string): string {
  return `${BLOB_URN_PREFIX}${sha256Of(sha256)}`;
}

/** Whether a string is a blob URN (a resource's attachment may point elsewhere: http, data:, …). */
export function isBlobUrn(value: string): boolean {
  return value.startsWith(BLOB_URN_PREFIX) && HEX_SHA256.test(value.slice(BLOB_URN_PREFIX.length));
}

/** The lowercase hex digest named by a hex digest or a blob URN; 400 for anything else (keys reach file paths). */
export function sha256Of(key: string): string {
  const hex = (key.startsWith(BLOB_URN_PREFIX) ? key.slice(BLOB_URN_PREFIX.length) : key).toLowerCase();
  if (!HEX_SHA256.test(hex)) throw badRequest(`Not a blob reference (SHA-256 hex or ${BLOB_URN_PREFIX}<hex>): "${key.slice(0, 100)}"`);
  return hex;
}
