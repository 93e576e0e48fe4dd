import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobMigrations, DbBlobStore, FileBlobStore, type BlobStore } from '../../src/blobs/index.ts';
import { runMigrations } from '../../src/db/index.ts';
import { testDbFactories } from '../dbs.ts';

export interface OpenBackend {
  store: BlobStore;
  /** Bytes written by puts that have not been published (temp files, chunk rows no blob row points at). */
  unpublishedParts(): Promise<number>;
  close(): Promise<void>;
}

export interface BlobBackend {
  name: string;
  /** Size for the streaming test: 50 MB, less on in-memory PGlite (its WASM heap holds the table, and it is slow). */
  largeBlobBytes: number;
  /** A fresh, empty store and how to dispose of it. */
  open(): Promise<OpenBackend>;
}

/** Every backend the blob suites run on: files in a temp directory, PGlite, and PostgreSQL when reachable. */
export async function blobBackends(): Promise<BlobBackend[]> {
  const backends: BlobBackend[] = [
    {
      name: 'file',
      largeBlobBytes: 50 * 1024 * 1024,
      open: async () => {
        const dir = await mkdtemp(join(tmpdir(), 'medunion-blobs-'));
        return {
          store: await FileBlobStore.open(dir),
          unpublishedParts: async () => (await readdir(join(dir, 'tmp'))).length,
          close: () => rm(dir, { recursive: true, force: true }),
        };
      },
    },
  ];
  for (const factory of await testDbFactories()) {
    backends.push({
      name: `db (${factory.name})`,
      largeBlobBytes: (factory.name === 'pglite' ? 12 : 50) * 1024 * 1024,
      open: async () => {
        const db = await factory.open();
        await runMigrations(db, blobMigrations);
        return {
          store: await DbBlobStore.open(db),
          unpublishedParts: async () =>
            Number((await db.query<{ n: number | string }>('select count(*) as n from kernel_blob_chunk c where not exists (select 1 from kernel_blob b where b.chunk_set = c.chunk_set)')).rows[0].n),
          close: () => db.close(),
        };
      },
    });
  }
  return backends;
}

/** `total` deterministic pseudo-random bytes, produced lazily in `chunk`-sized pieces (never held whole). */
export async function* generatedBytes(total: number, chunk = 64 * 1024, seed = 1): AsyncGenerator<Buffer> {
  let state = seed >>> 0;
  for (let produced = 0; produced < total; produced += chunk) {
    const length = Math.min(chunk, total - produced);
    const piece = Buffer.allocUnsafe(Math.ceil(length / 4) * 4);
    for (let i = 0; i < piece.length; i += 4) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      piece.writeUInt32LE(state, i);
    }
    yield piece.subarray(0, length);
  }
}
