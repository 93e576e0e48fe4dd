/** Timer functions, injectable so tests drive time by hand instead of waiting. */
export interface Scheduler {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** `undefined` means "remove the setting". */
export type SettingWrite = (key: string, value: unknown) => Promise<void>;

/**
 * Coalesces setting changes per key: a column dragged five times in a second is saved once, with its last
 * order. Writes of different keys are independent; a failed write is reported and not retried (the value stays
 * in memory for this session and the next change tries again).
 */
export class DebouncedSettingWriter {
  private pending = new Map<string, { value: unknown; timer: unknown }>();

  constructor(
    private readonly write: SettingWrite,
    private readonly delayMs: number,
    private readonly onError: (key: string, err: unknown) => void = () => undefined,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  schedule(key: string, value: unknown): void {
    const previous = this.pending.get(key);
    if (previous) this.scheduler.clear(previous.timer);
    const timer = this.scheduler.set(() => void this.writeNow(key), this.delayMs);
    this.pending.set(key, { value, timer });
  }

  /** Writes everything still pending now (e.g. before signing out). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((key) => this.writeNow(key)));
  }

  /** Takes the pending changes without writing them (the page is going away: the caller sends them with keepalive). */
  drain(): [string, unknown][] {
    const out: [string, unknown][] = [];
    for (const [key, { value, timer }] of this.pending) {
      this.scheduler.clear(timer);
      out.push([key, value]);
    }
    this.pending.clear();
    return out;
  }

  get size(): number {
    return this.pending.size;
  }

  private async writeNow(key: string): Promise<void> {
    const entry = this.pending.get(key);
    if (!entry) return;
    this.scheduler.clear(entry.timer);
    this.pending.delete(key);
    try {
      await this.write(key, entry.value);
    } catch (err) {
      this.onError(key, err);
    }
  }
}

/** The server's key rule (`PUT /api/me/settings/:key`); a key outside it is a programming error. */
export const SETTING_KEY = /^[a-z0-9][a-z0-9._:-]{0,127}$/;

/** Settings are JSON: compare by content so re-setting the same value writes nothing. */
export const sameJson = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);
