import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobUrn, DB_BLOB_CHUNK_BYTES, type BlobStore } from '../../src/blobs/index.ts';
import { FhirError } from '../../src/fhir/errors.ts';
import { blobBackends, generatedBytes, type OpenBackend } from './backends.ts';

const backends = await blobBackends();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Big buffers compared by digest: element-wise deep equality of megabytes is needlessly slow. */
const digestOf = (bytes: Uint8Array | undefined) => bytes && sha256(bytes);

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

async function rejection(promise: Promise<unknown>): Promise<FhirError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FhirError) return err;
    throw err;
  }
  throw new Error('expected a FhirError, but the call succeeded');
}

/** A source that yields `first`, then waits until released before yielding `rest` (a slow upload, paused). */
function pausedSource(first: Buffer, rest: Buffer) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reachedGate!: () => void;
  const paused = new Promise<void>((resolve) => (reachedGate = resolve));
  async function* source() {
    yield first;
    reachedGate();
    await gate;
    yield rest;
  }
  return { source: source(), paused, release };
}

describe.each(backends)('BlobStore on $name', (backend) => {
  let opened: OpenBackend;
  let store: BlobStore;
  beforeAll(async () => {
    opened = await backend.open();
    store = opened.store;
  });
  afterAll(() => opened?.close());

  it('stores bytes under their SHA-256 and gives them back by digest or URN', async () => {
    const bytes = Buffer.from('检验报告 PDF bytes, 第一份 — round trip');
    const stored = await store.put(bytes);
    expect(stored).toEqual({ sha256: sha256(bytes), size: bytes.length, urn: `urn:medunion:blob:sha256:${sha256(bytes)}` });
    expect(await store.get(stored.sha256)).toEqual(bytes);
    expect(await store.get(stored.urn)).toEqual(bytes);
    expect(await store.has(stored.urn)).toBe(true);
    expect(await store.stat(stored.sha256.toUpperCase())).toEqual({ sha256: stored.sha256, size: bytes.length });
    const streamed: Buffer[] = [];
    for await (const part of (await store.stream(stored.urn))!) streamed.push(part as Buffer);
    expect(Buffer.concat(streamed)).toEqual(bytes);

    const empty = await store.put(Buffer.alloc(0));
    expect([empty.size, (await store.get(empty.sha256))?.length]).toEqual([0, 0]);

    const absent = sha256(Buffer.from('never stored'));
    expect([await store.get(absent), await store.stream(absent), await store.stat(absent), await store.has(absent), await store.delete(absent)]).toEqual([undefined, undefined, undefined, false, false]);
  });

  it('refuses keys that are not SHA-256 references with a 400', async () => {
    for (const key of ['', '../../etc/passwd', 'abc', `urn:medunion:blob:sha256:${'g'.repeat(64)}`, `urn:other:${'a'.repeat(64)}`]) {
      expect((await rejection(store.get(key))).status, key).toBe(400);
    }
  });

  it('stores identical content once, however often and however concurrently it is put', async () => {
    const bytes = await collect(generatedBytes(DB_BLOB_CHUNK_BYTES + 17, 64 * 1024, 7));
    const puts = await Promise.all(Array.from({ length: 4 }, (_, i) => store.put(i % 2 ? bytes : generatedBytes(bytes.length, 64 * 1024, 7))));
    expect(new Set(puts.map((p) => p.urn))).toEqual(new Set([blobUrn(sha256(bytes))]));
    expect(digestOf(await store.get(puts[0].sha256))).toBe(sha256(bytes));
    expect(await opened.unpublishedParts()).toBe(0);
    // One copy: deleting it once removes it.
    expect(await store.delete(puts[0].sha256)).toBe(true);
    expect(await store.has(puts[0].sha256)).toBe(false);
    expect(await store.delete(puts[0].sha256)).toBe(false);
  });

  it('rejects content whose hash is not the declared one, or that is too large, and keeps nothing of it', async () => {
    const bytes = Buffer.from('the bytes that actually arrived');
    const declared = sha256(Buffer.from('the bytes the sender meant to send'));
    const mismatch = await rejection(store.put(bytes, { expectedSha256: blobUrn(declared), field: 'content' }));
    expect([mismatch.status, mismatch.issues[0].expression]).toEqual([400, ['content']]);
    expect(mismatch.message).toContain(declared);
    expect(await store.has(sha256(bytes))).toBe(false);

    const tooLarge = await rejection(store.put(generatedBytes(4 * 1024 * 1024), { maxBytes: 1024 * 1024, field: 'file' }));
    expect([tooLarge.status, tooLarge.issues[0].expression]).toEqual([413, ['file']]);
    expect((await rejection(store.put(bytes, { expectedSha256: 'not-a-digest' }))).status).toBe(400);
    expect(await opened.unpublishedParts()).toBe(0);

    const matching = await store.put(bytes, { expectedSha256: sha256(bytes) });
    expect(matching.sha256).toBe(sha256(bytes));
  });

  it('never shows a put that is still being written, and leaves nothing behind when its source fails', async () => {
    const first = Buffer.alloc(2 * DB_BLOB_CHUNK_BYTES + 5, 'a');
    const rest = Buffer.from('the end of the document');
    const whole = Buffer.concat([first, rest]);
    const slow = pausedSource(first, rest);
    const put = store.put(slow.source);
    await slow.paused;
    // Half written: the bytes are on disk / in chunk rows, but no reader can reach them.
    expect(await opened.unpublishedParts()).toBeGreaterThan(0);
    expect([await store.has(sha256(whole)), await store.stat(sha256(whole)), await store.get(sha256(whole))]).toEqual([false, undefined, undefined]);
    slow.release();
    expect((await put).sha256).toBe(sha256(whole));
    expect(digestOf(await store.get(sha256(whole)))).toBe(sha256(whole));
    expect(await opened.unpublishedParts()).toBe(0);

    async function* failing() {
      yield Buffer.alloc(DB_BLOB_CHUNK_BYTES + 1, 'b');
      throw new Error('connection reset by the uploader');
    }
    await expect(store.put(failing())).rejects.toThrow('connection reset');
    expect(await opened.unpublishedParts()).toBe(0);
  });

  it(`streams a ${backend.largeBlobBytes / 1024 / 1024} MB blob in and out in bounded chunks`, async () => {
    const size = backend.largeBlobBytes;
    const expected = createHash('sha256');
    for await (const piece of generatedBytes(size, 256 * 1024, 42)) expected.update(piece);
    const digest = expected.digest('hex');

    const stored = await store.put(generatedBytes(size, 256 * 1024, 42), { expectedSha256: digest });
    expect([stored.sha256, stored.size]).toEqual([digest, size]);
    expect(await store.stat(digest)).toEqual({ sha256: digest, size });

    const readBack = createHash('sha256');
    let total = 0;
    let largest = 0;
    for await (const part of (await store.stream(digest))!) {
      const chunk = part as Buffer;
      readBack.update(chunk);
      total += chunk.length;
      largest = Math.max(largest, chunk.length);
    }
    expect([readBack.digest('hex'), total]).toEqual([digest, size]);
    expect(largest).toBeLessThanOrEqual(DB_BLOB_CHUNK_BYTES);
    expect(await store.delete(digest)).toBe(true);
  }, 120_000);
});
