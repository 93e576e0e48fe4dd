import type { Readable } from 'node:stream';

/** What a blob is known by: the SHA-256 of its bytes (lowercase hex) and their count. */
export interface BlobInfo {
  sha256: string;
  size: number;
}

/** A stored blob: its info and the stable reference resources carry (`urn:medunion:blob:sha256:<hex>`). */
export interface StoredBlob extends BlobInfo {
  urn: string;
}

/** Bytes to store: a buffer, a Node stream or any async iterable of chunks (an HTTP body, a file). */
export type BlobSource = Uint8Array | Readable | AsyncIterable<Uint8Array>;

export interface PutOptions {
  /** Reject (400, nothing stored) unless the bytes hash to this (hex or URN) — e.g. the sender's declared digest. */
  expectedSha256?: string;
  /** Reject (413, nothing stored) as soon as more bytes than this arrive. */
  maxBytes?: number;
  /** The request field the bytes came from, named in the rejection's `expression`. */
  field?: string;
}

/**
 * Content-addressed blob storage (DICOM, PDF, images). A blob is identified by the SHA-256 of its bytes, so a
 * put is idempotent and identical content is stored once. Every method taking a key accepts the hex digest or
 * the URN. A put that resolved is durable; a put that failed or was interrupted leaves nothing visible.
 * Call `put` outside database transactions: a blob is written before the rows that reference it, and a blob
 * no row references is harmless (garbage collection may remove it later).
 */
export interface BlobStore {
  readonly kind: 'file' | 'db';
  /** Stores the bytes, hashing them as they stream; resolves once they are durable. */
  put(source: BlobSource, options?: PutOptions): Promise<StoredBlob>;
  /** The whole blob in memory, or undefined when absent. For large blobs prefer `stream`. */
  get(key: string): Promise<Buffer | undefined>;
  /** The blob as a stream of chunks (never loaded whole), or undefined when absent. */
  stream(key: string): Promise<Readable | undefined>;
  has(key: string): Promise<boolean>;
  stat(key: string): Promise<BlobInfo | undefined>;
  /** Removes a blob. For garbage collection only: content-addressed blobs may be shared by many references. */
  delete(key: string): Promise<boolean>;
}
