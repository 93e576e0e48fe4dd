import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobMigrations, FileBlobStore, openBlobStore, parseBlobUrl } from '../../src/blobs/index.ts';
import { loadConfig } from '../../src/config.ts';
import { openPglite, runMigrations, type Db } from '../../src/db/index.ts';

describe('choosing the blob store (BLOB_URL)', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'medunion-blob-location-'));
    db = await openPglite();
    await runMigrations(db, blobMigrations);
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('parses file and db URLs and refuses anything else at configuration time', () => {
    expect(parseBlobUrl('db:')).toEqual({ kind: 'db' });
    expect(parseBlobUrl(pathToFileURL(join(dir, 'x')).href)).toEqual({ kind: 'file', dir: join(dir, 'x') });
    expect(() => parseBlobUrl('s3://bucket/prefix')).toThrow(/S3-compatible storage is not built in yet/);
    expect(() => parseBlobUrl('file://host/relative')).toThrow(/not a valid file URL/);
    expect(() => parseBlobUrl('/var/blobs')).toThrow(/BLOB_URL must be/);
    expect(() => loadConfig({ BLOB_URL: 'ftp://somewhere' })).toThrow(/BLOB_URL/);
    expect(loadConfig({ BLOB_URL: 'db:' }).blobUrl).toBe('db:');
    expect(loadConfig({}).blobUrl).toBeUndefined();
  });

  it('defaults to files under DATA_DIR/blobs, and to the database for a handed-in database or an unwritable DATA_DIR', async () => {
    const dataDir = join(dir, 'data');
    const files = await openBlobStore({ dataDir, db, databaseHandedIn: false });
    expect(files).toBeInstanceOf(FileBlobStore);
    expect((files as FileBlobStore).root).toBe(join(dataDir, 'blobs'));
    const stored = await files.put(Buffer.from('a report'));
    expect((await stat((files as FileBlobStore).pathOf(stored.sha256))).size).toBe(8);
    expect((await stat((files as FileBlobStore).pathOf(stored.sha256))).mode & 0o222).toBe(0); // immutable once stored

    expect((await openBlobStore({ dataDir, db, databaseHandedIn: true })).kind).toBe('db');
    const notADirectory = join(dir, 'plain-file');
    await writeFile(notADirectory, 'DATA_DIR points below a file, so nothing can be created there');
    expect((await openBlobStore({ dataDir: join(notADirectory, 'data'), db, databaseHandedIn: false })).kind).toBe('db');

    expect((await openBlobStore({ blobUrl: 'db:', dataDir, db, databaseHandedIn: false })).kind).toBe('db');
    const explicit = await openBlobStore({ blobUrl: pathToFileURL(join(dir, 'elsewhere')).href, dataDir, db, databaseHandedIn: true });
    expect([explicit.kind, (explicit as FileBlobStore).root]).toEqual(['file', join(dir, 'elsewhere')]);
    // An explicit file location that cannot be written stops start-up rather than falling back.
    await expect(openBlobStore({ blobUrl: pathToFileURL(join(notADirectory, 'blobs')).href, dataDir, db, databaseHandedIn: false })).rejects.toThrow();
  });

  it('removes temp files a crashed put left behind, which were never visible as blobs', async () => {
    const root = join(dir, 'crashed');
    const store = await FileBlobStore.open(root);
    const content = Buffer.from('a PDF whose put crashed after the bytes were written but before the rename');
    const leftover = join(root, 'tmp', 'crashed-put.part');
    await writeFile(leftover, content);
    expect(await store.has(createHash('sha256').update(content).digest('hex'))).toBe(false);
    const dayAgo = new Date(Date.now() - 25 * 3600 * 1000);
    await utimes(leftover, dayAgo, dayAgo);
    await FileBlobStore.open(root);
    await expect(stat(leftover)).rejects.toThrow(/ENOENT/);
  });
});
