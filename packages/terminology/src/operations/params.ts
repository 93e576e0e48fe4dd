import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { badRequest } from '@medunion/kernel';

/** A Coding given as a token (`system|code`, the GET form of a Coding parameter). */
export interface TokenCoding {
  system?: string;
  code: string;
}

/** Typed access to operation input pairs; every problem is a 400 naming the parameter. */
export class OperationParams {
  constructor(private readonly pairs: [string, string][]) {}

  one(name: string): string | undefined {
    const values = this.pairs.filter(([k]) => k === name).map(([, v]) => v);
    if (values.length > 1) throw badRequest(`Parameter "${name}" may be given only once`, name);
    const value = values[0]?.trim();
    return value === '' ? undefined : value;
  }

  required(name: string, why = ''): string {
    const value = this.one(name);
    if (value === undefined) throw badRequest(`Parameter "${name}" is required${why ? ` ${why}` : ''}`, name);
    return value;
  }

  int(name: string, fallback: number, max: number): number {
    const raw = this.one(name);
    if (raw === undefined) return fallback;
    if (!/^\d{1,9}$/.test(raw)) throw badRequest(`Parameter "${name}" must be a non-negative integer`, name);
    return Math.min(Number(raw), max);
  }

  bool(name: string): boolean | undefined {
    const raw = this.one(name);
    if (raw === undefined) return undefined;
    if (raw !== 'true' && raw !== 'false') throw badRequest(`Parameter "${name}" must be true or false`, name);
    return raw === 'true';
  }

  /** A Coding as `system|code` (or a bare code). */
  coding(name: string): TokenCoding | undefined {
    const raw = this.one(name);
    if (raw === undefined) return undefined;
    const bar = raw.lastIndexOf('|');
    const coding = bar < 0 ? { code: raw } : { system: raw.slice(0, bar) || undefined, code: raw.slice(bar + 1) };
    if (!coding.code) throw badRequest(`Parameter "${name}" must be system|code`, name);
    return coding;
  }

  /**
   * The concept an operation is about: `code` (+ `system`) or a `coding` parameter, with the names the operation
   * uses (`code`/`system`/`coding`, or `codeA`/`codingA`…). `system` is required unless `systemFallback` supplies it.
   */
  concept(names: { code: string; system: string; coding: string }, systemFallback?: string): { system: string; code: string } {
    const coding = this.coding(names.coding);
    const code = this.one(names.code);
    if (coding && code) throw badRequest(`Give either "${names.code}" or "${names.coding}", not both`, names.code);
    const system = coding?.system ?? this.one(names.system) ?? systemFallback;
    const value = coding?.code ?? code;
    if (!value) throw badRequest(`Parameter "${names.code}" (or "${names.coding}") is required`, names.code);
    if (!system) throw badRequest(`Parameter "${names.system}" is required with "${names.code}"`, names.system);
    return { system, code: value };
  }
}

/** Builds an output Parameters resource, skipping undefined values. */
export function outputParameters(parameter: (ParametersParameter | undefined)[]): Parameters {
  return { resourceType: 'Parameters', parameter: parameter.filter((p): p is ParametersParameter => p !== undefined) };
}
