import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/types.ts';
import { DbBlobStore } from './db-store.ts';
import { FileBlobStore } from './file-store.ts';
import type { BlobStore } from './types.ts';

/** Where blobs live, as named by `BLOB_URL`. */
export type BlobLocation = { kind: 'file'; dir: string } | { kind: 'db' };

/**
 * Parses `BLOB_URL`: `file:///absolute/path` or `db:`. An S3-compatible store (`s3://bucket/prefix`) is the
 * planned scale-out backend — an extension point: implement `BlobStore` (src/blobs/types.ts) over the S3 API
 * and add its scheme here; until then it is refused rather than silently replaced by another backend.
 */
export function parseBlobUrl(url: string): BlobLocation {
  if (url === 'db:') return { kind: 'db' };
  if (url.startsWith('file:')) {
    try {
      return { kind: 'file', dir: fileURLToPath(url) };
    } catch {
      throw new Error(`BLOB_URL "${url}" is not a valid file URL (file:///absolute/path)`);
    }
  }
  if (url.startsWith('s3:')) throw new Error(`BLOB_URL "${url}": S3-compatible storage is not built in yet (use file:///path or db:)`);
  throw new Error(`BLOB_URL must be file:///absolute/path or db:, got "${url}"`);
}

export interface BlobStoreChoice {
  /** `BLOB_URL`, when set. */
  blobUrl?: string;
  dataDir: string;
  db: Db;
  /** The kernel was handed an open database (in-memory PGlite, a test schema): blobs then live and die with it. */
  databaseHandedIn: boolean;
}

/**
 * Opens the configured blob store. Unset `BLOB_URL`: files under `<dataDir>/blobs` when that directory can be
 * written, else the database — which is also the choice for a database the kernel was handed.
 */
export async function openBlobStore(choice: BlobStoreChoice): Promise<BlobStore> {
  if (choice.blobUrl) {
    const location = parseBlobUrl(choice.blobUrl);
    return location.kind === 'db' ? DbBlobStore.open(choice.db) : FileBlobStore.open(location.dir);
  }
  if (choice.databaseHandedIn) return DbBlobStore.open(choice.db);
  const dir = join(choice.dataDir, 'blobs');
  try {
    return await FileBlobStore.open(dir);
  } catch {
    return DbBlobStore.open(choice.db);
  }
}
