import type { InstrumentChannel } from '../../contracts/instruments.ts';

/** A numeric result as analyzers write it, optionally censored: `5.6`, `<0.10`, `>= 500`, `1.2E3`. */
const NUMERIC = /^(<=|>=|<|>|≤|≥)?\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)$/;

/**
 * Applies a channel's conversion to a value: numbers (censored ones too) are multiplied by `factor` and rounded
 * to `decimals`; text (阴性, +, 1:40) passes unchanged. Rounding works on the decimal text, not on binary floats,
 * so 2.675 with 2 decimals gives 2.68 as a lab expects.
 */
export function convertValue(raw: string, channel: Pick<InstrumentChannel, 'factor' | 'decimals'> | undefined): string {
  const text = raw.trim();
  const m = NUMERIC.exec(text);
  if (!m || !channel || (channel.factor === undefined && channel.decimals === undefined)) return text;
  const comparator = m[1] ?? '';
  let n = Number(m[2]);
  if (channel.factor !== undefined) n = Number((n * channel.factor).toPrecision(12));
  const body = channel.decimals === undefined ? String(n) : roundHalfUp(n, channel.decimals);
  return `${comparator}${body}`;
}

function roundHalfUp(n: number, decimals: number): string {
  // toPrecision(15) removes binary noise (2.675 → 2.67499999… otherwise) before the decimal rounding.
  const scaled = Number(`${Number(Math.abs(n).toPrecision(15))}e${decimals}`);
  const rounded = Number(`${Math.round(scaled)}e-${decimals}`);
  return `${n < 0 && rounded !== 0 ? '-' : ''}${rounded.toFixed(decimals)}`;
}

/** Whether a value is a plain finite number (QC points take only those). */
export function numericValue(value: string): number | undefined {
  const m = NUMERIC.exec(value.trim());
  return m && !m[1] ? Number(m[2]) : undefined;
}

/** Looks channels up by the analyzer's code; built once per configuration. */
export class ChannelMap {
  private readonly byChannel = new Map<string, InstrumentChannel>();
  private readonly byTest = new Map<string, InstrumentChannel>();

  constructor(channels: InstrumentChannel[]) {
    for (const c of channels) {
      this.byChannel.set(c.channel, c);
      if (!this.byTest.has(c.test)) this.byTest.set(c.test, c);
    }
  }

  /** The first of the candidate codes that is mapped (analyzers put the channel in OBX-3.1 or OBX-3.2). */
  lookup(...candidates: (string | undefined)[]): InstrumentChannel | undefined {
    for (const code of candidates) {
      const found = code ? this.byChannel.get(code.trim()) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** The channel an analyzer runs a test on (worklists), or undefined when this instrument does not run it. */
  channelFor(test: string): InstrumentChannel | undefined {
    return this.byTest.get(test);
  }
}
