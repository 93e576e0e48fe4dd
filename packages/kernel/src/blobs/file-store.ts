import { randomUUID } from 'node:crypto';
import { chmod, mkdir, open, readdir, readFile, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { chunksOf, HashingCounter } from './hashing.ts';
import type { BlobInfo, BlobSource, BlobStore, PutOptions, StoredBlob } from './types.ts';
import { blobUrn, sha256Of } from './urn.ts';

/** Temp files older than this are left over from a crash (no put takes a day) and are removed at start-up. */
const ABANDONED_TEMP_MS = 24 * 3600 * 1000;

/**
 * Blobs as files under one directory, fanned out by digest (`ab/cd/abcd…`) so no directory grows huge.
 * A put writes a temp file under `tmp/`, fsyncs it, renames it into place and fsyncs the directory: the rename
 * is atomic, so readers see the whole blob or none, and an acknowledged put survives a crash. Identical
 * concurrent puts each rename a complete copy of the same bytes; whichever lands last wins, harmlessly.
 */
export class FileBlobStore implements BlobStore {
  readonly kind = 'file' as const;
  private readonly tempDir: string;

  private constructor(readonly root: string) {
    this.tempDir = join(root, 'tmp');
  }

  /** Opens (creating) the directory; throws when it cannot be written. Removes abandoned temp files. */
  static async open(root: string): Promise<FileBlobStore> {
    const store = new FileBlobStore(root);
    await mkdir(store.tempDir, { recursive: true });
    const probe = join(store.tempDir, `${randomUUID()}.probe`);
    await (await open(probe, 'wx')).close();
    await unlink(probe);
    await store.removeAbandonedTemps();
    return store;
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<StoredBlob> {
    const counter = new HashingCounter(options);
    const temp = join(this.tempDir, `${randomUUID()}.part`);
    let handle: FileHandle | undefined = await open(temp, 'wx', 0o600);
    let published = false;
    try {
      for await (const chunk of chunksOf(source)) {
        counter.add(chunk);
        await writeAll(handle, chunk);
      }
      await handle.sync();
      await handle.close();
      handle = undefined;
      const sha256 = counter.finish();
      const target = this.pathOf(sha256);
      if (!(await exists(target))) {
        const firstCreated = await mkdir(dirname(target), { recursive: true });
        await chmod(temp, 0o444); // stored blobs are immutable
        await rename(temp, target);
        published = true;
        await this.syncDirectories(dirname(target), firstCreated !== undefined);
      }
      return { sha256, size: counter.size, urn: blobUrn(sha256) };
    } finally {
      await handle?.close().catch(() => undefined);
      if (!published) await rm(temp, { force: true });
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(sha256Of(key)));
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async stream(key: string): Promise<Readable | undefined> {
    try {
      // Open first, so a missing blob is `undefined` here rather than an error event later.
      const handle = await open(this.pathOf(sha256Of(key)), 'r');
      return handle.createReadStream({ autoClose: true });
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async has(key: string): Promise<boolean> {
    return exists(this.pathOf(sha256Of(key)));
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    const sha256 = sha256Of(key);
    try {
      return { sha256, size: (await stat(this.pathOf(sha256))).size };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(sha256Of(key)));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** Where a blob's file is; the digest is validated hex, so it cannot escape the root. */
  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * fsyncs the directory holding the new entry; when its fan-out directories were just created, their parents
   * too (`ab/` and the root), so the path to the blob survives a crash as well.
   */
  private async syncDirectories(dir: string, createdAny: boolean): Promise<void> {
    await syncDirectory(dir);
    if (!createdAny) return;
    await syncDirectory(dirname(dir));
    await syncDirectory(this.root);
  }

  private async removeAbandonedTemps(): Promise<void> {
    const cutoff = Date.now() - ABANDONED_TEMP_MS;
    for (const name of await readdir(this.tempDir)) {
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) await rm(path, { force: true });
    }
  }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let offset = 0; offset < chunk.length; ) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException)?.code === 'ENOENT';
