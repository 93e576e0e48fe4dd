import { CR, LF } from './control-characters.ts';
import type { TextCodec } from '../text/charset.ts';

/** What one transfer carried: complete messages (ending in an L record) and anything cut short. */
export interface AssembledTransfer {
  messages: string[][];
  /** Messages without their L record, or ending in a partial record (an ETB frame never followed up). */
  incomplete: string[][];
}

/**
 * Collects the text of the frames of one transfer (ENQ … EOT) and, at EOT, cuts it into records
 * (CR-terminated) and messages (each starting at an H record). Bytes are decoded only once the
 * whole text is there, so a multi-byte character split across two frames still reads correctly.
 */
export class MessageAssembler {
  private chunks: Buffer[] = [];

  constructor(private readonly codec: TextCodec) {}

  get isEmpty(): boolean {
    return this.chunks.length === 0;
  }

  add(text: Buffer, final: boolean): void {
    this.chunks.push(text);
    // ETX ends a record even when the sender left out the CR before it.
    if (final && text.length > 0 && text[text.length - 1] !== CR) this.chunks.push(Buffer.from([CR]));
  }

  clear(): void {
    this.chunks = [];
  }

  /** The messages of the transfer; then the assembler is empty. */
  take(): AssembledTransfer {
    const bytes = Buffer.concat(this.chunks).filter((b) => b !== LF);
    this.chunks = [];
    const text = this.codec.decode(bytes);
    const endsWithPartialRecord = text.length > 0 && !text.endsWith('\r');
    const records = text.split('\r').filter((record) => record.length > 0);
    const groups: string[][] = [];
    for (const record of records) {
      if (record.startsWith('H') || groups.length === 0) groups.push([record]);
      else groups[groups.length - 1].push(record);
    }
    const result: AssembledTransfer = { messages: [], incomplete: [] };
    groups.forEach((group, i) => {
      const cutShort = i === groups.length - 1 && endsWithPartialRecord;
      const terminated = group[group.length - 1].startsWith('L');
      (terminated && !cutShort ? result.messages : result.incomplete).push(group);
    });
    return result;
  }
}
