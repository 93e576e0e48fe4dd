export type { BlobInfo, BlobSource, BlobStore, PutOptions, StoredBlob } from './types.ts';
export { BLOB_URN_PREFIX, blobUrn, isBlobUrn, sha256Of } from './urn.ts';
export { FileBlobStore } from './file-store.ts';
export { DbBlobStore, DB_BLOB_CHUNK_BYTES } from './db-store.ts';
export { blobMigrations } from './migrations.ts';
export { openBlobStore, parseBlobUrl, type BlobLocation, type BlobStoreChoice } from './location.ts';
