import { createHash, type Hash } from 'node:crypto';
import { FhirError } from '../fhir/errors.ts';
import type { BlobSource, PutOptions } from './types.ts';
import { sha256Of } from './urn.ts';

/** Yields the chunks of any blob source (a buffer is one chunk). */
export async function* chunksOf(source: BlobSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

/**
 * Hashes and counts bytes as they pass, enforcing `maxBytes` on every chunk (so an oversized stream is cut off
 * early) and `expectedSha256` at the end. Backends call `add` per chunk and `finish` before publishing.
 */
export class HashingCounter {
  private readonly hash: Hash = createHash('sha256');
  private readonly expected: string | undefined;
  size = 0;

  constructor(private readonly options: PutOptions = {}) {
    // Validate the expected digest before reading a byte: a malformed one is the caller's mistake, not a mismatch.
    this.expected = options.expectedSha256 === undefined ? undefined : sha256Of(options.expectedSha256);
  }

  add(chunk: Uint8Array): void {
    this.size += chunk.length;
    if (this.options.maxBytes !== undefined && this.size > this.options.maxBytes) {
      throw new FhirError(413, `The content is larger than ${this.options.maxBytes} bytes`, 'too-costly', this.options.field);
    }
    this.hash.update(chunk);
  }

  /** The digest of everything added; 400 when it is not the expected one. */
  finish(): string {
    const digest = this.hash.digest('hex');
    if (this.expected !== undefined && digest !== this.expected) {
      throw new FhirError(400, `The content's SHA-256 is ${digest}, not the declared ${this.expected}: it was altered or truncated`, 'invalid', this.options.field);
    }
    return digest;
  }
}
