import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db } from '../db/types.ts';
import { chunksOf, HashingCounter } from './hashing.ts';
import type { BlobInfo, BlobSource, BlobStore, PutOptions, StoredBlob } from './types.ts';
import { blobUrn, sha256Of } from './urn.ts';

/** Bytes per chunk row: large enough for few round trips, small enough to keep memory flat. */
export const DB_BLOB_CHUNK_BYTES = 1024 * 1024;

/** Chunk sets older than this with no blob row are left over from a crashed put (see `blobMigrations`). */
const ABANDONED_CHUNKS_SECONDS = 24 * 3600;

/**
 * Blobs in the database (`kernel_blob` + `kernel_blob_chunk`), for embedded in-memory PGlite and tests, or on
 * request (`BLOB_URL=db:`). Chunks are written outside any transaction — a slow upload must not hold PGlite's
 * single connection — and the blob becomes visible atomically when its `kernel_blob` row is inserted.
 * Identical concurrent puts race on that primary key; the loser deletes its own chunks.
 */
export class DbBlobStore implements BlobStore {
  readonly kind = 'db' as const;

  private constructor(private readonly db: Db) {}

  /** Expects `blobMigrations` to have run; removes chunks abandoned by crashed puts. */
  static async open(db: Db): Promise<DbBlobStore> {
    await db.query(
      `delete from kernel_blob_chunk c where c.created_at < now() - make_interval(secs => $1)
         and not exists (select 1 from kernel_blob b where b.chunk_set = c.chunk_set)`,
      [ABANDONED_CHUNKS_SECONDS],
    );
    return new DbBlobStore(db);
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<StoredBlob> {
    const counter = new HashingCounter(options);
    const chunkSet = randomUUID();
    let seq = 0;
    const writeChunk = async (bytes: Uint8Array) => {
      await this.db.query('insert into kernel_blob_chunk (chunk_set, seq, bytes) values ($1, $2, $3)', [chunkSet, seq++, bytes]);
    };
    let published = false;
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const chunk of chunksOf(source)) {
        counter.add(chunk);
        pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        pendingBytes += chunk.length;
        if (pendingBytes < DB_BLOB_CHUNK_BYTES) continue;
        const joined = Buffer.concat(pending, pendingBytes);
        let offset = 0;
        for (; joined.length - offset >= DB_BLOB_CHUNK_BYTES; offset += DB_BLOB_CHUNK_BYTES) await writeChunk(joined.subarray(offset, offset + DB_BLOB_CHUNK_BYTES));
        pending = offset < joined.length ? [joined.subarray(offset)] : [];
        pendingBytes = joined.length - offset;
      }
      if (pendingBytes > 0) await writeChunk(Buffer.concat(pending, pendingBytes));
      const sha256 = counter.finish();
      const inserted = await this.db.query(
        'insert into kernel_blob (sha256, size, chunk_set) values ($1, $2, $3) on conflict (sha256) do nothing returning sha256',
        [sha256, counter.size, chunkSet],
      );
      published = inserted.rows.length === 1;
      return { sha256, size: counter.size, urn: blobUrn(sha256) };
    } finally {
      // Already stored (dedup), rejected or interrupted: this put's chunks are not needed.
      if (!published) await this.db.query('delete from kernel_blob_chunk where chunk_set = $1', [chunkSet]).catch(() => undefined);
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    const stream = await this.stream(key);
    if (!stream) return undefined;
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  async stream(key: string): Promise<Readable | undefined> {
    const row = await this.row(sha256Of(key));
    if (!row) return undefined;
    const { db } = this;
    const size = Number(row.size);
    // One chunk row per read, so memory holds at most one chunk however large the blob is.
    async function* chunks(): AsyncGenerator<Buffer> {
      let delivered = 0;
      for (let seq = 0; delivered < size; seq++) {
        const result = await db.query<{ bytes: Uint8Array }>('select bytes from kernel_blob_chunk where chunk_set = $1 and seq = $2', [row!.chunk_set, seq]);
        if (result.rows.length === 0) throw new Error(`Blob ${row!.sha256} is missing chunk ${seq} (deleted while being read?)`);
        const bytes = result.rows[0].bytes;
        delivered += bytes.length;
        yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async has(key: string): Promise<boolean> {
    return (await this.row(sha256Of(key))) !== undefined;
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    const row = await this.row(sha256Of(key));
    return row ? { sha256: row.sha256, size: Number(row.size) } : undefined;
  }

  async delete(key: string): Promise<boolean> {
    const sha256 = sha256Of(key);
    return this.db.transaction(async (tx) => {
      const removed = await tx.query<{ chunk_set: string }>('delete from kernel_blob where sha256 = $1 returning chunk_set', [sha256]);
      if (removed.rows.length === 0) return false;
      await tx.query('delete from kernel_blob_chunk where chunk_set = $1', [removed.rows[0].chunk_set]);
      return true;
    });
  }

  private async row(sha256: string): Promise<{ sha256: string; size: number | string; chunk_set: string } | undefined> {
    const result = await this.db.query<{ sha256: string; size: number | string; chunk_set: string }>('select sha256, size, chunk_set from kernel_blob where sha256 = $1', [sha256]);
    return result.rows[0];
  }
}
