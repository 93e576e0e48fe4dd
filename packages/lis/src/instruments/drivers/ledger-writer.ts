import type { Logger, Queryable } from '@medunion/kernel';
import { completeMessage, insertMessage, type LinkEvent, type MessageRow } from '../store/message-ledger.ts';

/**
 * Writes one connection's ledger entries in the order they happened, off the protocol's path: a slow or failing
 * database delays the ledger, never the ACK an analyzer waits for, and never throws into a socket handler.
 */
export class LedgerWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly outstanding = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Queryable,
    private readonly log: Logger,
  ) {}

  insert(row: MessageRow): Promise<string | undefined> {
    const id = this.chain.then(() => insertMessage(this.db, row)).catch((err: unknown) => {
      this.log.error({ err, instrument: row.instrumentCode }, 'instrument ledger: entry not written');
      return undefined;
    });
    this.chain = id;
    return id;
  }

  /**
   * Sets a message's outcome once its entry is written. It waits for the entry's id outside the write chain (the
   * insert may still be queued behind it), then joins the chain, so an outcome never overtakes its entry.
   */
  complete(id: Promise<string | undefined>, outcome: { outcome: string; detail?: string; summary?: string; events?: LinkEvent[] }): Promise<void> {
    const done = id
      .then((resolved) => {
        if (!resolved) return undefined;
        const update = this.chain.then(() => completeMessage(this.db, resolved, outcome));
        this.chain = update.catch(() => undefined);
        return update;
      })
      .catch((err: unknown) => this.log.error({ err }, 'instrument ledger: outcome not written'))
      .finally(() => this.outstanding.delete(done));
    this.outstanding.add(done);
    return done;
  }

  /** Resolves once everything queued so far is written (tests, shutdown). */
  async drained(): Promise<void> {
    while (this.outstanding.size) await Promise.all([...this.outstanding]);
    await this.chain;
  }
}
