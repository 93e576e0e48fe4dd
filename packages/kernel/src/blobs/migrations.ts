import type { Migration } from '../db/migrate.ts';

/**
 * The database blob backend (embedded in-memory PGlite, tests, `BLOB_URL=db:`). Bytes are split into chunk
 * rows so that neither a put nor a read holds a whole blob in memory (and no value nears bytea's 1 GB limit).
 * A put writes its chunks under a fresh `chunk_set` first and publishes the blob by inserting its
 * `kernel_blob` row last: chunks no row points at are an unfinished or failed put, invisible to readers.
 */
export const blobMigrations: Migration[] = [
  {
    id: 'kernel.blobs.001-kernel-blob',
    up: `create table kernel_blob (
  sha256 text primary key,
  size bigint not null,
  chunk_set text not null unique,
  created_at timestamptz not null default now()
);
create table kernel_blob_chunk (
  chunk_set text not null,
  seq integer not null,
  bytes bytea not null,
  created_at timestamptz not null default now(),
  primary key (chunk_set, seq)
)`,
  },
];
