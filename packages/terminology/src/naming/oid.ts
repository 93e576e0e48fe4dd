import { createHash } from 'node:crypto';

// RFC 4122 name-based UUIDs need a namespace UUID: ours, fixed forever (changing it would renumber every institution).
const INSTITUTION_NAMESPACE = Buffer.from('4d6564756e696f6e2d696e7374697475', 'hex'); // "Medunion-institu" as 16 bytes

/**
 * A stable OID for an institution without registering an arc: ITU-T X.667 makes every UUID an OID under
 * `2.25` (the UUID as one decimal integer). The UUID is the name-based (version 5, SHA-1) UUID of the
 * institution id, so every process and every database computes the same OID.
 */
export function institutionOid(institutionId: string): string {
  const hash = createHash('sha1').update(INSTITUTION_NAMESPACE).update(institutionId, 'utf8').digest().subarray(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8] & 0x3f) | 0x80; // RFC 4122 variant
  return `2.25.${BigInt(`0x${hash.toString('hex')}`).toString(10)}`;
}

/** `urn:oid:1.2.3` and `1.2.3` name the same OID; a value that is neither gives undefined. */
export function bareOid(value: string): string | undefined {
  const oid = value.startsWith('urn:oid:') ? value.slice(8) : value;
  return /^[0-2](\.(0|[1-9]\d*))+$/.test(oid) ? oid : undefined;
}
